import { AppError } from '../kernel/app-error';
import type { CryptoSuite } from '../crypto/crypto-suite';
import {
  EXAM_KEY_FILE_MAX_BYTES,
  examKeyEnvelopeSchema,
  examKeyPayloadSchema,
  type ExamKeyPayload,
} from './key-file-format';

export interface VerifiedExamKey {
  /** The file exactly as RCOI signed it: what is recorded and written to the transfer drive, byte for byte. */
  envelopeText: string;
  payload: ExamKeyPayload;
}

/**
 * Turns the text of a key file (from RCOI's answer at HQ, from the transfer drive in a room) into a verified payload,
 * or refuses it with EXAM_KEY_FILE_INVALID and the check that failed. Outside in, as read-bundle.ts: size, JSON, our
 * envelope, signed by the RCOI key pinned at set-up, over exactly these payload bytes, the payload's schema, and
 * then that it is for this PPE (and this package, where the caller knows which). Nothing is written here.
 *
 * The signature proves RCOI released it; it does not open anything — the package key inside is wrapped to GEK
 * members' tokens (key-wrap.ts), so a verified file is still useless without a token and its PIN.
 */
export function readExamKeyFile(
  text: string,
  pinnedRcoiKey: string,
  crypto: CryptoSuite,
  expect: { regionCode: string; ppeCode: string; packageId?: string },
): VerifiedExamKey {
  const refuse = (reason: 'not_json' | 'too_large' | 'envelope' | 'unknown_key' | 'signature' | 'payload' | 'other_ppe' | 'other_package') =>
    new AppError('EXAM_KEY_FILE_INVALID', { reason });
  // Counted before parsing: a drive or a look-alike server can hand over anything.
  if (text.length > EXAM_KEY_FILE_MAX_BYTES || Buffer.byteLength(text, 'utf8') > EXAM_KEY_FILE_MAX_BYTES) throw refuse('too_large');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw refuse('not_json');
  }
  const envelope = examKeyEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw refuse('envelope');
  const { payload, signature } = envelope.data;
  if (signature.keyId !== crypto.keyId(pinnedRcoiKey)) throw refuse('unknown_key');
  const payloadBytes = Buffer.from(payload, 'base64');
  // Base64 that does not round-trip (stray padding, trailing garbage) is not the bytes RCOI signed.
  if (payloadBytes.toString('base64') !== payload) throw refuse('envelope');
  if (!crypto.verify('Ed25519', pinnedRcoiKey, payloadBytes, Buffer.from(signature.value, 'base64'))) throw refuse('signature');

  let payloadJson: unknown;
  try {
    payloadJson = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    throw refuse('payload');
  }
  const parsed = examKeyPayloadSchema.safeParse(payloadJson);
  if (!parsed.success) throw refuse('payload');
  const p = parsed.data;
  if (p.regionCode !== expect.regionCode || p.ppeCode !== expect.ppeCode) throw refuse('other_ppe');
  if (expect.packageId !== undefined && p.packageId !== expect.packageId) throw refuse('other_package');
  return { envelopeText: text, payload: p };
}
