import type { Db } from '../db/open-database';
import { entryHash, GENESIS_HASH, type JournalActor, type JournalRow } from './journal-entry';

export interface AppendInput {
  actor: JournalActor;
  station: string;
  action: string;
  payload: Record<string, unknown>;
  at: Date;
}

/** Written by the journal itself when it finds its newest entry without the head mark (see verify.ts). */
export const TAIL_MISSING_ACTION = 'journal.tail_missing';

const statements = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    newest: db
      .prepare<[], [seq: number, hash: string, isHead: number]>('SELECT seq, hash, is_head FROM journal ORDER BY seq DESC LIMIT 1')
      .raw(),
    clearHeadMark: db.prepare<[number]>('UPDATE journal SET is_head = 0 WHERE seq = ?'),
    insert: db.prepare(
      `INSERT INTO journal (seq, at, actor_staff_id, actor_name, actor_role_code, station, action, payload, prev_hash, hash, is_head)
       VALUES (@seq, @at, @actor_staff_id, @actor_name, @actor_role_code, @station, @action, @payload, @prev_hash, @hash, @is_head)`,
    ),
  };
}

function insertEntry(
  st: ReturnType<typeof prepare>,
  prev: { seq: number; hash: string },
  input: AppendInput,
  isHead: 0 | 1,
): JournalRow {
  const row = {
    seq: prev.seq + 1,
    at: input.at.toISOString(),
    actor_staff_id: input.actor.staffId,
    actor_name: input.actor.name,
    actor_role_code: input.actor.roleCode,
    station: input.station,
    action: input.action,
    // The hash covers this exact string, so plain JSON.stringify is enough: verify never re-serialises.
    payload: JSON.stringify(input.payload),
    prev_hash: prev.hash,
    hash: '',
    is_head: isHead,
  };
  row.hash = entryHash(row);
  st.insert.run(row);
  return row;
}

/**
 * Appends one entry. It must run inside the transaction that makes the change it records, so the change and its
 * record commit together or not at all; calling it outside a transaction is a programming error.
 *
 * If the newest entry lacks the head mark, entries were cut off the end of the journal. Exam day must go on, so
 * the append still happens, but first the journal records what it found, inside the chain, where a later cut
 * would itself show: the evidence cannot be erased by simply appending again.
 */
export function appendJournal(db: Db, input: AppendInput): JournalRow {
  if (!db.inTransaction) throw new Error('appendJournal must run inside the transaction of the change it records');
  let st = statements.get(db);
  if (!st) {
    st = prepare(db);
    statements.set(db, st);
  }
  const newest = st.newest.get();
  let prev = newest ? { seq: newest[0], hash: newest[1] } : { seq: 0, hash: GENESIS_HASH };
  if (newest?.[2] === 1) st.clearHeadMark.run(prev.seq);
  else if (newest) {
    const system = { staffId: null, name: 'система', roleCode: null };
    const notice = { ...input, actor: system, action: TAIL_MISSING_ACTION, payload: { afterSeq: prev.seq } };
    prev = insertEntry(st, prev, notice, 0);
  }
  return insertEntry(st, prev, input, 1);
}
