import { createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorBytes, type AnchorFacts } from '../../main/anchors/anchor-bytes';
import { ownAnchors } from '../../main/anchors/anchor-store';
import { ANCHOR_EVERY_MS } from '../../main/anchors/anchor-service';
import { verifyAnchorCopies } from '../../main/anchors/verify-anchors';
import type { Db } from '../../main/db/open-database';
import { entryHash, type JournalRow } from '../../main/journal/journal-entry';
import { verifyJournal } from '../../main/journal/verify';
import { fileKeyProtector } from '../../main/sync/key-store';
import { openHarness, type Harness } from '../support/core-harness';

// Issue 11, item 4 / 7: «an anchor forged over a recomputed chain is caught». The attacker has the database file (and
// SQLite): they can drop every trigger, rewrite any row and recompute every hash. They do not have the key
// protector's secret (the OS keychain; here the wrapping-key file, which the attacker does not touch), so they cannot
// sign as the station. Each test first shows that the chain check alone passes, then that the anchors catch it.

let h: Harness | undefined;
afterEach(() => h?.close());

const LONG_IDLE = { idleLockSeconds: 12 * 3600 };
const HOUR = ANCHOR_EVERY_MS;

/** A working day: sign-ins and locks, an anchor each hour; returns the anchors as made. */
async function dayWithAnchors(hours: number) {
  h = await openHarness(LONG_IDLE);
  await h.signInAs('head', 1);
  for (let i = 0; i < hours; i++) {
    h.clock.advance(HOUR);
    await h.call('head', 'auth/lock', {});
    await h.call('head', 'auth/unlock', { pin: '1111' });
    expect(h.core.anchors.tick()).toMatchObject({ fresh: true });
  }
  return ownAnchors(h.core.db);
}

const rows = (db: Db) => db.prepare<[], JournalRow>('SELECT * FROM journal ORDER BY seq').all();

/**
 * The attacker's rewrite: changes the entry at `seq` and recomputes the hash chain from there to the end, keeping
 * every `journal.anchored` entry consistent with the new hashes — so the chain check alone finds nothing.
 * `drop` takes out entries entirely (renumbering the rest), as someone hiding anchors would.
 */
function rewriteChain(db: Db, seq: number, drop: (r: JournalRow) => boolean = () => false): void {
  db.exec('DROP TRIGGER journal_is_append_only_update; DROP TRIGGER journal_is_append_only_delete;');
  const all = rows(db);
  const kept = all.filter((r) => r.seq < seq || !drop(r));
  const head = kept.at(-1)!;
  const newHash = new Map<number, string>();
  let prev = kept.find((r) => r.seq === seq - 1)?.hash ?? '0'.repeat(64);
  db.transaction(() => {
    db.prepare('DELETE FROM journal WHERE seq >= ?').run(seq);
    let n = seq;
    for (const r of kept.filter((k) => k.seq >= seq)) {
      const payload = JSON.parse(r.payload) as Record<string, unknown>;
      if (r.seq === seq) payload.tampered = true;
      // The anchor entry says which hash it signed: the attacker keeps that consistent too.
      if (r.action === 'journal.anchored') {
        payload.seq = n - 1;
        payload.entryHash = newHash.get(n - 1) ?? payload.entryHash;
      }
      const row = { ...r, seq: n, payload: JSON.stringify(payload), prev_hash: prev };
      row.hash = entryHash(row);
      db.prepare(
        `INSERT INTO journal (seq, at, actor_staff_id, actor_name, actor_role_code, station, action, payload, prev_hash, hash, is_head)
         VALUES (@seq, @at, @actor_staff_id, @actor_name, @actor_role_code, @station, @action, @payload, @prev_hash, @hash, @is_head)`,
      ).run({ ...row, is_head: r === head ? 1 : 0 });
      newHash.set(n, row.hash);
      prev = row.hash;
      n++;
    }
  })();
}

function reSignAnchors(db: Db, key: KeyObject, publicSpki: string): void {
  db.exec('DROP TRIGGER journal_anchor_is_append_only_update;');
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM journal WHERE seq = ?');
  for (const a of ownAnchors(db)) {
    const facts: AnchorFacts = { ...a, entryHash: hashAt.get(a.seq)!.hash };
    const signature = nodeSign(null, anchorBytes(facts), key).toString('base64');
    db.prepare('UPDATE journal_anchor SET entry_hash = ?, signature = ?, signing_key = ? WHERE id = ?').run(facts.entryHash, signature, publicSpki, a.id);
  }
}

async function verifyAsHead() {
  await h!.signInAs('check', 1);
  return h!.call('check', 'journal/verify', {});
}

