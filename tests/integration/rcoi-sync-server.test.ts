import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/kernel/clock';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { buildDemoBundles, loadDemoDataset } from '../rcoi-server/demo-bundles';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { blobFolderFor } from '../rcoi-server/sync-services';
import { sha256, TestStation } from '../rcoi-server/test-station';

// The RCOI side of the sync protocol (main/sync/PROTOCOL.md) on a real server on loopback, called with real
// fetch and real Ed25519 signatures from main/sync/request-signing.ts. The server's clock is a ManualClock started
// at the real time, and the stations sign with it, so freshness can be tested by moving either.

const KiB = 1024;
const CHUNK = 64 * KiB;

let dir: string;
let dbFile: string;
let clock: ManualClock;
let server: RcoiServer;
let station: TestStation;

function newStation(): TestStation {
  return new TestStation(server.url, () => clock.now());
}

async function enrolled(): Promise<TestStation> {
  const s = newStation();
  const code = server.createEnrolmentCode('42', '0412').code;
  expect((await s.enrol(code)).status).toBe(200);
  return s;
}

function item(payload: unknown, stream = 'acts') {
  return { kind: 'act', schemaVersion: 1, stream, payload };
}

function held(id: string) {
  return server.items().find((i) => i.id === id);
}

/** Bytes of a test "packet" and their chunks. */
function packet(size: number, chunkSize = CHUNK) {
  const bytes = randomBytes(size);
  const chunks = Array.from({ length: Math.max(1, Math.ceil(size / chunkSize)) }, (_, i) => bytes.subarray(i * chunkSize, (i + 1) * chunkSize));
  const itemId = randomUUID();
  const declaration = { itemId, kind: 'packet', schemaVersion: 1, stream: 'packets', size, sha256: sha256(bytes), chunkSize };
  return { itemId, bytes, chunks, declaration };
}

/** The files of uploads in progress: one per open upload, chunks written at their offsets. */
function uploadFiles(): string[] {
  return readdirSync(join(blobFolderFor(dbFile), 'uploads'));
}

