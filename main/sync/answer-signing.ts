import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { defaultCryptoSuite, type CryptoSuite } from '../crypto/crypto-suite';

/**
 * RCOI's signature on its answers (PROTOCOL.md, "Answers are signed"), shared by the client (main/sync) and the
 * reference RCOI server (tests/rcoi-server) so both read the same definition.
 *
 * Request signing proves to RCOI who is asking; this proves to the PPE that RCOI — the holder of the key pinned at
 * set-up — gave exactly this answer to exactly this request. Without it, whoever answers first (a look-alike
 * server on the school's network, a man in the middle) could say "stored" and the worker would delete the only
 * copy of a file, or feed the PPE items and move its cursor. The answer is bound to the request by its method,
 * path with query, station, the client's one-time nonce and the request body's hash, so a genuine answer recorded
 * earlier cannot be replayed for another request.
 */
export const ANSWER_SCHEME = 'RCOI-ANSWER-1';

export const ANSWER_HEADER = {
  keyId: 'x-rcoi-key-id',
  signature: 'x-rcoi-signature',
} as const;

/** What the answer is an answer to: the request as the client sent it (and signed it, where it signs). */
export interface AnswerBinding {
  method: string;
  /** The request target exactly as sent, query included. */
  pathWithQuery: string;
  /** X-PPE-Station; empty for the unsigned requests (time, enrolment). */
  stationId: string;
  /** X-PPE-Nonce: 16 random bytes, hex, fresh for every request the client sends. */
  nonce: string;
  /** X-PPE-Body-Sha256: hex SHA-256 of the request body. */
  bodySha256: string;
}

export function answerSigningString(binding: AnswerBinding, status: number, answerBodySha256: string): string {
  return [
    ANSWER_SCHEME,
    binding.method.toUpperCase(),
    binding.pathWithQuery,
    binding.stationId,
    binding.nonce.toLowerCase(),
    binding.bodySha256.toLowerCase(),
    String(status),
    answerBodySha256,
  ].join('\n');
}

/** The headers that make an answer verifiable by the PPE (used by the reference server). */
export function signAnswer(privateKey: KeyObject, binding: AnswerBinding, status: number, body: Buffer): Record<string, string> {
  const message = answerSigningString(binding, status, createHash('sha256').update(body).digest('hex'));
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    [ANSWER_HEADER.keyId]: createHash('sha256').update(spki).digest('hex'),
    [ANSWER_HEADER.signature]: sign(null, Buffer.from(message), privateKey).toString('base64'),
  };
}

/**
 * Checks an answer against the pinned RCOI key and the request it answers. Returns null when it is authentic,
 * otherwise what is wrong (for the journal): no signature, another key, or a signature that does not cover this
 * answer to this request.
 */
export function checkAnswer(
  pinnedPublicKeySpkiBase64: string,
  binding: AnswerBinding,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  crypto: CryptoSuite = defaultCryptoSuite,
): string | null {
  const signature = headers[ANSWER_HEADER.signature];
  const keyId = headers[ANSWER_HEADER.keyId];
  if (typeof signature !== 'string' || signature === '') return 'unsigned';
  if (typeof keyId === 'string' && keyId.toLowerCase() !== crypto.keyId(pinnedPublicKeySpkiBase64)) return 'other_key';
  const message = Buffer.from(answerSigningString(binding, status, crypto.sha256Hex(body)));
  if (!crypto.verify('Ed25519', pinnedPublicKeySpkiBase64, message, Buffer.from(signature, 'base64'))) return 'bad_signature';
  return null;
}
