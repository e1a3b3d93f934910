import { createHash, createHmac, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { SETUP_CODE_ALPHABET } from '../ipc/shared-rules';

/**
 * The first contact of an HQ station with RCOI (PROTOCOL.md, "Setting up an HQ station"), shared by the station
 * (main/stations/hq-setup*.ts) and the reference RCOI server (tests/rcoi-server) so both read one definition.
 *
 * A station being set up knows nothing yet — not RCOI's key, not its PPE's name. RCOI's key therefore cannot be pinned
 * beforehand, so both sides prove themselves with the one thing they share: the one-time enrolment code, read out or
 * handed over by RCOI outside the network. As with ACME's External Account Binding, a MAC key is derived from the code
 * (scrypt, so a code seen as a hash is slow to guess), the request carries an HMAC over its exact body, and RCOI's
 * answer an HMAC over its exact bytes bound to the request's nonce and body hash. A man in the middle who swaps the
 * station's key is refused by RCOI; one who swaps RCOI's key (and signs with his own) is refused by the station. The
 * code itself never travels: the request names it by an id derived from the same key.
 */
export const SETUP_SCHEME = 'PPE-SETUP-1';

export const SETUP_HEADER = {
  /** base64 HMAC-SHA256 of the request (setupRequestMac). */
  requestMac: 'x-ppe-setup-mac',
  /** base64 HMAC-SHA256 of RCOI's answer (setupAnswerMac). */
  answerMac: 'x-rcoi-setup-mac',
} as const;

/** Digits and Latin capitals without I, L, O, U (Crockford's base 32): nothing to mistake over the phone. */
export const CODE_ALPHABET = SETUP_CODE_ALPHABET;
export const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The station kinds an enrolment code may set up. */
export const HQ_KINDS = ['hq-main', 'hq-reserve'] as const;
export type HqKind = (typeof HQ_KINDS)[number];

/**
 * The code as typed → `XXXX-XXXX-XXXX`, or null if it cannot be one. Lower case, spaces and dashes anywhere are
 * tolerated; the letters people confuse with digits are read as those digits (O → 0, I and L → 1), as Crockford's
 * alphabet intends, so a code read out over the phone still works.
 */
export function normaliseEnrolmentCode(typed: string): string | null {
  const plain = typed
    .toUpperCase()
    .replace(/[\s\-‐-―]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (plain.length !== 12 || [...plain].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8, 12)}`;
}

// scrypt as for PINs (main/auth/pin-hash.ts): 16 MiB and some tens of milliseconds per guess.
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

function salt(ppeCode: string): string {
  return `${SETUP_SCHEME}|ppe ${ppeCode}`;
}

/** The MAC key of a code for a PPE (the salt binds the PPE code and the protocol). `code` as normalised. */
export function deriveSetupKey(code: string, ppeCode: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(code, salt(ppeCode), 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The same, synchronously (the reference server, when it issues a code). */
export function deriveSetupKeySync(code: string, ppeCode: string): Buffer {
  return scryptSync(code, salt(ppeCode), 32, SCRYPT);
}

/** How the request names its code without sending it: RCOI looks codes up by it. */
export function setupCodeId(key: Buffer): string {
  return createHmac('sha256', key).update(`${SETUP_SCHEME}\ncode-id`).digest('hex');
}

/** The request's MAC: over the exact body bytes sent. */
export function setupRequestMac(key: Buffer, body: Buffer): string {
  return createHmac('sha256', key).update(`${SETUP_SCHEME}\nrequest\n`).update(body).digest('base64');
}

/** RCOI's MAC on its answer: the request's nonce and body hash, the answer's status and the hash of its exact bytes. */
export function setupAnswerMac(key: Buffer, nonce: string, requestBodySha256: string, status: number, answerBody: Buffer): string {
  const answerSha = createHash('sha256').update(answerBody).digest('hex');
  return createHmac('sha256', key)
    .update([SETUP_SCHEME, 'answer', nonce.toLowerCase(), requestBodySha256.toLowerCase(), String(status), answerSha].join('\n'))
    .digest('base64');
}

/** Constant-time comparison of a received base64 MAC with the expected one. */
export function macMatches(expected: string, received: string | string[] | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(received, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refusals RCOI gives to a set-up request (`{ error }` of a 4xx answer). */
export const SETUP_REFUSALS = ['unknown_code', 'code_used', 'code_expired', 'bad_mac', 'no_ppe_config', 'bad_request'] as const;
