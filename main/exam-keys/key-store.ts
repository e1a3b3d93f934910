import { createHash } from 'node:crypto';
import type { Db } from '../db/open-database';
import { examKeyPayloadSchema, type ExamKeyPayload } from './key-file-format';

/**
 * The key files this station holds (table exam_key, migration 0160). Only verified key files are recorded: HQ after
 * RCOI's signature, PPE and package checked (read-key-file.ts), a room station the same on import from the transfer
 * drive. Recording the same file again is a no-op; the same key id with other bytes is refused (RCOI never
 * re-issues a key id with different content).
 */

export interface HeldExamKey {
  keyId: string;
  kind: 'main' | 'reserve';
  sequence: number;
  /** The key file as RCOI signed it (what goes on the transfer drive). */
  envelopeText: string;
  payload: ExamKeyPayload;
  source: 'rcoi' | 'transfer';
  receivedAt: string;
}

interface Row {
  key_id: string;
  kind: 'main' | 'reserve';
  sequence: number;
  envelope: string;
  source: 'rcoi' | 'transfer';
  received_at: string;
}

function payloadOf(envelopeText: string): ExamKeyPayload {
  // Our own table holds only files that were verified on the way in; the payload is parsed again, not trusted blind.
  const envelope = JSON.parse(envelopeText) as { payload: string };
  return examKeyPayloadSchema.parse(JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')));
}

/** Records a verified key file. Returns false when this exact file was already held. Call inside an act. */
export function recordExamKey(
  db: Db,
  key: { envelopeText: string; payload: ExamKeyPayload; source: 'rcoi' | 'transfer' },
  now: Date,
): boolean {
  const sha256 = createHash('sha256').update(key.envelopeText, 'utf8').digest('hex');
  const held = db.prepare<[string], { envelope_sha256: string }>('SELECT envelope_sha256 FROM exam_key WHERE key_id = ?').get(key.payload.keyId);
  if (held !== undefined) {
    if (held.envelope_sha256 !== sha256) throw new Error(`exam key ${key.payload.keyId} already held with other content`);
    return false;
  }
  const p = key.payload;
  db.prepare(
    `INSERT INTO exam_key (key_id, package_id, kind, sequence, exam_date, subject_code, envelope, envelope_sha256,
       issued_at, requested_by, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(p.keyId, p.packageId, p.kind, p.sequence, p.exam.date, p.exam.subjectCode, key.envelopeText, sha256, p.issuedAt,
    p.requestedBy.staffId, key.source, now.toISOString());
  return true;
}

/** The key files held for a package: the main key first, then reserve keys by sequence. */
export function heldExamKeys(db: Db, packageId: string): HeldExamKey[] {
  return db
    .prepare<[string], Row>(
      `SELECT key_id, kind, sequence, envelope, source, received_at FROM exam_key WHERE package_id = ?
        ORDER BY kind = 'reserve', sequence`,
    )
    .all(packageId)
    .map((r) => ({
      keyId: r.key_id,
      kind: r.kind,
      sequence: r.sequence,
      envelopeText: r.envelope,
      payload: payloadOf(r.envelope),
      source: r.source,
      receivedAt: r.received_at,
    }));
}

/** The newest reserve key held for a package (it carries every grant so far), or null. */
export function newestReserveKey(db: Db, packageId: string): HeldExamKey | null {
  const reserve = heldExamKeys(db, packageId).filter((k) => k.kind === 'reserve');
  return reserve.at(-1) ?? null;
}
