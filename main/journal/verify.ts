import type { Db } from '../db/open-database';
import { TAIL_MISSING_ACTION } from './append';
import { entryHash, GENESIS_HASH, type StoredJournalRow } from './journal-entry';

export type TamperKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated';

export interface JournalVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  lastHash: string;
  /** The first entry where the chain stops being true, and what happened there. */
  problem: { seq: number; kind: TamperKind } | null;
}

/**
 * Walks the chain in sequence order and names the first entry that was edited, deleted, inserted or reordered.
 *
 * - edited: the entry's content no longer matches its own hash; or its hash was recomputed after an edit, which
 *   shows as the next entry pointing to a hash that no longer exists while the numbering has no gap.
 * - deleted: an entry points to a predecessor that is gone, and the numbering has a gap (or the head says more).
 * - inserted: an entry points past the one before it to an earlier entry, or a foreign entry fits nowhere while
 *   the entry after it links up with the one before it.
 * - reordered: an entry points to a predecessor that stands later in the sequence.
 * - truncated: the chain is intact but its last entry lacks the head mark, or the journal itself recorded (with a
 *   'journal.tail_missing' entry) that it found its end cut off when it next appended.
 */
export function verifyJournal(db: Db): JournalVerification {
  const rows = db.prepare<[], StoredJournalRow>('SELECT * FROM journal ORDER BY seq').all();
  const seqByHash = new Map<string, number>();
  for (const r of rows) seqByHash.set(r.hash, r.seq);

  let expectedPrev = GENESIS_HASH;
  let prevSeq = 0;
  const fail = (seq: number, kind: TamperKind): JournalVerification => ({
    ok: false,
    checked: rows.length,
    lastSeq: rows.at(-1)?.seq ?? 0,
    lastHash: rows.at(-1)?.hash ?? GENESIS_HASH,
    problem: { seq, kind },
  });

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (entryHash(row) !== row.hash) return fail(row.seq, 'edited');
    if (row.prev_hash !== expectedPrev) {
      const pointed = seqByHash.get(row.prev_hash);
      if (pointed === undefined) {
        const next = rows[i + 1];
        if (next && next.prev_hash === expectedPrev) return fail(row.seq, 'inserted');
        if (row.seq !== prevSeq + 1) return fail(prevSeq + 1, 'deleted');
        // The predecessor's hash vanished without a gap: it was rewritten and rehashed (or deleted and renumbered).
        return prevSeq === 0 ? fail(row.seq, 'deleted') : fail(prevSeq, 'edited');
      }
      if (pointed > row.seq) return fail(row.seq, 'reordered');
      // It follows an earlier entry than the one before it: what stands between was inserted.
      const firstSkipped = rows.find((r) => r.seq > pointed)!;
      return fail(firstSkipped.seq, 'inserted');
    }
    if (row.seq !== prevSeq + 1) return fail(prevSeq + 1, 'deleted');
    // Only the newest entry carries the head mark; an older one with it was followed by entries the app never wrote.
    if (row.is_head === 1 && i < rows.length - 1) return fail(rows[i + 1]!.seq, 'inserted');
    if (row.action === TAIL_MISSING_ACTION) return fail(row.seq, 'truncated');
    expectedPrev = row.hash;
    prevSeq = row.seq;
  }
  if (rows.length > 0 && rows.at(-1)!.is_head !== 1) return fail(prevSeq + 1, 'truncated');
  return { ok: true, checked: rows.length, lastSeq: prevSeq, lastHash: expectedPrev, problem: null };
}
