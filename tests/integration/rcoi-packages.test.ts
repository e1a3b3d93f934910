import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestEnvelopeSchema, packageManifestSchema } from '../../main/packages/package-format';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import type { PackageSpec } from '../rcoi-server/package-builder';
import type { PackageListEntry } from '../rcoi-server/package-store';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';

// The reference RCOI publishing internet packages and serving them over plain, resumable GETs.

const spec: PackageSpec = {
  regionCode: '42',
  ppeCode: '0412',
  exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' },
  rooms: [{ auditoriumCode: '0101', kits: 7 }],
  reserveKits: 2,
  bytesPerKit: 40 * 1024,
};

let dir: string;
let dbFile: string;
let server: RcoiServer;
let packageId: string;

const packageDir = (id: string) => join(`${dbFile}.blobs`, 'packages', id);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Whether the body ended short of Content-Length (the connection was cut). */
  aborted: boolean;
}

/** node:http, not fetch: the path goes out exactly as written (no dot-segment normalisation) and a cut is visible. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(server.url);
    // `path` as an option is sent verbatim; a URL string would be normalised first.
    const req = request({ hostname, port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), aborted: aborted || !res.complete }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (reply: RawReply): unknown => JSON.parse(reply.body.toString('utf8'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rcoi-packages-'));
  dbFile = join(dir, 'rcoi.sqlite');
  server = await startRcoiServer({ dbFile, port: 0, signingKey: loadDemoSigningKey() });
  packageId = server.publishPackage(spec).packageId;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('publishing', () => {
  it('builds the package into the blob folder and records it', () => {
    const { packageId: id, manifest } = server.publishPackage({ ...spec, exam: { ...spec.exam, subjectCode: 2 } });
    expect(manifest.packageId).toBe(id);
    expect(manifest.files.map((f) => f.path)).toEqual(['packs/0001.bin', 'packs/0002.bin']);
    for (const f of manifest.files) expect(sha256(readFileSync(join(packageDir(id), 'packs', f.path.slice(6))))).toBe(f.sha256);
    const row = server.db.prepare('SELECT region_code, ppe_code, exam_date, subject_code, form, total_bytes FROM published_packages WHERE package_id = ?').get(id);
    expect(row).toEqual({
      region_code: '42', ppe_code: '0412', exam_date: '2026-06-03', subject_code: 2, form: 'EGE',
      total_bytes: manifest.files.reduce((n, f) => n + f.size, 0),
    });
  });

  it('publishes over POST /admin/packages (loopback, JSON) and refuses a bad spec', async () => {
    const headers = { 'Content-Type': 'application/json' };
    const ok = await get('/admin/packages', headers, 'POST', JSON.stringify({ ...spec, ppeCode: '0999' }));
    expect(ok.status).toBe(201);
    const body = json(ok) as { packageId: string; manifest: unknown };
    expect(packageManifestSchema.parse(body.manifest).packageId).toBe(body.packageId);
    expect((await get('/admin/packages', headers, 'POST', JSON.stringify({ ...spec, ppeCode: '12' }))).status).toBe(400);
    expect((await get('/admin/packages', { ...headers, Host: 'evil.example' }, 'POST', JSON.stringify(spec))).status).toBe(403);
    expect((await get('/admin/packages', {}, 'POST', JSON.stringify(spec))).status).toBe(415);
    expect(() => server.publishPackage({ ...spec, bytesPerKit: 0 })).toThrow();
  });
});

describe('serving', () => {
  it('lists a PPE’s packages', async () => {
    const reply = await get('/api/v1/ppe/42/0412/packages');
    expect(reply.status).toBe(200);
    const { packages } = json(reply) as { packages: PackageListEntry[] };
    const mine = packages.find((p) => p.packageId === packageId);
    expect(mine).toEqual({ packageId, examDate: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main', size: expect.any(Number), files: 2 });
    expect((json(await get('/api/v1/ppe/42/0001/packages')) as { packages: [] }).packages).toEqual([]);
    expect((await get('/api/v1/ppe/4/0412/packages')).status).toBe(400);
  });

  it('serves the manifest file bytes as JSON', async () => {
    const reply = await get(`/api/v1/packages/${packageId}/manifest.json`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.body.equals(readFileSync(join(packageDir(packageId), 'manifest.json')))).toBe(true);
    const envelope = manifestEnvelopeSchema.parse(json(reply));
    expect(packageManifestSchema.parse(JSON.parse(Buffer.from(envelope.manifest, 'base64').toString('utf8'))).packageId).toBe(packageId);
  });

  it('serves a whole file byte-identical, with length, ETag and Accept-Ranges', async () => {
    const onDisk = readFileSync(join(packageDir(packageId), 'packs', '0001.bin'));
    const reply = await get(`/api/v1/packages/${packageId}/files/packs/0001.bin`);
    expect(reply.status).toBe(200);
    expect(reply.body.equals(onDisk)).toBe(true);
    expect(reply.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-length': String(onDisk.length),
      'accept-ranges': 'bytes',
      etag: `"${sha256(onDisk)}"`,
    });
    // The manifest's path may arrive percent-encoded: it is a lookup key, compared after decoding.
    expect((await get(`/api/v1/packages/${packageId}/files/packs%2F0001.bin`)).body.equals(onDisk)).toBe(true);
  });

  it('resumes with Range: the rest, or a middle slice; 416 past the end', async () => {
    const onDisk = readFileSync(join(packageDir(packageId), 'packs', '0002.bin'));
    const url = `/api/v1/packages/${packageId}/files/packs/0002.bin`;
    const n = 1000;
    const rest = await get(url, { Range: `bytes=${n}-` });
    expect(rest.status).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes ${n}-${onDisk.length - 1}/${onDisk.length}`);
    expect(rest.headers['content-length']).toBe(String(onDisk.length - n));
    expect(rest.body.equals(onDisk.subarray(n))).toBe(true);

    const slice = await get(url, { Range: 'bytes=10-19' });
    expect(slice.status).toBe(206);
    expect(slice.body.equals(onDisk.subarray(10, 20))).toBe(true);
    expect((await get(url, { Range: `bytes=${onDisk.length - 5}-${onDisk.length + 100}` })).body.equals(onDisk.subarray(-5))).toBe(true);

    const beyond = await get(url, { Range: `bytes=${onDisk.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${onDisk.length}`);
    expect((await get(url, { Range: 'bytes=20-10' })).status).toBe(416);
  });

  it('answers 404 JSON for an unknown package or file', async () => {
    const unknown = await get('/api/v1/packages/00000000-0000-4000-8000-000000000000/manifest.json');
    expect(unknown.status).toBe(404);
    expect(json(unknown)).toMatchObject({ error: 'no_package' });
    expect((await get('/api/v1/packages/00000000-0000-4000-8000-000000000000/files/packs/0001.bin')).status).toBe(404);
    expect((await get('/api/v1/packages/not-a-uuid/manifest.json')).status).toBe(404);
    const noFile = await get(`/api/v1/packages/${packageId}/files/packs/0099.bin`);
    expect(noFile.status).toBe(404);
    expect(json(noFile)).toMatchObject({ error: 'no_file' });
  });

  it('serves only paths the manifest lists, never one built from the URL', async () => {
    const base = `/api/v1/packages/${packageId}/files/`;
    for (const path of [
      '../manifest.json',
      'manifest.json',
      'packs/../manifest.json',
      'packs%2F..%2F..%2Fx',
      '..%2F..%2F..%2Frcoi.sqlite',
      '%2E%2E/manifest.json',
      'packs/./0001.bin',
      'PACKS/0001.BIN',
      '',
    ]) {
      const reply = await get(`${base}${path}`);
      expect({ path, status: reply.status }).toEqual({ path, status: 404 });
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
    }
    expect((await get(`${base}%E0%A4%A`)).status).toBe(400);
    expect((await get(`${base}packs/0001.bin`, {}, 'DELETE')).status).toBe(405);
  });
});

describe('faults and restart', () => {
  it('dropMidFile cuts a file body about halfway once, then serves it whole', async () => {
    const onDisk = readFileSync(join(packageDir(packageId), 'packs', '0001.bin'));
    const url = `/api/v1/packages/${packageId}/files/packs/0001.bin`;
    server.setFaults({ dropMidFile: 1 });
    const cut = await get(url);
    expect(cut.aborted).toBe(true);
    expect(cut.headers['content-length']).toBe(String(onDisk.length));
    expect(cut.body.length).toBe(Math.floor(onDisk.length / 2));
    expect(cut.body.equals(onDisk.subarray(0, cut.body.length))).toBe(true);
    expect(server.stats().faultsFired.dropMidFile).toBe(1);
    expect(server.getFaults().dropMidFile).toBe(0);

    // Resume where the cut left off.
    const rest = await get(url, { Range: `bytes=${cut.body.length}-` });
    expect(rest.status).toBe(206);
    expect(Buffer.concat([cut.body, rest.body]).equals(onDisk)).toBe(true);
    const whole = await get(url);
    expect(whole.aborted).toBe(false);
    expect(whole.body.equals(onDisk)).toBe(true);
  });

  it('dropMidFile is settable over POST /admin/faults', async () => {
    const set = await get('/admin/faults', { 'Content-Type': 'application/json' }, 'POST', JSON.stringify({ dropMidFile: 2 }));
    expect(json(set)).toMatchObject({ dropMidFile: 2 });
    server.setFaults({ dropMidFile: 0 });
  });

  it('keeps its packages across a restart', async () => {
    const before = json(await get('/api/v1/ppe/42/0412/packages'));
    await server.restart();
    expect(json(await get('/api/v1/ppe/42/0412/packages'))).toEqual(before);
    const onDisk = readFileSync(join(packageDir(packageId), 'packs', '0002.bin'));
    expect((await get(`/api/v1/packages/${packageId}/files/packs/0002.bin`)).body.equals(onDisk)).toBe(true);
    expect(server.db.pragma('user_version', { simple: true })).toBe(3);

    // A new server on the same files (as a new process would be) serves them too.
    await server.close();
    server = await startRcoiServer({ dbFile, port: 0, signingKey: loadDemoSigningKey() });
    expect(json(await get('/api/v1/ppe/42/0412/packages'))).toEqual(before);
    expect((await get(`/api/v1/packages/${packageId}/manifest.json`)).status).toBe(200);
  });
});
