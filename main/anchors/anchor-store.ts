import type { Db } from '../db/open-database';
import type { AnchorFacts } from './anchor-bytes';

/** Why an anchor was made: the hourly timer, a handover act (handover-actions.ts), or a person's «Подписать журнал сейчас». */
export type AnchorReason = 'hourly' | 'handover' | 'manual';

/** An anchor as stored (migration 0130, `journal_anchor`). */
export interface StoredAnchor extends AnchorFacts {
  id: number;
  origin: 'own' | 'received';
  signingKey: string;
  signature: string;
  reason: AnchorReason;
  recordedAt: string;
}

interface AnchorRow {
  id: number;
  origin: 'own' | 'received';
  station: string;
  anchor_no: number;
  ppe_region: string;
  ppe_code: string;
  seq: number;
  entry_hash: string;
  signed_at: string;
  signing_key: string;
  signature: string;
  reason: AnchorReason;
  recorded_at: string;
}

function fromRow(r: AnchorRow): StoredAnchor {
  return {
    id: r.id,
    origin: r.origin,
    station: r.station,
    anchorNo: r.anchor_no,
    region: r.ppe_region,
    ppeCode: r.ppe_code,
    seq: r.seq,
    entryHash: r.entry_hash,
    signedAt: r.signed_at,
    signingKey: r.signing_key,
    signature: r.signature,
    reason: r.reason,
    recordedAt: r.recorded_at,
  };
}

export function insertAnchor(db: Db, a: Omit<StoredAnchor, 'id'>): number {
  return Number(
    db
      .prepare(
        `INSERT INTO journal_anchor (origin, station, anchor_no, ppe_region, ppe_code, seq, entry_hash, signed_at, signing_key,
           signature, reason, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.origin, a.station, a.anchorNo, a.region, a.ppeCode, a.seq, a.entryHash, a.signedAt, a.signingKey, a.signature, a.reason, a.recordedAt)
      .lastInsertRowid,
  );
}

/** This station's newest own anchor (the highest number), whatever station number it was made under. */
export function newestOwnAnchor(db: Db): StoredAnchor | null {
  const r = db.prepare<[], AnchorRow>("SELECT * FROM journal_anchor WHERE origin = 'own' ORDER BY anchor_no DESC LIMIT 1").get();
  return r ? fromRow(r) : null;
}

/** Every own anchor in number order: what `Журнал → Проверить` checks. */
export function ownAnchors(db: Db): StoredAnchor[] {
  return db.prepare<[], AnchorRow>("SELECT * FROM journal_anchor WHERE origin = 'own' ORDER BY anchor_no").all().map(fromRow);
}

/** A room station's anchor HQ already holds under that number, if any. */
export function receivedAnchor(db: Db, station: string, anchorNo: number): StoredAnchor | null {
  const r = db
    .prepare<[string, number], AnchorRow>("SELECT * FROM journal_anchor WHERE origin = 'received' AND station = ? AND anchor_no = ?")
    .get(station, anchorNo);
  return r ? fromRow(r) : null;
}

/** Own anchors not yet put on the transfer drive (a room station), oldest first. */
export function unwrittenOwnAnchors(db: Db): StoredAnchor[] {
  return db
    .prepare<[], AnchorRow>(
      `SELECT * FROM journal_anchor a WHERE origin = 'own'
         AND NOT EXISTS (SELECT 1 FROM journal_anchor_written w WHERE w.anchor_id = a.id)
       ORDER BY anchor_no`,
    )
    .all()
    .map(fromRow);
}

export function markWritten(db: Db, anchorIds: readonly number[], transferSeq: number, fileName: string, at: string): void {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO journal_anchor_written (anchor_id, transfer_seq, file_name, written_at) VALUES (?, ?, ?, ?)',
  );
  for (const id of anchorIds) insert.run(id, transferSeq, fileName, at);
}
