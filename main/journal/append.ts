import type { Db } from '../db/open-database';
import { canonicalJson } from './canonical-json';
import { entryHash, GENESIS_HASH, type JournalActor, type JournalRow } from './journal-entry';

export interface AppendInput {
  actor: JournalActor;
  station: string;
  action: string;
  payload: Record<string, unknown>;
  at: Date;
}

const statements = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    head: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1'),
    clearHeadMark: db.prepare('UPDATE journal SET is_head = 0 WHERE seq = ? AND is_head = 1'),
    insert: db.prepare(
      `INSERT INTO journal (seq, at, actor_staff_id, actor_name, actor_role_code, station, action, payload, prev_hash, hash, is_head)
       VALUES (@seq, @at, @actor_staff_id, @actor_name, @actor_role_code, @station, @action, @payload, @prev_hash, @hash, 1)`,
    ),
  };
}

/**
 * Appends one entry. It must run inside the transaction that makes the change it records, so the change and its
 * record commit together or not at all; calling it outside a transaction is a programming error.
 */
export function appendJournal(db: Db, input: AppendInput): JournalRow {
  if (!db.inTransaction) throw new Error('appendJournal must run inside the transaction of the change it records');
  let st = statements.get(db);
  if (!st) {
    st = prepare(db);
    statements.set(db, st);
  }
  const head = st.head.get() ?? { seq: 0, hash: GENESIS_HASH };
  const partial = {
    at: input.at.toISOString(),
    actor_staff_id: input.actor.staffId,
    actor_name: input.actor.name,
    actor_role_code: input.actor.roleCode,
    station: input.station,
    action: input.action,
    payload: canonicalJson(input.payload),
    prev_hash: head.hash,
  };
  const row: JournalRow = { seq: head.seq + 1, ...partial, hash: entryHash(partial) };
  if (head.seq > 0) st.clearHeadMark.run(head.seq);
  st.insert.run(row);
  return row;
}