describe('a journal rewritten with its whole chain recomputed', () => {
  it('(a) is caught by the anchors: «Журнал переписан: запись №… не совпадает с подписанной …»', async () => {
    const anchors = await dayWithAnchors(3);
    // The attacker rewrites an entry between the first and the second anchor.
    const target = anchors[0]!.seq + 2;
    expect(target).toBeLessThan(anchors[1]!.seq);
    rewriteChain(h!.core.db, target);
    expect(verifyJournal(h!.core.db)).toMatchObject({ ok: true, problem: null });

    const result = await verifyAsHead();
    expect(result.ok).toBe(false);
    expect(result.problem).toBeNull(); // the chain itself holds: only the anchors know
    expect(result.anchors.problem).toEqual({ anchorNo: 2, seq: anchors[1]!.seq, signedAt: anchors[1]!.signedAt, kind: 'rewritten' });
    // The alarm every screen shows for a broken journal rises for it too, naming the signed entry.
    const { alarms } = await h!.call('check', 'attention/today', {});
    expect(alarms).toContainEqual(expect.objectContaining({ kind: 'journal_broken', who: 1, fixAt: 'journal', seq: anchors[1]!.seq, problem: 'anchor' }));
  });

  it('(b) is caught even with every anchor re-signed by the attacker’s key and that key written into station_key', async () => {
    const anchors = await dayWithAnchors(3);
    rewriteChain(h!.core.db, anchors[0]!.seq + 2);
    const attacker = generateKeyPairSync('ed25519');
    const attackerSpki = attacker.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    reSignAnchors(h!.core.db, attacker.privateKey, attackerSpki);
    // The triggers keep the station key; the attacker with the file drops them too.
    h!.core.db.exec('DROP TRIGGER station_key_is_kept_update;');
    h!.core.db.prepare('UPDATE station_key SET signing_public = ?').run(attackerSpki);

    // Everything the file says is now consistent: the chain holds, each anchor matches its entry and verifies under
    // the key the file names.
    expect(verifyJournal(h!.core.db).ok).toBe(true);
    for (const a of ownAnchors(h!.core.db)) {
      const named = createPublicKey({ key: Buffer.from(a.signingKey, 'base64'), format: 'der', type: 'spki' });
      expect(nodeVerify(null, anchorBytes(a), named, Buffer.from(a.signature, 'base64'))).toBe(true);
    }

    // But the key is derived from the sealed private key, which the attacker could not replace: the first anchor fails.
    const result = await verifyAsHead();
    expect(result.ok).toBe(false);
    expect(result.anchors.problem).toEqual({ anchorNo: 1, seq: anchors[0]!.seq, signedAt: anchors[0]!.signedAt, kind: 'bad_signature' });
  });

  it('(c) an anchor deleted to hide a rewrite: a gap in the numbers, the journal’s own record, or the copy RCOI holds', async () => {
    const anchors = await dayWithAnchors(4);
    const db = h!.core.db;
    // RCOI's copy: what the outbox queued for it (delivered by sync; here read before the attacker touches anything).
    const rcoiCopy = db
      .prepare<[], { payload: string }>("SELECT payload FROM outbox WHERE kind = 'journal.anchor' ORDER BY stream_seq")
      .all()
      .map((r) => JSON.parse(r.payload) as AnchorFacts & { signingKey: string; signature: string });
    expect(rcoiCopy.map((a) => a.anchorNo)).toEqual([1, 2, 3, 4]);
    db.exec('DROP TRIGGER journal_anchor_is_append_only_delete;');

    // A middle anchor deleted: the numbers have a gap, named at the anchor after it.
    db.prepare("DELETE FROM journal_anchor WHERE origin = 'own' AND anchor_no = 2").run();
    expect(verifyJournal(db).ok).toBe(true);
    let result = await verifyAsHead();
    expect(result.anchors.problem).toMatchObject({ anchorNo: 3, seq: anchors[2]!.seq, kind: 'gap' });

    // The newest anchors deleted instead (no gap): the journal itself still records them (journal.anchored).
    db.prepare("DELETE FROM journal_anchor WHERE origin = 'own' AND anchor_no >= 2").run();
    result = await verifyAsHead();
    expect(result.anchors.problem).toMatchObject({ anchorNo: 2, seq: anchors[1]!.seq, kind: 'deleted' });

    // The full attack: an entry after anchor 1 rewritten, anchors 2–4 deleted, and the chain recomputed without their
    // journal.anchored entries. Nothing on this station can tell any more …
    const firstAnchoredEntry = db.prepare<[], { seq: number }>("SELECT seq FROM journal WHERE action = 'journal.anchored' ORDER BY seq").all()[1]!;
    rewriteChain(db, anchors[0]!.seq + 2, (r) => r.action === 'journal.anchored' && r.seq >= firstAnchoredEntry.seq);
    expect(verifyJournal(db).ok).toBe(true);
    result = await verifyAsHead();
    expect(result.anchors).toMatchObject({ checked: 1, problem: null });

    // … but the copy RCOI holds (signed by this station's real key) names the first rewritten anchor.
    expect(verifyAnchorCopies(db, fileKeyProtector(h!.dataDir), rcoiCopy)).toEqual({
      anchorNo: 2,
      seq: anchors[1]!.seq,
      signedAt: anchors[1]!.signedAt,
      kind: 'rewritten',
    });
    // And the station's next anchor takes number 2 again with other content: RCOI sees one number signed twice.
    h!.clock.advance(HOUR);
    await h!.call('check', 'auth/lock', {});
    const next = h!.core.anchors.tick()!;
    expect(next.anchor.anchorNo).toBe(2);
    expect(next.anchor.signature).not.toBe(rcoiCopy[1]!.signature);
  });
});
