import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEnvelopeSchema, bundlePayloadSchema, type BundlePayload } from '../../main/bundles/bundle-format';
import { ManualClock } from '../../main/kernel/clock';
import type { DemoDataset } from '../../main/demo/demo-dataset';
import { bundleIdFor, bundleMetaOf } from '../rcoi-server/bundle-key';
import { generateSigningKey, keyIdOf, loadDemoSigningKey, signBundle } from '../rcoi-server/bundle-signer';
import type { BundleListEntry } from '../rcoi-server/bundle-store';
import { addDays, buildDemoBundles, loadDemoDataset, localDateIn } from '../rcoi-server/demo-bundles';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';

const TODAY = '2025-06-10';
const CLOCK_START = new Date('2025-06-09T23:30:00.000Z');

let dir: string;
let dbFile: string;
let dataset: DemoDataset;
let signingKey: KeyObject;
let demoPublicKey: KeyObject;
let clock: ManualClock;
let server: RcoiServer;

async function start(): Promise<RcoiServer> {
  return startRcoiServer({ dbFile, port: 0, host: '127.0.0.1', signingKey, clock });
}

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as T };
}

async function listBundles(): Promise<BundleListEntry[]> {
  const { status, body } = await getJson<{ bundles: BundleListEntry[] }>('/api/v1/ppe/42/0412/bundles');
  expect(status).toBe(200);
  return body.bundles;
}

