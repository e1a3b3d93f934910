import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/kernel/clock';
import { SYSTEM_ACTOR } from '../../main/kernel/context';
import { inTransaction } from '../../main/db/open-database';
import { enqueue, enqueueStaged } from '../../main/outbox/enqueue';
import { blobDir, stageBlob } from '../../main/outbox/outbox';
import { generateSigningKey, loadDemoSigningKey, publicKeySpkiBase64 } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { openHarness, type Harness } from '../support/core-harness';
import { jsonAnswer, startMitm, type Answer, type Mitm, type Request } from './sync-mitm';

// Issue 8 item 5: RCOI's answers are authenticated. A look-alike RCOI on the school's network, or a man in the
// middle in front of the real one, must not be able to make the PPE believe that something was delivered (and
// so delete the only copy of a file), nor feed it items or move its feed cursor. The real reference server stands
// behind a forwarding proxy on loopback; each test makes the proxy forge, replay or rewrite answers.

let dir: string;
let server: RcoiServer;
let mitm: Mitm;
let h: Harness;
const clock = new ManualClock(new Date());

beforeEach(async () => {
  clock.set(new Date());
  dir = mkdtempSync(join(tmpdir(), 'ppe-sync-forged-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  server.createEnrolmentCode('42', '0412', 'DEMO-0412-2026', { reusable: true });
  mitm = await startMitm(server.url);
  h = await openHarness({ rcoiUrl: mitm.url, clock, sync: false }, clock.now());
});
afterEach(async () => {
  await h.close();
  await mitm.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const outbox = () =>
  h.core.db.prepare<[], { id: string; state: string }>('SELECT id, state FROM outbox ORDER BY stream, stream_seq').all();
const stateOf = (id: string) => outbox().find((r) => r.id === id)?.state;
const actions = () => h.core.db.prepare<[], { action: string }>('SELECT action FROM journal ORDER BY seq').all().map((r) => r.action);
const refusals = () => actions().filter((a) => a === 'sync.answer_refused').length;
const refusalPayloads = () =>
  h.core.db
    .prepare<[], { payload: string }>("SELECT payload FROM journal WHERE action = 'sync.answer_refused' ORDER BY seq")
    .all()
    .map((r) => JSON.parse(r.payload) as { request: string; problem: string });
const inbound = () => h.core.db.prepare<[], { n: number; c: number | null }>('SELECT count(*) AS n, max(cursor) AS c FROM inbound_item').get()!;
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

function queueSmall(n: number): string[] {
  return inTransaction(h.core.db, () =>
    Array.from({ length: n }, (_, i) => enqueue(h.core.db, { stream: 'acts', kind: 'act', schemaVersion: 1, payload: { n: i, at: randomUUID() } }, clock.now())),
  );
}

/** A large item (a scanned blank packet) and the path of the only local copy of its bytes. */
async function queueLarge(bytes: number): Promise<{ id: string; file: string }> {
  const blob = await stageBlob(h.dataDir, [Buffer.alloc(bytes, 7)]);
  const id = inTransaction(h.core.db, () => enqueueStaged(h.core.db, { stream: 'packets', kind: 'scan.packet', schemaVersion: 1 }, blob, clock.now()));
  return { id, file: join(blobDir(h.dataDir), blob.file) };
}

/** What a look-alike RCOI says: the time, a station id, an empty feed, and "stored" to everything else. */
function lookAlike(req: Request): Answer {
  if (req.path.startsWith('/api/v1/time')) return jsonAnswer({ now: new Date().toISOString() });
  if (req.path.startsWith('/api/v1/enrol')) return jsonAnswer({ stationId: randomUUID() });
  if (req.path.startsWith('/api/v1/feed')) return jsonAnswer({ items: [], next: 0 });
  return jsonAnswer({ status: 'stored', received: [] });
}

async function pass(): Promise<boolean> {
  clock.advance(10 * 60_000); // past any backoff: every pass tries everything that is due
  return h.core.sync.runOnce();
}

describe('a look-alike RCOI answering {"status":"stored"}', () => {
  it('cannot enrol a fresh station, takes no delivery and deletes no file', async () => {
    mitm.forge = lookAlike;
    const [small] = queueSmall(1);
    const large = await queueLarge(300_000);
    await h.core.sync.runOnce();

    expect(h.core.sync.status()).toMatchObject({ enrolled: false });
    expect(stateOf(small!)).toBe('pending');
    expect(stateOf(large.id)).toBe('pending');
    expect(existsSync(large.file)).toBe(true);
    expect(h.core.sync.status().lastError?.code).toBe('RCOI_ANSWER_NOT_AUTHENTIC');
    expect(refusals()).toBe(1);
  });

  it('answering an enrolled station: items stay queued, files stay, the refusal is journaled once per pass', async () => {
    expect(await h.core.sync.runOnce()).toBe(true); // enrolled with the real RCOI
    mitm.forge = lookAlike;
    const [small] = queueSmall(1);
    const large = await queueLarge(300_000);

    expect(await pass()).toBe(false);
    expect(stateOf(small!)).toBe('pending');
    expect(stateOf(large.id)).toBe('pending');
    expect(existsSync(large.file)).toBe(true);
    expect(server.items()).toHaveLength(0);
    expect(h.core.sync.status().lastError?.code).toBe('RCOI_ANSWER_NOT_AUTHENTIC');
    expect(refusals()).toBe(1);
    expect(refusalPayloads()[0]).toMatchObject({ request: 'GET /api/v1/time', problem: 'unsigned' });
    await pass();
    await pass();
    expect(refusals()).toBeLessThanOrEqual(3);

    // The real RCOI is reachable again: everything goes, and only now is the local copy removed.
    mitm.forge = null;
    h.core.sync.nudge(true);
    expect(await pass()).toBe(true);
    expect(stateOf(small!)).toBe('delivered');
    expect(stateOf(large.id)).toBe('delivered');
    expect(existsSync(large.file)).toBe(false);
  });
});

describe('a man in the middle in front of the real RCOI', () => {
  it('forging acknowledgements with the right hashes: nothing counts as delivered', async () => {
    await h.core.sync.runOnce();
    const [small] = queueSmall(1);
    const large = await queueLarge(200_000);
    const largeSha = sha256(Buffer.alloc(200_000, 7));
    mitm.forge = (req) => {
      if (req.method === 'PUT' && req.path.startsWith('/api/v1/items/')) {
        const body = JSON.parse(req.requestBody.toString()) as { payload: unknown };
        return jsonAnswer({ status: 'stored', sha256: sha256(JSON.stringify(body.payload)) });
      }
      if (req.method === 'POST' && req.path.startsWith('/api/v1/uploads')) {
        return jsonAnswer({ status: 'stored', received: [0], sha256: largeSha });
      }
      return undefined;
    };
    await pass();
    expect(stateOf(small!)).toBe('pending');
    expect(stateOf(large.id)).toBe('pending');
    expect(existsSync(large.file)).toBe(true);
    expect(actions()).toContain('sync.answer_refused');
  });

  it('replaying a genuine acknowledgement of one item for another: not a delivery', async () => {
    await h.core.sync.runOnce();
    const [a] = queueSmall(1);
    const largeA = await queueLarge(100_000);
    await pass();
    expect(stateOf(a!)).toBe('delivered');
    expect(stateOf(largeA.id)).toBe('delivered');
    const ackA = mitm.log.find((e) => e.method === 'PUT' && e.path === `/api/v1/items/${a}`)!.answer;
    const commitA = mitm.log.find((e) => e.method === 'POST' && e.path === `/api/v1/uploads/${largeA.id}/commit`)!.answer;
    expect(ackA.status).toBe(200);
    expect(commitA.status).toBe(200);

    const [b] = queueSmall(1);
    const largeB = await queueLarge(100_000);
    mitm.forge = (req) => {
      if (req.method === 'PUT' && req.path === `/api/v1/items/${b}`) return ackA;
      if (req.method === 'POST' && req.path.startsWith('/api/v1/uploads') && req.requestBody.toString().includes(largeB.id)) return commitA;
      if (req.method === 'POST' && req.path === `/api/v1/uploads/${largeB.id}/commit`) return commitA;
      return undefined;
    };
    await pass();
    expect(stateOf(b!)).toBe('pending');
    expect(stateOf(largeB.id)).toBe('pending');
    expect(existsSync(largeB.file)).toBe(true);
    expect(server.items().map((i) => i.id)).not.toContain(b);
    expect(refusalPayloads().at(-1)).toMatchObject({ problem: 'bad_signature' });
  });

  it('a genuine feed page rewritten with a cursor jump, or a forged one: nothing applied, the cursor stays', async () => {
    await h.core.sync.runOnce();
    const published = server.publishFeedItem('42', '0412', 'forms-pack', { title: 'Бланки 2026' });
    mitm.rewrite = (ex) => {
      if (!ex.path.startsWith('/api/v1/feed')) return undefined;
      const page = JSON.parse(ex.answer.body.toString()) as { items: { cursor: number }[]; next: number };
      if (page.items.length === 0) return undefined;
      for (const item of page.items) item.cursor += 1_000_000;
      page.next += 1_000_000;
      return { ...ex.answer, body: Buffer.from(JSON.stringify(page)) };
    };
    await pass();
    expect(inbound()).toEqual({ n: 0, c: null });
    expect(actions()).toContain('sync.answer_refused');

    mitm.rewrite = null;
    mitm.forge = (req) =>
      req.path.startsWith('/api/v1/feed')
        ? jsonAnswer({ items: [{ cursor: 999_999, id: randomUUID(), kind: 'forms-pack', schemaVersion: 1, payload: {} }], next: 999_999 })
        : undefined;
    await pass();
    expect(inbound()).toEqual({ n: 0, c: null });

    // The real feed, untouched, still arrives with its real cursor.
    mitm.forge = null;
    expect(await pass()).toBe(true);
    expect(inbound()).toEqual({ n: 1, c: published.cursor });
  });
});

describe('a reference RCOI holding a key this PPE does not pin', () => {
  it('cannot even complete enrolment, and receives nothing', async () => {
    const other = await startRcoiServer({ dbFile: join(dir, 'other.sqlite'), port: 0, signingKey: generateSigningKey() });
    try {
      other.createEnrolmentCode('42', '0412', 'DEMO-0412-2026', { reusable: true });
      h.core.db.prepare('UPDATE ppe SET rcoi_url = ? WHERE id = 1').run(other.url);
      queueSmall(2);
      await h.core.sync.runOnce();
      expect(h.core.sync.status()).toMatchObject({ enrolled: false });
      await expect(h.core.sync.enrol(SYSTEM_ACTOR, 'DEMO-0412-2026')).rejects.toMatchObject({ code: 'RCOI_ANSWER_NOT_AUTHENTIC' });
      expect(h.core.sync.status()).toMatchObject({ enrolled: false });
      expect(other.items()).toHaveLength(0);
      expect(actions()).toContain('sync.answer_refused');
      expect(actions()).not.toContain('sync.enrolled');
    } finally {
      await other.close();
    }
  });
});

describe('RCOI over plain HTTP', () => {
  it('is refused outside training mode, even on loopback: not a single request is sent', async () => {
    let requests = 0;
    const plain = createServer((_req, res) => {
      requests++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    // A real (not training) PPE pinning its own RCOI key: a training station can never become one.
    const real = await openHarness({ demo: false, clock, sync: false }, clock.now());
    try {
      const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      inTransaction(real.core.db, () => {
        real.core.db.prepare("INSERT INTO region (code, name) VALUES ('42', 'Кемеровская область')").run();
        real.core.db
          .prepare(
            `INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
             VALUES (1, '42', '0412', 'ППЭ 0412', 'Кемерово', 'Asia/Novokuznetsk', ?, ?, 0)`,
          )
          .run(publicKeySpkiBase64(generateSigningKey()), url);
      });
      expect(await real.core.sync.runOnce()).toBe(false);
      expect(real.core.sync.status().lastError?.code).toBe('RCOI_URL_INSECURE');
      await expect(real.core.sync.enrol(SYSTEM_ACTOR, 'DEMO-0412-2026')).rejects.toMatchObject({ code: 'RCOI_URL_INSECURE' });
      expect(requests).toBe(0);
    } finally {
      await real.close();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  it('is refused in training mode too when the host is not this computer', async () => {
    h.core.db.prepare('UPDATE ppe SET rcoi_url = ? WHERE id = 1').run('http://rcoi.invalid:1/');
    expect(await h.core.sync.runOnce()).toBe(false);
    expect(h.core.sync.status().lastError?.code).toBe('RCOI_URL_INSECURE');
  });
});