function adminPost(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rcoi-sync-server-'));
  dbFile = join(dir, 'rcoi.sqlite');
  clock = new ManualClock(new Date());
  server = await startRcoiServer({ dbFile, port: 0, signingKey: loadDemoSigningKey(), clock });
  station = await enrolled();
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('enrolment and server time', () => {
  it('enrols with a good code once; the same key asking again gets the same id; another key is refused', async () => {
    const code = server.createEnrolmentCode('42', '0412').code;
    const first = newStation();
    const ok = await first.enrol(code);
    expect(ok).toMatchObject({ status: 200, body: { stationId: expect.any(String) } });
    // The answer was lost and the station asks again with the same key: same station, no second one.
    expect((await first.enrol(code)).body).toEqual(ok.body);
    expect(await newStation().enrol(code)).toEqual({ status: 403, body: expect.objectContaining({ error: 'bad_code' }) });
    expect((await newStation().enrol('NO-SUCH-CODE')).body).toMatchObject({ error: 'bad_code' });
    // A code is for one PPE only.
    const other = server.createEnrolmentCode('42', '0413').code;
    expect((await newStation().enrol(other)).status).toBe(403);
    expect(server.createEnrolmentCode('42', '0412', code).usedByStation).toBe(ok.body.stationId);
  });

  it('refuses a public key that is not Ed25519 SPKI', async () => {
    const res = await fetch(`${server.url}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ regionCode: '42', ppeCode: '0412', stationNumber: '2', enrolmentCode: server.createEnrolmentCode('42', '0412').code, publicKey: 'AAAA' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'bad_request' });
  });

  it('lets any number of stations enrol with a reusable (demo) code', async () => {
    const code = server.createEnrolmentCode('42', '0412', `REUSE-${randomUUID()}`, { reusable: true }).code;
    const [a, b] = [newStation(), newStation()];
    expect((await a.enrol(code)).status).toBe(200);
    expect((await b.enrol(code)).status).toBe(200);
    expect(a.stationId).not.toBe(b.stationId);
  });

  it('answers GET /api/v1/time unsigned, and every answer carries the server clock in Date', async () => {
    clock.set(new Date('2026-06-01T01:00:00.000Z'));
    const res = await fetch(`${server.url}/api/v1/time`);
    expect(await res.json()).toEqual({ now: '2026-06-01T01:00:00.000Z' });
    expect(res.headers.get('date')).toBe('Mon, 01 Jun 2026 01:00:00 GMT');
    expect((await station.feed(0)).headers.get('date')).toBe('Mon, 01 Jun 2026 01:00:00 GMT');
    clock.set(new Date());
  });
});

describe('small items', () => {
  it('stores an item once: the same again is a duplicate, the same id with other content a conflict', async () => {
    const id = randomUUID();
    const payload = { act: 'start', auditorium: '0101', at: '2026-06-01T05:00:00.000Z' };
    const first = await station.putItem(id, item(payload));
    expect(first).toMatchObject({ status: 200, body: { status: 'stored', sha256: sha256(JSON.stringify(payload)) } });
    expect((await station.putItem(id, item(payload))).body).toEqual({ status: 'duplicate', sha256: sha256(JSON.stringify(payload)) });
    expect(await station.putItem(id, item({ ...payload, auditorium: '0102' }))).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(await station.putItem(id, { ...item(payload), kind: 'status' })).toMatchObject({ status: 409 });
    expect(held(id)).toMatchObject({ kind: 'act', stream: 'acts', copies: 1, duplicateDeliveries: 1, large: false });
    expect(JSON.parse((server.itemBytes(id) as Buffer).toString('utf8'))).toEqual(payload);
  });

  it('refuses malformed items and item ids with 400', async () => {
    expect((await station.putItem(randomUUID(), { kind: '', schemaVersion: 1, stream: 's', payload: 1 })).body).toMatchObject({ error: 'bad_request' });
    expect((await station.call('PUT', `/api/v1/items/${randomUUID()}`, { body: '{"kind":"act"' })).body).toMatchObject({ error: 'bad_request' });
    expect((await station.putItem('not-a-uuid', item(1))).status).toBe(400);
  });

  it('takes a payload of up to 1 MiB of JSON, refuses a larger one with 413', async () => {
    const largest = 'x'.repeat(1024 * 1024 - 2); // with its quotes, exactly 1 MiB of JSON
    expect((await station.putItem(randomUUID(), item(largest))).body).toMatchObject({ status: 'stored' });
    const res = await station.putItem(randomUUID(), item(`${largest}x`));
    expect(res).toMatchObject({ status: 413, body: { error: 'too_large' } });
    expect((await station.putItem(randomUUID(), item('x'.repeat(2 * 1024 * 1024)))).status).toBe(413);
  });
});

describe('signed requests', () => {
  it('refuses unsigned, altered, forged, replayed and stale requests with 401 and no effect', async () => {
    const before = server.items().length;
    const put = (id: string, options = {}) => station.putItem(id, item({ n: 1 }), options);
    const refusedAs = async (promise: Promise<{ status: number; body: Record<string, unknown> }>, error: string) => {
      const res = await promise;
      expect(res.status, error).toBe(401);
      expect(res.body.error).toBe(error);
    };
    await refusedAs(put(randomUUID(), { unsigned: true }), 'unknown_station');
    const stranger = newStation();
    stranger.stationId = randomUUID();
    await refusedAs(stranger.putItem(randomUUID(), item(1)), 'unknown_station');
    await refusedAs(put(randomUUID(), { sentBody: JSON.stringify(item({ n: 2 })) }), 'bad_body_hash');
    await refusedAs(put(randomUUID(), { key: newStation().privateKey }), 'bad_signature');
    await refusedAs(put(randomUUID(), { signedPath: `/api/v1/items/${randomUUID()}` }), 'bad_signature');
    await refusedAs(put(randomUUID(), { auth: { ...(await station.feed(0)).auth } }), 'bad_signature');
    await refusedAs(put(randomUUID(), { at: new Date(clock.now().getTime() - 11 * 60_000) }), 'stale_timestamp');
    await refusedAs(put(randomUUID(), { at: new Date(clock.now().getTime() + 11 * 60_000) }), 'stale_timestamp');
    expect(server.items()).toHaveLength(before);

    // Within 10 minutes either way is fine.
    expect((await put(randomUUID(), { at: new Date(clock.now().getTime() - 9 * 60_000) })).status).toBe(200);
    // A replay of an accepted request, byte for byte, is refused even though the item is idempotent anyway.
    const id = randomUUID();
    const accepted = await put(id);
    expect(accepted.status).toBe(200);
    await refusedAs(put(id, { auth: accepted.auth }), 'replayed');
    expect(held(id)?.duplicateDeliveries).toBe(0);
    expect(server.stats().refused).toMatchObject({ unknown_station: 2, bad_body_hash: 1, bad_signature: 3, stale_timestamp: 2, replayed: 1 });
  });

  it('forgets nonces after 20 minutes, when their timestamps are stale anyway', async () => {
    const accepted = await station.feed(0);
    expect(accepted.status).toBe(200);
    const nonces = server.stats().nonces;
    clock.advance(21 * 60_000);
    try {
      // The purge runs on the next accepted request.
      expect((await station.feed(0)).status).toBe(200);
      expect(server.stats().nonces).toBeLessThan(nonces);
      expect((await station.call('GET', '/api/v1/feed?after=0', { auth: accepted.auth })).body.error).toBe('stale_timestamp');
    } finally {
      clock.advance(-21 * 60_000);
    }
  });
});

describe('large items in chunks', () => {
  it('resumes from the chunks held, refuses a damaged chunk, commits only a complete file with its hash', async () => {
    const p = packet(3 * CHUNK + 1000);
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [], status: 'open' });
    expect((await station.putChunk(p.itemId, 0, p.chunks[0]!)).body).toEqual({ received: 1 });
    expect((await station.putChunk(p.itemId, 2, p.chunks[2]!)).body).toEqual({ received: 2 });
    // Opening again (after a restart of the client, say) says where to resume.
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [0, 2], status: 'open' });

    // Bytes damaged on the way: signed for the right hash, other bytes arrive. Refused, not kept.
    const damaged = Buffer.from(p.chunks[1]!);
    damaged[100] = damaged[100]! ^ 0xff;
    const refused = await station.putChunk(p.itemId, 1, p.chunks[1]!, { sentBody: damaged });
    expect(refused).toMatchObject({ status: 422, body: { error: 'chunk_hash' } });
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [0, 2], status: 'open' });
    expect(await station.commit(p.itemId)).toMatchObject({ status: 422, body: { error: 'missing_chunks' } });

    // The signed body hash must be the chunk hash itself.
    const mismatch = await station.putChunk(p.itemId, 1, p.chunks[1]!, { signedBodySha256: sha256('other') });
    expect(mismatch).toMatchObject({ status: 401, body: { error: 'bad_body_hash' } });
    // A chunk of the wrong size for its place.
    expect((await station.putChunk(p.itemId, 3, p.chunks[0]!)).body).toMatchObject({ error: 'chunk_size' });

    expect((await station.putChunk(p.itemId, 1, p.chunks[1]!)).body).toEqual({ received: 3 });
    expect((await station.putChunk(p.itemId, 3, p.chunks[3]!)).body).toEqual({ received: 4 });
    // A chunk sent twice is kept once.
    expect((await station.putChunk(p.itemId, 3, p.chunks[3]!)).body).toEqual({ received: 4 });
    expect(await station.commit(p.itemId)).toMatchObject({ status: 200, body: { status: 'stored', sha256: p.declaration.sha256 } });
    expect(await station.commit(p.itemId)).toMatchObject({ status: 200, body: { status: 'duplicate', sha256: p.declaration.sha256 } });
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [0, 1, 2, 3], status: 'stored' });
    expect(await station.openUpload({ ...p.declaration, sha256: sha256('x') })).toMatchObject({ status: 409, body: { error: 'conflict' } });

    expect(held(p.itemId)).toMatchObject({ size: p.bytes.length, sha256: p.declaration.sha256, copies: 1, duplicateDeliveries: 1, large: true });
    const file = server.itemBytes(p.itemId) as string;
    expect(sha256(readFileSync(file))).toBe(p.declaration.sha256);
    // The upload's file became the item's: nothing is left in uploads/.
    expect(existsSync(join(blobFolderFor(dbFile), 'uploads', `${p.itemId}.part`))).toBe(false);
    expect(server.stats().openUploads).toBe(0);
  });

  it('drops the chunks when the whole file does not hash to the declared SHA-256, so the client starts over', async () => {
    const p = packet(2 * CHUNK);
    const lying = { ...p.declaration, sha256: sha256('not these bytes') };
    await station.openUpload(lying);
    await station.putChunk(p.itemId, 0, p.chunks[0]!);
    await station.putChunk(p.itemId, 1, p.chunks[1]!);
    expect(await station.commit(p.itemId)).toMatchObject({ status: 422, body: { error: 'file_hash' } });
    expect(held(p.itemId)).toBeUndefined();
    expect(uploadFiles()).not.toContain(`${p.itemId}.part`);
    expect(await station.commit(p.itemId)).toMatchObject({ status: 404, body: { error: 'no_upload' } });
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [], status: 'open' });
  });

  it('takes an empty file as one empty chunk', async () => {
    const p = packet(0);
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [], status: 'open' });
    expect((await station.putChunk(p.itemId, 0, Buffer.alloc(0))).body).toEqual({ received: 1 });
    expect((await station.commit(p.itemId)).body).toEqual({ status: 'stored', sha256: sha256('') });
  });

  it('keeps another station out of an upload', async () => {
    const p = packet(CHUNK);
    await station.openUpload(p.declaration);
    const other = await enrolled();
    expect((await other.putChunk(p.itemId, 0, p.chunks[0]!)).body).toMatchObject({ error: 'no_upload' });
    expect((await other.openUpload(p.declaration)).body).toMatchObject({ error: 'conflict' });
  });
});

describe('feed', () => {
  it('pages each PPE its own items by cursor; a published bundle arrives with its file', async () => {
    const bundles = buildDemoBundles(loadDemoDataset(), { today: '2026-06-01' }).slice(0, 2);
    for (const b of bundles) server.publish(b);
    const forms = server.publishFeedItem('42', '0412', 'forms-pack', { forms: ['PPE-05-01'] });
    server.publishFeedItem('42', '0999', 'package-notice', { other: 'PPE' });
    const notice = (await adminPost('/admin/feed', { regionCode: '42', ppeCode: '0412', kind: 'package-notice', payload: { pkg: 7 } })).body;

    const page1 = await station.feed(0, 2);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((i) => i.kind)).toEqual(['distribution-bundle', 'distribution-bundle']);
    expect(page1.body.next).toBe(page1.body.items[1]!.cursor);
    const bundleItem = page1.body.items[0]!;
    expect(bundleItem).toMatchObject({ id: bundles[0]!.bundleId, schemaVersion: 1 });
    // The same bytes as the (unsigned) bundle endpoint serves.
    const file = await (await fetch(`${server.url}/api/v1/bundles/${bundles[0]!.bundleId}`)).text();
    expect(bundleItem.payload).toEqual({ file });

    const page2 = await station.feed(page1.body.next);
    expect(page2.body.items.map((i) => [i.id, i.kind])).toEqual([[forms.id, 'forms-pack'], [notice.id, 'package-notice']]);
    expect(page2.body.items[0]!.payload).toEqual({ forms: ['PPE-05-01'] });
    expect(page2.body.items[0]!.cursor).toBeGreaterThan(page1.body.next);
    const end = await station.feed(page2.body.next);
    expect(end.body).toEqual({ items: [], next: page2.body.next });
    expect((await station.feed(0, 500)).body.items).toHaveLength(4);
    expect((await station.call('GET', '/api/v1/feed?after=x')).body).toMatchObject({ error: 'bad_request' });
  });
});

describe('fault switches', () => {
  it('fail500 answers 500 with no effect; the retry is the first delivery', async () => {
    expect((await adminPost('/admin/faults', { fail500: 1 })).body).toMatchObject({ fail500: 1 });
    const id = randomUUID();
    expect(await station.putItem(id, item({ n: 500 }))).toMatchObject({ status: 500, body: { error: 'injected_fault' } });
    expect(held(id)).toBeUndefined();
    expect((await station.putItem(id, item({ n: 500 }))).body).toMatchObject({ status: 'stored' });
    expect(server.stats().faultsFired.fail500).toBe(1);
    expect(server.getFaults().fail500).toBe(0);
  });

  it('duplicateResponse processes a request twice: stored once, the client hears "duplicate"', async () => {
    server.faults.duplicateResponse = 1;
    const id = randomUUID();
    expect((await station.putItem(id, item({ n: 2 }))).body).toMatchObject({ status: 'duplicate' });
    expect(held(id)).toMatchObject({ copies: 1, duplicateDeliveries: 1 });

    // The same for a chunk and a commit.
    const p = packet(CHUNK + 10);
    await station.openUpload(p.declaration);
    server.faults.duplicateResponse = 1;
    expect((await station.putChunk(p.itemId, 0, p.chunks[0]!)).body).toEqual({ received: 1 });
    await station.putChunk(p.itemId, 1, p.chunks[1]!);
    server.setFaults({ duplicateResponse: 1 });
    expect((await station.commit(p.itemId)).body).toMatchObject({ status: 'duplicate', sha256: p.declaration.sha256 });
    expect(held(p.itemId)).toMatchObject({ copies: 1, duplicateDeliveries: 1 });
    expect(sha256(readFileSync(server.itemBytes(p.itemId) as string))).toBe(p.declaration.sha256);
  });

  it('dropMidChunk cuts the connection halfway through a chunk, which is then not held', async () => {
    const p = packet(4 * 256 * KiB, 256 * KiB);
    await station.openUpload(p.declaration);
    server.setFaults({ dropMidChunk: 1 });
    await expect(station.putChunk(p.itemId, 0, p.chunks[0]!)).rejects.toThrow();
    expect(server.stats().faultsFired.dropMidChunk).toBe(1);
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [], status: 'open' });
    expect((await station.putChunk(p.itemId, 0, p.chunks[0]!)).body).toEqual({ received: 1 });
    for (let i = 1; i < 4; i++) await station.putChunk(p.itemId, i, p.chunks[i]!);
    expect((await station.commit(p.itemId)).body).toMatchObject({ status: 'stored', sha256: p.declaration.sha256 });
  });

  it('slowMs holds every signed answer back', async () => {
    const slowMs = 1_000;
    server.setFaults({ slowMs });
    try {
      // A timer never fires early, so the lower bound is exact (a millisecond of rounding aside). That an unsigned
      // answer is not held is shown by order, not by a stopwatch: two asked one after the other, after the signed
      // one, both arrive before it (held, the pair alone would take twice as long as the signed answer).
      const started = performance.now();
      const order: string[] = [];
      const signed = station.feed(0).then((r) => (order.push('signed'), r));
      for (let i = 0; i < 2; i++) await fetch(`${server.url}/api/v1/time`).then(() => order.push('unsigned'));
      expect((await signed).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(slowMs - 10);
      expect(order).toEqual(['unsigned', 'unsigned', 'signed']);
    } finally {
      server.setFaults({ slowMs: 0 });
    }
  });

  it('refuses bad switch values', async () => {
    expect((await adminPost('/admin/faults', { fail500: -1 })).status).toBe(400);
    expect((await adminPost('/admin/faults', { explode: 1 })).status).toBe(400);
  });
});

describe('bench endpoint and admin', () => {
  it('PUT /bench/raw/:name streams to a file with its SHA-256', async () => {
    const bytes = randomBytes(1024 * KiB + 3);
    const res = await fetch(`${server.url}/bench/raw/sample.bin`, { method: 'PUT', body: bytes });
    expect(await res.json()).toEqual({ sha256: sha256(bytes), size: bytes.length });
    expect(sha256(readFileSync(join(blobFolderFor(dbFile), 'bench', 'sample.bin')))).toBe(sha256(bytes));
    expect((await fetch(`${server.url}/bench/raw/.hidden`, { method: 'PUT', body: 'x' })).status).toBe(400);
  });

  it('answers admin and bench requests only to a loopback Host', async () => {
    const status = (method: string, path: string) =>
      new Promise<number>((resolve, reject) => {
        // node:http rather than fetch: fetch would not let the test forge the Host header.
        const headers = { host: 'rcoi.example:80', 'content-type': 'application/json' };
        const req = request(`${server.url}${path}`, { method, headers, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(method === 'GET' ? undefined : '{}');
      });
    expect(await status('POST', '/admin/faults')).toBe(403);
    expect(await status('GET', '/admin/items')).toBe(403);
    expect(await status('PUT', '/bench/raw/x')).toBe(403);
  });

  it('reads items and stats over HTTP for tests in another process', async () => {
    const items = (await (await fetch(`${server.url}/admin/items`)).json()) as { items: unknown[] };
    expect(items.items).toHaveLength(server.items().length);
    const stats = (await (await fetch(`${server.url}/admin/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ items: server.items().length, stations: server.stats().stations });
    expect((await adminPost('/admin/enrolment-codes', { regionCode: '42', ppeCode: '0412', code: 'X-1' })).body).toMatchObject({
      code: 'X-1',
      reusable: false,
      usedByStation: null,
    });
  });
});

