import type { Db } from '../db/open-database';

/** The transfer ledger's SQL (migrations/0090_transfer_ledger.sql): what this station wrote and took, per stream. */

export interface LedgerRow {
  direction: 'sent' | 'received';
  sender: string;
  seq: number;
  receiver: string;
  kind: string;
  examDate: string | null;
  createdAt: string;
  sha256: string;
  fileName: string;
  recordedAt: string;
}

/** The next number for this station's messages to `receiver`: one more than the last it wrote. */
export function nextSentSeq(db: Db, sender: string, receiver: string): number {
  const row = db
    .prepare<[string, string], { last: number | null }>(
      "SELECT max(seq) AS last FROM transfer_message WHERE direction = 'sent' AND sender = ? AND receiver = ?",
    )
    .get(sender, receiver);
  return (row?.last ?? 0) + 1;
}

/** The sha256 of the message already taken under this sender, receiver and number, if one was. */
export function receivedSha(db: Db, sender: string, receiver: string, seq: number): string | null {
  const row = db
    .prepare<[string, string, number], { sha256: string }>(
      "SELECT sha256 FROM transfer_message WHERE direction = 'received' AND sender = ? AND receiver = ? AND seq = ?",
    )
    .get(sender, receiver, seq);
  return row?.sha256 ?? null;
}

export function insertLedgerRow(db: Db, r: LedgerRow): void {
  db.prepare(
    `INSERT INTO transfer_message (direction, sender, seq, receiver, kind, exam_date, created_at, sha256, file_name, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.direction, r.sender, r.seq, r.receiver, r.kind, r.examDate, r.createdAt, r.sha256, r.fileName, r.recordedAt);
}

/** How many numbers a list of gaps names at most: a forged «seq 10⁹» must not make a billion-entry list. */
const MISSING_SHOWN = 100;

/**
 * The numbers missing in each stream this station receives: between 1 and the highest taken from that sender to
 * that receiver, those not taken. `count` is all of them; `seqs` the first MISSING_SHOWN.
 */
export function missingReceived(db: Db): { sender: string; receiver: string; count: number; seqs: number[] }[] {
  const streams = db
    .prepare<[], { sender: string; receiver: string; taken: number; highest: number }>(
      `SELECT sender, receiver, count(*) AS taken, max(seq) AS highest FROM transfer_message
       WHERE direction = 'received' GROUP BY sender, receiver ORDER BY sender, receiver`,
    )
    .all();
  const seqsOf = db.prepare<[string, string], { seq: number }>(
    "SELECT seq FROM transfer_message WHERE direction = 'received' AND sender = ? AND receiver = ? ORDER BY seq",
  );
  return streams
    .filter((s) => s.highest > s.taken)
    .map((s) => {
      const seqs: number[] = [];
      let expected = 1;
      for (const { seq } of seqsOf.iterate(s.sender, s.receiver)) {
        for (; expected < seq && seqs.length < MISSING_SHOWN; expected++) seqs.push(expected);
        if (seqs.length >= MISSING_SHOWN) break;
        expected = seq + 1;
      }
      return { sender: s.sender, receiver: s.receiver, count: s.highest - s.taken, seqs };
    });
}

/** Is a message with a higher number from this sender to this receiver already taken? Then this one comes late. */
export function isLate(db: Db, sender: string, receiver: string, seq: number): boolean {
  return (
    db
      .prepare<[string, string, number], { n: number }>(
        "SELECT count(*) AS n FROM transfer_message WHERE direction = 'received' AND sender = ? AND receiver = ? AND seq > ?",
      )
      .get(sender, receiver, seq)!.n > 0
  );
}

/** The last message of a kind this station wrote to a receiver for an exam date ('room:0101'), or null. */
export function lastSent(db: Db, kind: string, receiver: string, examDate: string): { seq: number; recordedAt: string } | null {
  return (
    db
      .prepare<[string, string, string], { seq: number; recordedAt: string }>(
        `SELECT seq, recorded_at AS recordedAt FROM transfer_message
         WHERE direction = 'sent' AND kind = ? AND receiver = ? AND exam_date = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(kind, receiver, examDate) ?? null
  );
}

export function ledgerRows(db: Db): LedgerRow[] {
  return db
    .prepare<[], LedgerRow>(
      `SELECT direction, sender, seq, receiver, kind, exam_date AS examDate, created_at AS createdAt, sha256,
              file_name AS fileName, recorded_at AS recordedAt
       FROM transfer_message ORDER BY id`,
    )
    .all();
}
