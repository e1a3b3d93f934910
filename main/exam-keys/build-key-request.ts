import { randomBytes } from 'node:crypto';
import type { ExamKeyAsk } from '../ipc/slices/exam-keys';
import type { ExamKeyRequest } from './key-file-format';
import { tokenKeyId } from './key-wrap';

/**
 * The request a GEK member's token signs (key-file-format.ts, examKeyRequestSchema): this PPE, the package, the
 * exam's date, the member as RCOI knows them (the distribution bundle's staff id, `staff.external_id`), which token
 * key signs (hex SHA-256 of the registered SPKI, so RCOI checks against the key it registered to that member), when
 * and a fresh nonce (RCOI refuses a replay). A reserve ask names the exam's subject besides the screen's room,
 * station and kits.
 */
export function buildKeyRequest(
  facts: {
    ppe: { regionCode: string; code: string };
    packageId: string;
    exam: { date: string; subjectCode: number };
    rcoiStaffId: string;
    /** The member's registered token key: base64 SPKI DER (gek_token.public_key). */
    tokenPublicKey: string;
    now: Date;
  },
  ask: ExamKeyAsk,
): ExamKeyRequest {
  return {
    purpose: 'ppe-exam-key-request',
    regionCode: facts.ppe.regionCode,
    ppeCode: facts.ppe.code,
    packageId: facts.packageId,
    examDate: facts.exam.date,
    staffId: facts.rcoiStaffId,
    tokenKey: tokenKeyId(Buffer.from(facts.tokenPublicKey, 'base64')),
    signedAt: facts.now.toISOString(),
    nonce: randomBytes(16).toString('hex'),
    ask: ask.kind === 'reserve' ? { kind: 'reserve', subjectCode: facts.exam.subjectCode, roomCode: ask.roomCode, stationNumber: ask.stationNumber, kits: ask.kits } : ask,
  };
}