describe('restart', () => {
  it('keeps stations, items, uploads in progress, nonces and the feed across restart()', async () => {
    const p = packet(2 * CHUNK);
    await station.openUpload(p.declaration);
    await station.putChunk(p.itemId, 0, p.chunks[0]!);
    const smallId = randomUUID();
    const accepted = await station.putItem(smallId, item({ before: 'restart' }));
    const itemsBefore = server.items();
    const feedBefore = (await station.feed(0, 50)).body.items;

    await server.restart();

    expect(server.items()).toEqual(itemsBefore);
    expect((await station.feed(0, 50)).body.items).toEqual(feedBefore);
    expect((await station.putItem(smallId, item({ before: 'restart' }), { auth: accepted.auth })).body.error).toBe('replayed');
    expect((await station.putItem(smallId, item({ before: 'restart' }))).body).toMatchObject({ status: 'duplicate' });
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [0], status: 'open' });
    await station.putChunk(p.itemId, 1, p.chunks[1]!);
    expect((await station.commit(p.itemId)).body).toMatchObject({ status: 'stored', sha256: p.declaration.sha256 });
    expect(server.stats().restarts).toBe(1);
  });
});

describe('crash recovery', () => {
  it('reopens an upload whose commit placed the item file but never recorded it', async () => {
    const p = packet(2 * CHUNK);
    await station.openUpload(p.declaration);
    await station.putChunk(p.itemId, 0, p.chunks[0]!);
    await station.putChunk(p.itemId, 1, p.chunks[1]!);
    const blobs = blobFolderFor(dbFile);
    await server.close();
    // What a crash between commit's rename and its database transaction leaves behind.
    renameSync(join(blobs, 'uploads', `${p.itemId}.part`), join(blobs, 'items', `${p.itemId}.bin`));
    server = await startRcoiServer({ dbFile, port: Number(new URL(station.baseUrl).port), signingKey: loadDemoSigningKey(), clock });
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [0, 1], status: 'open' });
    expect((await station.commit(p.itemId)).body).toEqual({ status: 'stored', sha256: p.declaration.sha256 });
  });

  it('forgets the chunks of an upload whose file is gone, and asks for them again', async () => {
    const p = packet(2 * CHUNK);
    await station.openUpload(p.declaration);
    await station.putChunk(p.itemId, 0, p.chunks[0]!);
    await server.close();
    rmSync(join(blobFolderFor(dbFile), 'uploads', `${p.itemId}.part`));
    server = await startRcoiServer({ dbFile, port: Number(new URL(station.baseUrl).port), signingKey: loadDemoSigningKey(), clock });
    expect((await station.openUpload(p.declaration)).body).toEqual({ received: [], status: 'open' });
    expect(await station.commit(p.itemId)).toMatchObject({ status: 422, body: { error: 'missing_chunks' } });
  });
});

