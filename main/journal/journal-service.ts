import type { Db } from '../db/open-database';
import type { JournalEntry, JournalVerificationDto } from '../ipc/dto';
import type { JournalRow } from './journal-entry';
import { verifyJournal } from './verify';

export function listJournal(db: Db, beforeSeq: number | null, limit: number): { total: number; entries: JournalEntry[] } {
  const total = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM journal').get()!.n;
  const rows = db
    .prepare<[number, number], JournalRow>('SELECT * FROM journal WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit);
  return {
    total,
    entries: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorName: r.actor_name,
      actorRoleCode: r.actor_role_code,
      station: r.station,
      action: r.action,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      hash: r.hash,
    })),
  };
}

/**
 * The chain check and the anchors' check (main/anchors, given by the caller: it needs the station's sealed key, which
 * the kernel does not hold) as the journal screen shows them: not ok if either fails.
 */
export function verifyJournalNow(db: Db, now: Date, anchors: JournalVerificationDto['anchors']): JournalVerificationDto {
  const chain = verifyJournal(db);
  return { ...chain, ok: chain.ok && anchors.problem === null, anchors, verifiedAt: now.toISOString() };
}
