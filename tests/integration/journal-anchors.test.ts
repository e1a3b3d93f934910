import { verify as nodeVerify, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorBytes } from '../../main/anchors/anchor-bytes';
import { ownAnchors } from '../../main/anchors/anchor-store';
import { ANCHOR_EVERY_MS } from '../../main/anchors/anchor-service';
import { HANDOVER_ACTIONS } from '../../main/anchors/handover-actions';
import { verifyAnchorCopies } from '../../main/anchors/verify-anchors';
import type { AnchorFacts } from '../../main/anchors/anchor-bytes';
import { loadStationKeys } from '../../main/stations/station-keys';
import { fileKeyProtector } from '../../main/sync/key-store';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer } from '../rcoi-server/server';
import { openHarness, type Harness } from '../support/core-harness';

// Signed journal anchors (issue 11, item 4): the journal's head signed by the station key at least hourly and after
// every handover, journaled, queued for RCOI, and checked by «Журнал → Проверить». Real core, real SQLite file.

let h: Harness | undefined;
afterEach(() => h?.close());

/** The test moves the clock by hours: no idle lock in between. */
const LONG_IDLE = { idleLockSeconds: 12 * 3600 };
const HOUR = ANCHOR_EVERY_MS;
const at = (hhmm: string) => new Date(`2026-06-01T${String(Number(hhmm.slice(0, 2)) - 7).padStart(2, '0')}:${hhmm.slice(3)}:00.000Z`);

const journal = () =>
  h!.core.db.prepare<[], { seq: number; action: string; payload: string; hash: string }>('SELECT seq, action, payload, hash FROM journal ORDER BY seq').all();
const anchorEntries = () => journal().filter((e) => e.action === 'journal.anchored');
const outboxAnchors = () =>
  h!.core.db
    .prepare<[], { payload: string; stream: string }>("SELECT payload, stream FROM outbox WHERE kind = 'journal.anchor' ORDER BY stream_seq")
    .all()
    .map((r) => ({ stream: r.stream, ...(JSON.parse(r.payload) as Record<string, unknown>) }));