describe('schema migration', () => {
  it('upgrades a bundles-only database and puts its bundles on the feed', async () => {
    const old = join(dir, 'old.sqlite');
    const db = new Database(old);
    db.exec(`CREATE TABLE published_bundles (
      bundle_id TEXT PRIMARY KEY, region_code TEXT NOT NULL, ppe_code TEXT NOT NULL, exam_date TEXT NOT NULL,
      subject_code INTEGER NOT NULL, form TEXT NOT NULL, version INTEGER NOT NULL, sha256 TEXT NOT NULL,
      file_text TEXT NOT NULL, published_at TEXT NOT NULL,
      UNIQUE (region_code, ppe_code, exam_date, subject_code, form, version))`);
    db.prepare(`INSERT INTO published_bundles VALUES ('b-1', '42', '0412', '2026-06-01', 1, 'EGE', 1, 'abc', '{"x":1}', '2026-05-01T00:00:00.000Z')`).run();
    db.pragma('user_version = 1');
    db.close();

    const upgraded = await startRcoiServer({ dbFile: old, port: 0, signingKey: loadDemoSigningKey(), clock });
    try {
      expect(upgraded.db.pragma('user_version', { simple: true })).toBe(6);
      const s = new TestStation(upgraded.url, () => clock.now());
      expect((await s.enrol(upgraded.createEnrolmentCode('42', '0412').code)).status).toBe(200);
      expect((await s.feed(0)).body.items).toEqual([
        { cursor: 1, id: 'b-1', kind: 'distribution-bundle', schemaVersion: 1, payload: { file: '{"x":1}' } },
      ]);
    } finally {
      await upgraded.close();
    }
  });
});
