import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/kernel/clock';
import { SYSTEM_ACTOR } from '../../main/kernel/context';
import { inTransaction } from '../../main/db/open-database';
import { enqueue, enqueueStaged } from '../../main/outbox/enqueue';
import { stageBlob } from '../../main/outbox/outbox';
import { buildDemoBundles, loadDemoDataset, localDateIn } from '../rcoi-server/demo-bundles';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { openHarness, type Harness } from '../support/core-harness';

// The sync worker stepped by hand (runOnce) against the real reference server on loopback, on a clock that runs
// with real time unless a test moves it.

let dir: string;
let server: RcoiServer;
let h: Harness;
const clock = new ManualClock(new Date());

beforeEach(async () => {
  clock.set(new Date());
  dir = mkdtempSync(join(tmpdir(), 'ppe-sync-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  server.createEnrolmentCode('42', '0412', 'DEMO-0412-2026');
  h = await openHarness({ rcoiUrl: server.url, clock, sync: false }, clock.now());
});
afterEach(async () => {
  await h.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const outbox = () =>
  h.core.db.prepare<[], { id: string; kind: string; state: string; attempts: number }>('SELECT id, kind, state, attempts FROM outbox ORDER BY stream, stream_seq').all();
const actions = () => h.core.db.prepare<[], { action: string }>('SELECT action FROM journal ORDER BY seq').all().map((r) => r.action);

function queueSmall(n: number): string[] {
  return inTransaction(h.core.db, () =>
    Array.from({ length: n }, (_, i) => enqueue(h.core.db, { stream: 'acts', kind: 'act', schemaVersion: 1, payload: { n: i } }, clock.now())),
  );
}

async function queueLarge(bytes: number): Promise<string> {
  const chunks = Array.from({ length: Math.ceil(bytes / 65536) }, (_, i) => Buffer.alloc(Math.min(65536, bytes - i * 65536), i % 251));
  const blob = await stageBlob(h.dataDir, chunks);
  return inTransaction(h.core.db, () => enqueueStaged(h.core.db, { stream: 'packets', kind: 'scan.packet', schemaVersion: 1 }, blob, clock.now()));
}

describe('sync with RCOI', () => {
  it('enrols the demo station, delivers queued items in order, exactly once', async () => {
    const ids = queueSmall(5);
    expect(await h.core.sync.runOnce()).toBe(true);
    expect(h.core.sync.status()).toMatchObject({ enrolled: true, online: true, lastError: null });
    expect(outbox().every((r) => r.state === 'delivered')).toBe(true);
    expect(server.items().map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(actions()).toContain('sync.enrolled');
    // A second pass has nothing to send and sends nothing twice.
    await h.core.sync.runOnce();
    expect(server.items().every((i) => i.copies === 1)).toBe(true);
  });

  it('keeps everything while RCOI is unreachable for days, then delivers by itself', async () => {
    await h.core.sync.runOnce(); // enrol while online
    const port = server.port;
    await server.close();
    const ids = queueSmall(3);
    for (let day = 0; day < 3; day++) {
      clock.advance(24 * 3600_000);
      expect(await h.core.sync.runOnce()).toBe(false);
    }
    const status = h.core.sync.status();
    expect(status.online).toBe(false);
    expect(status.lastError?.code).toBe('RCOI_UNREACHABLE');
    expect(status.nextAttemptAt).not.toBeNull();
    expect(outbox().filter((r) => r.state === 'pending')).toHaveLength(3);

    server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port, signingKey: loadDemoSigningKey() });
    clock.set(new Date());
    expect(await h.core.sync.runOnce()).toBe(true);
    expect(server.items().map((i) => i.id).sort()).toEqual([...ids].sort());
  });

  it('uploads a large item in chunks and resumes after the connection drops mid-chunk', async () => {
    const id = await queueLarge(3 * 1024 * 1024 + 17);
    server.faults.dropMidChunk = 1;
    expect(await h.core.sync.runOnce()).toBe(false); // the drop is a network failure: pause, try later
    clock.advance(10 * 60_000);
    expect(await h.core.sync.runOnce()).toBe(true);
    const held = server.items().find((i) => i.id === id)!;
    expect(held).toMatchObject({ size: 3 * 1024 * 1024 + 17, copies: 1 });
    expect(outbox()[0]).toMatchObject({ id, state: 'delivered' });
    expect(server.stats().faultsFired.dropMidChunk).toBe(1);
  });

  it('survives a server restart in the middle of a stream', async () => {
    const ids = queueSmall(4);
    await h.core.sync.runOnce();
    const more = queueSmall(2);
    await server.restart();
    expect(await h.core.sync.runOnce()).toBe(true);
    expect(server.items().map((i) => i.id).sort()).toEqual([...ids, ...more].sort());
  });

  it('retries after server errors and counts a response delivered twice only once', async () => {
    const ids = queueSmall(2);
    await h.core.sync.runOnce();
    const next = queueSmall(2);
    server.faults.fail500 = 1;
    expect(await h.core.sync.runOnce()).toBe(false);
    server.faults.duplicateResponse = 2;
    clock.advance(10 * 60_000);
    expect(await h.core.sync.runOnce()).toBe(true);
    expect(server.items()).toHaveLength(ids.length + next.length);
    expect(server.items().every((i) => i.copies === 1)).toBe(true);
    expect(server.stats().faultsFired).toMatchObject({ fail500: 1, duplicateResponse: 2 });
    expect(server.items().reduce((n, i) => n + i.duplicateDeliveries, 0)).toBeGreaterThan(0);
  });

  it('applies RCOI feed items once, with the cursor, through the same checks as a file', async () => {
    const today = localDateIn('Asia/Novokuznetsk', clock.now());
    const bundle = buildDemoBundles(loadDemoDataset(), { today })[2]!; // the exam in two days
    server.publish(bundle);
    expect(await h.core.sync.runOnce()).toBe(true);
    const status = h.core.sync.status();
    expect(status.inbound.received).toBeGreaterThanOrEqual(1);
    expect(actions()).toContain('bundle.imported');
    const seated = h.core.db.prepare('SELECT count(*) AS n FROM seating s JOIN exam e ON e.id = s.exam_id WHERE e.exam_date = ?').get(bundle.exam.date) as { n: number };
    expect(seated.n).toBe(bundle.participants.length);
    // The receipt for the lists went back to RCOI through the outbox.
    expect(outbox().some((r) => r.kind === 'bundle.distribution_received' && r.state === 'delivered')).toBe(true);
    const before = actions().filter((a) => a === 'bundle.imported').length;
    await h.core.sync.runOnce();
    expect(actions().filter((a) => a === 'bundle.imported').length).toBe(before);
  });

  it('shows and journals a machine clock more than 2 minutes off RCOI’s', async () => {
    clock.set(new Date(Date.now() - 5 * 60_000));
    await h.core.sync.runOnce();
    const status = h.core.sync.status();
    expect(status.clockSkewAlarm).toBe(true);
    expect(status.clockSkewSeconds).toBeGreaterThan(280);
    expect(actions()).toContain('clock.skew_detected');
    // Requests are still accepted: they are signed with RCOI-corrected time.
    queueSmall(1);
    await h.core.sync.runOnce();
    expect(server.items()).toHaveLength(1);
  });

  it('quarantines an item RCOI refuses, with the reason, and goes on with the others', async () => {
    const [first] = queueSmall(1);
    await h.core.sync.runOnce();
    // The same id sent again with other content (a bug, or tampering): RCOI refuses it (409); the PPE must not loop.
    h.core.db.prepare("UPDATE outbox SET state = 'pending', payload = '{\"n\":99}' WHERE id = ?").run(first!);
    const later = queueSmall(1);
    await expect(h.core.sync.runOnce()).resolves.toBe(true);
    const rows = outbox();
    expect(rows.find((r) => r.state === 'failed')).toBeDefined();
    expect(rows.find((r) => r.id === later[0])?.state).toBe('delivered');
    expect(actions()).toContain('sync.item_refused');
  });

  it('does not enrol with a wrong code and says so', async () => {
    await expect(h.core.sync.enrol(SYSTEM_ACTOR, 'NOT-A-CODE')).rejects.toMatchObject({ code: 'SYNC_ENROL_REFUSED' });
  });
});
