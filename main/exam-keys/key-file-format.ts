import { z } from 'zod';

/**
 * The key to the exam materials (ключ доступа к ЭМ) as RCOI releases it: a file HQ receives at 09:30 with the GEK
 * member's token, keeps, and writes to the transfer drive for every room station of the exam; a room station
 * activates it with a GEK member's token and PIN. EXAM_KEYS.md beside this file says it in prose.
 *
 * Envelope, as the distribution bundle's (main/bundles/bundle-format.ts): RCOI's Ed25519 signature over the payload's
 * bytes exactly as sent (base64 in the file), so nothing is re-serialised to check it:
 *
 *   { "format": "ppe-exam-key", "formatVersion": 1, "payload": "<base64 of UTF-8 JSON>",
 *     "signature": { "alg": "Ed25519", "keyId": "<hex SHA-256 of RCOI's SPKI DER>", "value": "<base64>" } }
 *
 * The package key itself is never in the clear in the file: it is wrapped to each registered GEK member's token
 * (key-wrap.ts: ECDH on P-256 between an ephemeral key of RCOI's and the token's key, HKDF-SHA256, AES-256-GCM). So
 * the file is useless without a token and its PIN: a copy on a drive, in HQ's database or in a log opens nothing.
 *
 * A main key lets a room station print its own room's kits. A reserve key (research-ru §5.1) names the subject, the
 * room, the station's unique number and the number of kits; it carries every reserve grant made so far for the
 * package (all stations, all earlier reserve keys), so the newest reserve key a station holds is the whole truth
 * about which reserve kits belong to whom — no two stations ever print the same reserve kit.
 */

export const EXAM_KEY_FORMAT = 'ppe-exam-key';
export const EXAM_KEY_FORMAT_VERSION = 1;
/** A key file is a few kilobytes; anything bigger is not one (read caps, transfer payload caps). */
export const EXAM_KEY_FILE_MAX_BYTES = 256 * 1024;

const base64 = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9+/]+={0,2}$/);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const code4 = z.string().regex(/^[0-9]{4}$/);
const localDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
/** The station's unique number in the PPE (station.setup gives six digits). */
const stationNumber = z.string().regex(/^[0-9]{6}$/);

export const examKeyEnvelopeSchema = z.strictObject({
  format: z.literal(EXAM_KEY_FORMAT),
  formatVersion: z.literal(EXAM_KEY_FORMAT_VERSION),
  payload: base64(EXAM_KEY_FILE_MAX_BYTES),
  signature: z.strictObject({ alg: z.literal('Ed25519'), keyId: hex64, value: base64(200) }),
});
export type ExamKeyEnvelope = z.infer<typeof examKeyEnvelopeSchema>;

/** The package key wrapped to one GEK member's token (key-wrap.ts). */
export const keyRecipientSchema = z.strictObject({
  /** RCOI's id of the GEK member (the distribution bundle's `staff[].id`). */
  staffId: z.string().min(1).max(64),
  /** The token's serial where RCOI has it (a room station finds the token by it, else tries the inserted tokens). */
  tokenSerial: z.string().min(1).max(64).nullable(),
  /** hex SHA-256 of the token key's SPKI DER: which token this entry is for. */
  tokenKey: hex64,
  /** RCOI's one-time P-256 public key for this recipient, SPKI DER, base64. */
  ephemeralKey: base64(400),
  /** 12-byte IV ‖ AES-256-GCM ciphertext of the 32-byte package key ‖ 16-byte tag, base64. */
  wrappedKey: base64(200),
});
export type KeyRecipient = z.infer<typeof keyRecipientSchema>;