describe('journal anchors', () => {
  it('the hourly anchor: made once an hour has passed and the head moved, never twice for the same head', async () => {
    h = await openHarness(LONG_IDLE, at('07:00'));
    await h.signInAs('head', 1);
    // Less than an hour since the station started: nothing yet.
    h.clock.advance(HOUR - 1000);
    expect(h.core.anchors.tick()).toBeNull();
    h.clock.advance(1000);
    const first = h.core.anchors.tick();
    expect(first).toMatchObject({ fresh: true, anchor: { anchorNo: 1, reason: 'hourly', origin: 'own', region: '42', ppeCode: '0412' } });

    // The anchored entry is the head before the anchor's own entry, which stands right after it.
    const rows = journal();
    const entry = anchorEntries()[0]!;
    const anchored = rows.find((r) => r.seq === entry.seq - 1)!;
    expect(first!.anchor).toMatchObject({ seq: anchored.seq, entryHash: anchored.hash });
    expect(JSON.parse(entry.payload)).toEqual({ anchorNo: 1, seq: anchored.seq, entryHash: anchored.hash, reason: 'hourly' });
    expect(entry.seq).toBe(rows.at(-1)!.seq);

    // An hour later with nothing journaled but the anchor itself: the head did not move, no second anchor.
    h.clock.advance(HOUR);
    expect(h.core.anchors.tick()).toBeNull();
    h.clock.advance(3 * HOUR);
    expect(h.core.anchors.tick()).toBeNull();
    expect(ownAnchors(h.core.db)).toHaveLength(1);

    // Something happens: the next hourly tick signs the new head, numbered 2.
    await h.call('head', 'auth/lock', {});
    const second = h.core.anchors.tick();
    expect(second).toMatchObject({ fresh: true, anchor: { anchorNo: 2, reason: 'hourly' } });
    expect(h.core.anchors.tick()).toBeNull();
    expect(anchorEntries()).toHaveLength(2);

    // The signature is Ed25519 over the documented bytes, under the station's key.
    const keys = loadStationKeys({ db: h.core.db }, fileKeyProtector(h.dataDir))!;
    for (const a of ownAnchors(h.core.db)) {
      expect(a.signingKey).toBe(keys.signing.publicKeySpkiBase64);
      const publicKey = createPublicKey({ key: Buffer.from(a.signingKey, 'base64'), format: 'der', type: 'spki' });
      expect(nodeVerify(null, anchorBytes(a), publicKey, Buffer.from(a.signature, 'base64'))).toBe(true);
    }
  });

  it('a handover act is anchored right after it, and the anchor does not call for another', async () => {
    h = await openHarness(LONG_IDLE, at('08:00'));
    await h.signInAs('head', 1);
    expect(ownAnchors(h.core.db)).toHaveLength(0);
    expect(HANDOVER_ACTIONS).toContain('timeline.step_confirmed');
    expect(HANDOVER_ACTIONS as readonly string[]).not.toContain('journal.anchored');

    h.clock.set(at('08:12'));
    const examId = h.core.db.prepare<[], { id: number }>("SELECT id FROM exam WHERE exam_date = '2026-06-01'").get()!.id;
    await h.call('head', 'timeline/confirmStep', { examId, step: 'materials_handover' });

    const rows = journal();
    const confirmed = rows.find((r) => r.action === 'timeline.step_confirmed')!;
    // The confirmation, then its anchor, and nothing after: no anchor of the anchor.
    expect(rows.slice(-2).map((r) => r.action)).toEqual(['timeline.step_confirmed', 'journal.anchored']);
    expect(ownAnchors(h.core.db)).toEqual([
      expect.objectContaining({ anchorNo: 1, reason: 'handover', seq: confirmed.seq, entryHash: confirmed.hash, signedAt: '2026-06-01T01:12:00.000Z' }),
    ]);

    // Entries that are no handover (a lock, a sign-in) are left to the hourly anchor.
    await h.call('head', 'auth/lock', {});
    expect(ownAnchors(h.core.db)).toHaveLength(1);
  });

  it('each anchor is queued for RCOI in the outbox (status stream), with the key and signature', async () => {
    h = await openHarness(LONG_IDLE, at('07:00'));
    await h.signInAs('tech', 7);
    const manual = await h.call('tech', 'journal/anchor', {});
    expect(manual).toMatchObject({ anchorNo: 1, fresh: true });
    h.clock.advance(HOUR);
    await h.call('tech', 'auth/lock', {});
    h.core.anchors.tick();
    const queued = outboxAnchors();
    const stored = ownAnchors(h.core.db);
    expect(queued).toHaveLength(2);
    expect(queued).toEqual(
      stored.map((a) => ({
        stream: 'status',
        region: a.region,
        ppeCode: a.ppeCode,
        station: a.station,
        anchorNo: a.anchorNo,
        seq: a.seq,
        entryHash: a.entryHash,
        signedAt: a.signedAt,
        signingKey: a.signingKey,
        signature: a.signature,
      })),
    );
  });

  it('the reference RCOI server takes the journal.anchor items, and the copy it holds checks against the journal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppe-anchors-rcoi-'));
    const server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
    try {
      server.createEnrolmentCode('42', '0412', 'DEMO-0412-2026');
      h = await openHarness({ ...LONG_IDLE, rcoiUrl: server.url, sync: false }, at('07:00'));
      await h.signInAs('head', 1);
      await h.call('head', 'journal/anchor', {});
      h.clock.advance(HOUR);
      await h.call('head', 'auth/lock', {});
      h.core.anchors.tick();
      expect(await h.core.sync.runOnce()).toBe(true);
      const atRcoi = server.items().filter((i) => i.kind === 'journal.anchor');
      expect(atRcoi.map((i) => [i.stream, i.schemaVersion, i.copies])).toEqual([
        ['status', 1, 1],
        ['status', 1, 1],
      ]);
      const copies = atRcoi.map((i) => JSON.parse(server.itemBytes(i.id).toString()) as AnchorFacts & { signingKey: string; signature: string });
      expect(copies.map((c) => c.anchorNo).sort()).toEqual([1, 2]);
      expect(verifyAnchorCopies(h.core.db, fileKeyProtector(h.dataDir), copies)).toBeNull();
    } finally {
      await h?.close();
      h = undefined;
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('«Подписать журнал сейчас»: the PPE head and the technical specialist may; twice with nothing new signs once; an organiser is refused', async () => {
    h = await openHarness(LONG_IDLE, at('07:00'));
    await h.signInAs('head', 1);
    const first = await h.call('head', 'journal/anchor', {});
    expect(first).toMatchObject({ anchorNo: 1, fresh: true, signedAt: at('07:00').toISOString() });
    const again = await h.call('head', 'journal/anchor', {});
    expect(again).toEqual({ ...first, fresh: false });
    expect(anchorEntries().map((e) => JSON.parse(e.payload).reason)).toEqual(['manual']);

    await h.signInAs('org', 2);
    expect(await h.fail('org', 'journal/anchor', {})).toMatchObject({ code: 'FORBIDDEN', params: { permission: 'journal.anchor' } });
  });

  it('«Журнал → Проверить» passes on an untouched journal and names the newest anchor', async () => {
    h = await openHarness(LONG_IDLE, at('07:00'));
    await h.signInAs('head', 1);
    const before = await h.call('head', 'journal/verify', {});
    expect(before).toMatchObject({ ok: true, anchors: { checked: 0, newest: null, problem: null } });
    await h.call('head', 'journal/anchor', {});
    h.clock.advance(HOUR);
    await h.call('head', 'auth/lock', {});
    await h.call('head', 'auth/unlock', { pin: '1111' });
    const second = h.core.anchors.tick()!;
    const result = await h.call('head', 'journal/verify', {});
    expect(result).toMatchObject({
      ok: true,
      problem: null,
      anchors: { checked: 2, problem: null, newest: { anchorNo: 2, seq: second.anchor.seq, signedAt: second.anchor.signedAt } },
    });
    // After a restart (the key unsealed afresh from its sealed form) it still holds.
    await h.reopen();
    await h.signInAs('head', 1);
    expect(await h.call('head', 'journal/verify', {})).toMatchObject({ ok: true, anchors: { checked: 2, problem: null } });
  });
});