async function download(bundleId: string): Promise<{ res: Response; bytes: Buffer }> {
  const res = await fetch(`${server.url}/api/v1/bundles/${bundleId}`);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Checks the envelope's signature the way the PPE must: over the decoded payload bytes, with the pinned key. */
function verifiedPayload(fileBytes: Buffer, publicKey: KeyObject): unknown {
  const envelope = bundleEnvelopeSchema.parse(JSON.parse(fileBytes.toString('utf8')));
  const payloadBytes = Buffer.from(envelope.payload, 'base64');
  const signature = envelope.signature!;
  expect(signature.keyId).toBe(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex'));
  expect(verify(null, payloadBytes, publicKey, Buffer.from(signature.value, 'base64'))).toBe(true);
  return JSON.parse(payloadBytes.toString('utf8'));
}

function postPublish(body: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  // node:http rather than fetch: fetch would not let the test forge the Host header.
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/admin/publish`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rcoi-server-test-'));
  dbFile = join(dir, 'rcoi.sqlite');
  dataset = loadDemoDataset();
  signingKey = loadDemoSigningKey();
  // The key the PPE trusts is the one pinned in the demo data set, not the server's fixture.
  demoPublicKey = createPublicKey({ key: Buffer.from(dataset.rcoiPublicKey, 'base64'), format: 'der', type: 'spki' });
  clock = new ManualClock(CLOCK_START);
  server = await start();
  for (const payload of buildDemoBundles(dataset, { today: TODAY, issuedAt: CLOCK_START })) server.publish(payload);
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reference RCOI server', () => {
  it('tells the time from its clock', async () => {
    clock.set(new Date('2025-06-10T01:02:03.000Z'));
    expect(await getJson('/api/v1/time')).toEqual({ status: 200, body: { now: '2025-06-10T01:02:03.000Z' } });
  });

  it('lists one bundle per demo exam, dated from "today"', async () => {
    const bundles = await listBundles();
    expect(bundles).toHaveLength(dataset.exams.length);
    const expected = dataset.exams
      .map((e) => ({ examDate: addDays(TODAY, e.dayOffset), subjectCode: e.subjectCode, form: e.form, version: 1 }))
      .sort((a, b) => a.examDate.localeCompare(b.examDate));
    expect(bundles.map(({ examDate, subjectCode, form, version }) => ({ examDate, subjectCode, form, version }))).toEqual(expected);
  });

  it('serves the exact listed bytes, signed with the key pinned in the demo PPE, with valid payloads', async () => {
    for (const entry of await listBundles()) {
      const { res, bytes } = await download(entry.bundleId);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('etag')).toBe(`"${entry.sha256}"`);
      expect(bytes.length).toBe(entry.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);

      const payload = bundlePayloadSchema.parse(verifiedPayload(bytes, demoPublicKey));
      expect(payload.bundleId).toBe(entry.bundleId);
      expect(payload).toMatchObject({ regionCode: '42', ppeCode: '0412', version: 1, issuedAt: CLOCK_START.toISOString() });
      const exam = dataset.exams.find((e) => addDays(TODAY, e.dayOffset) === payload.exam.date && e.subjectCode === payload.exam.subjectCode)!;
      expect(payload.participants).toHaveLength(exam.seating.length);
      expect(payload.staff).toHaveLength(exam.staffAssignments.length);
      expect(new Set(payload.participants.map((p) => p.id)).size).toBe(payload.participants.length);
      const rooms = new Set(dataset.auditoriums.map((a) => a.code));
      expect(payload.participants.every((p) => rooms.has(p.auditoriumCode))).toBe(true);
    }
  });

  it('answers a repeated download with 304 when the ETag matches', async () => {
    const [entry] = await listBundles();
    const res = await fetch(`${server.url}/api/v1/bundles/${entry!.bundleId}`, { headers: { 'If-None-Match': `"${entry!.sha256}"` } });
    expect(res.status).toBe(304);
  });

  it('lists only the newest version after a newer one is published', async () => {
    const before = await listBundles();
    const old = before[1]!;
    const { bytes } = await download(old.bundleId);
    const v1 = bundlePayloadSchema.parse(verifiedPayload(bytes, demoPublicKey));
    const v2: BundlePayload = {
      ...v1,
      version: 2,
      bundleId: bundleIdFor({ ...bundleMetaOf(v1), version: 2 }),
      participants: v1.participants.slice(1),
    };
    const published = await postPublish(JSON.stringify(v2), { 'Content-Type': 'application/json' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ bundleId: v2.bundleId, version: 2, examDate: old.examDate });

    const after = await listBundles();
    expect(after).toHaveLength(before.length);
    expect(after[1]).toMatchObject({ bundleId: v2.bundleId, version: 2 });
    expect(after.filter((b) => b.bundleId !== v2.bundleId)).toEqual(before.filter((b) => b.bundleId !== old.bundleId));
    const fresh = bundlePayloadSchema.parse(verifiedPayload((await download(v2.bundleId)).bytes, demoPublicKey));
    expect(fresh.participants).toHaveLength(v1.participants.length - 1);
    // The superseded version stays downloadable by id: a PPE that already holds it can still re-check it.
    expect((await download(old.bundleId)).res.status).toBe(200);

    expect((await postPublish(JSON.stringify(v2), { 'Content-Type': 'application/json' })).status).toBe(409);
  });

  it('refuses admin calls that are malformed or not from loopback', async () => {
    const payload = buildDemoBundles(dataset, { today: '2025-07-01' })[0]!;
    const json = { 'Content-Type': 'application/json' };
    expect((await postPublish('{}', json)).status).toBe(400);
    expect((await postPublish('not json', json)).status).toBe(400);
    expect((await postPublish(JSON.stringify(payload), { ...json, Host: 'rcoi.example.org' })).status).toBe(403);
    expect((await postPublish(JSON.stringify(payload), { ...json, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await postPublish(JSON.stringify(payload), { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect(server.store.has(payload.bundleId)).toBe(false);
  });

  it('answers unknown things with 404 JSON', async () => {
    for (const path of ['/api/v1/bundles/00000000-0000-4000-8000-000000000000', '/api/v1/nothing', '/', '/admin']) {
      const { status, body } = await getJson<{ error: string }>(path);
      expect(status).toBe(404);
      expect(body.error).toEqual(expect.any(String));
    }
    expect(await getJson('/api/v1/ppe/42/9999/bundles')).toEqual({ status: 200, body: { bundles: [] } });
  });

  it('serves a stored file as is, so a bundle signed by a foreign key fails the PPE check', async () => {
    const payload = buildDemoBundles(dataset, { today: '2025-08-01' })[0]!;
    const text = signBundle(payload, generateSigningKey());
    server.publishFile(text, bundleMetaOf(payload));
    const { bytes } = await download(payload.bundleId);
    expect(bytes.toString('utf8')).toBe(text);
    const envelope = bundleEnvelopeSchema.parse(JSON.parse(text));
    expect(envelope.signature!.keyId).not.toBe(keyIdOf(demoPublicKey));
    expect(verify(null, Buffer.from(envelope.payload, 'base64'), demoPublicKey, Buffer.from(envelope.signature!.value, 'base64'))).toBe(false);
  });

  it('keeps published bundles across a restart on the same database file', async () => {
    const before = await listBundles();
    const files = await Promise.all(before.map(async (b) => (await download(b.bundleId)).bytes));
    await server.close();
    server = await start();
    expect(await listBundles()).toEqual(before);
    for (const [i, b] of before.entries()) expect((await download(b.bundleId)).bytes.equals(files[i]!)).toBe(true);
  });
});

describe('demo bundle ids and dates', () => {
  it('derives stable UUID-shaped ids that differ by version', () => {
    const key = { regionCode: '42', ppeCode: '0412', examDate: TODAY, subjectCode: 1, form: 'EGE' as const, version: 1 };
    expect(bundleIdFor(key)).toBe(bundleIdFor({ ...key }));
    expect(bundleIdFor(key)).not.toBe(bundleIdFor({ ...key, version: 2 }));
    expect(bundlePayloadSchema.shape.bundleId.safeParse(bundleIdFor(key)).success).toBe(true);
  });

  it('computes the PPE-local date and adds calendar days across month ends', () => {
    // 18:00 UTC on 31 Dec is already 1 Jan in Kemerovo (UTC+7).
    expect(localDateIn('Asia/Novokuznetsk', new Date('2025-12-31T18:00:00Z'))).toBe('2026-01-01');
    expect(addDays('2025-02-27', 2)).toBe('2025-03-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(() => addDays('2025-02-30', 0)).toThrow(RangeError);
  });
});