/** One reserve grant: `kits` reserve kits of the package, given to one room's station (their indices in the package). */
export const reserveGrantSchema = z.strictObject({
  /** 1, 2, … in the order RCOI granted them for this package. */
  sequence: z.number().int().min(1).max(10_000),
  roomCode: code4,
  stationNumber,
  kits: z.number().int().min(1).max(100),
  /** The kits' indices in the package (KITS.md «Numbering»): among the package's reserve kits, never granted twice. */
  kitIndices: z.array(z.number().int().min(1).max(10_000)).min(1).max(100),
  grantedAt: z.iso.datetime(),
});
export type ReserveGrant = z.infer<typeof reserveGrantSchema>;

export const examKeyPayloadSchema = z
  .strictObject({
    /** A fresh UUID per released key file (a key fetched again is the same file, same id). */
    keyId: z.uuid(),
    kind: z.enum(['main', 'reserve']),
    /** 0 for the main key; the reserve grant's sequence for a reserve key. */
    sequence: z.number().int().min(0).max(10_000),
    regionCode: z.string().regex(/^[0-9]{2}$/),
    ppeCode: code4,
    packageId: z.uuid(),
    exam: z.strictObject({
      date: localDate,
      subjectCode: z.number().int().positive().max(999),
      form: z.enum(['EGE', 'GVE']),
      dayKind: z.enum(['main', 'reserve']),
    }),
    /** The manifest's `encryption.keyId`: binds the key to the package it opens (checked before any pack is read). */
    packageKeyId: z.string().regex(/^[0-9a-f]{16}$/),
    issuedAt: z.iso.datetime(),
    /** Who asked (the request was signed by this member's token). */
    requestedBy: z.strictObject({ staffId: z.string().min(1).max(64), tokenKey: hex64 }),
    recipients: z.array(keyRecipientSchema).min(1).max(50),
    /** Every reserve grant so far for this package, in sequence order; empty in a main key. */
    reserve: z.array(reserveGrantSchema).max(1000),
  })
  .refine((p) => (p.kind === 'main') === (p.sequence === 0), 'a main key has sequence 0, a reserve key its grant')
  .refine((p) => p.kind === 'main' || p.reserve.some((g) => g.sequence === p.sequence), 'a reserve key carries its own grant')
  .refine((p) => p.reserve.every((g, i) => g.sequence === i + 1), 'reserve grants are numbered 1, 2, … without gaps');
export type ExamKeyPayload = z.infer<typeof examKeyPayloadSchema>;

/**
 * What HQ sends RCOI to ask for a key (POST /api/v1/exam-keys, over the station-signed sync request), signed by the
 * GEK member's token: `requestBytes` is the UTF-8 JSON of this object, `tokenSignature` the token's raw r‖s ECDSA
 * P-256 SHA-256 signature over exactly those bytes. RCOI checks the signature against the key it registered to
 * that member for that PPE and date, so neither HQ nor anyone on the wire can ask in a member's name.
 */
export const examKeyRequestSchema = z.strictObject({
  purpose: z.literal('ppe-exam-key-request'),
  regionCode: z.string().regex(/^[0-9]{2}$/),
  ppeCode: code4,
  packageId: z.uuid(),
  examDate: localDate,
  staffId: z.string().min(1).max(64),
  /** hex SHA-256 of the SPKI DER of the token key that signed. */
  tokenKey: hex64,
  /** When the member signed, by HQ's clock (RCOI allows a few minutes' skew and refuses a replayed nonce). */
  signedAt: z.iso.datetime(),
  nonce: z.string().regex(/^[0-9a-f]{32}$/),
  /** main: the exam's key; reserve: a new reserve grant; again: a key released before, fetched anew (by keyId). */
  ask: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('main') }),
    z.strictObject({
      kind: z.literal('reserve'),
      subjectCode: z.number().int().positive().max(999),
      roomCode: code4,
      stationNumber,
      kits: z.number().int().min(1).max(100),
    }),
    z.strictObject({ kind: z.literal('again'), keyId: z.uuid() }),
  ]),
});
export type ExamKeyRequest = z.infer<typeof examKeyRequestSchema>;
