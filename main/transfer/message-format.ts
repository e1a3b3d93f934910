import { z } from 'zod';

/**
 * The bytes of one transfer-drive message (FORMAT.md): a fixed preamble, the header as UTF-8 JSON, the body, and
 * the sender's Ed25519 signature over everything before it. Pure: no file system, no keys. Reading never trusts a
 * length it was given without checking it against the bytes it has.
 *
 *   0   4  magic "PPEX"
 *   4   2  format version, big-endian (1)
 *   6   4  header length H, big-endian
 *   10  4  body length B, big-endian
 *   14  H  header (UTF-8 JSON)
 *   14+H B body (payload JSON; when sealed, a 12-byte IV, then the AES-256-GCM ciphertext and its tag)
 *   …   64 Ed25519 signature over bytes [0, 14+H+B)
 */
export const MAGIC = Buffer.from('PPEX', 'ascii');
export const FORMAT_VERSION = 1;
export const PREAMBLE_BYTES = 14;
export const SIGNATURE_BYTES = 64;
export const MAX_HEADER_BYTES = 64 * 1024;
/** Every message is read whole into memory: a file bigger than this is refused unread. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

const stationNumber = z.string().regex(/^[0-9]{4,12}$/);
const roomCode = z.string().regex(/^[0-9]{4}$/);
const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(512);

export const receiverSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('station'), number: stationNumber }),
  z.strictObject({ type: z.literal('room'), code: roomCode }),
  z.strictObject({ type: z.literal('hq') }),
]);
export type Receiver = z.infer<typeof receiverSchema>;

/** How a secret body is sealed: one content key, wrapped for each receiving station (FORMAT.md, «Шифрование»). */
export const sealingSchema = z.strictObject({
  alg: z.literal('X25519-HKDF-SHA256-A256GCM'),
  ephemeralKey: b64,
  recipients: z
    .array(z.strictObject({ station: stationNumber, iv: b64, wrappedKey: b64 }))
    .min(1)
    .max(16),
});
export type Sealing = z.infer<typeof sealingSchema>;

export const headerSchema = z.strictObject({
  format: z.literal(FORMAT_VERSION),
  ppe: z.strictObject({ region: z.string().regex(/^[0-9]{2}$/), code: z.string().regex(/^[0-9]{4}$/) }),
  sender: stationNumber,
  receiver: receiverSchema,
  /** Checked against the kinds' catalog (transfer-kinds.ts) before anything else in the header is believed. */
  kind: z.string().max(64),
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  examDate: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/).nullable(),
  createdAt: z.iso.datetime(),
  sealing: sealingSchema.nullable(),
});
export type MessageHeader = z.infer<typeof headerSchema>;

/** The framing of a file, before its header is believed. */
export type Framing =
  | { ok: true; header: Buffer; body: Buffer; signed: Buffer; signature: Buffer }
  | { ok: false; problem: 'not_a_message' | 'trailing' }
  | { ok: false; problem: 'truncated'; expected: number; actual: number }
  | { ok: false; problem: 'format'; version: number };

export function frameMessage(header: Buffer, body: Buffer, sign: (signed: Buffer) => Buffer): Buffer {
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt16BE(FORMAT_VERSION, 4);
  preamble.writeUInt32BE(header.length, 6);
  preamble.writeUInt32BE(body.length, 10);
  const signed = Buffer.concat([preamble, header, body]);
  const signature = sign(signed);
  if (signature.length !== SIGNATURE_BYTES) throw new Error('transfer: a signature must be 64 bytes');
  return Buffer.concat([signed, signature]);
}

/** Splits a file into its parts; a file cut short says how long it should have been. */
export function unframeMessage(bytes: Buffer): Framing {
  const magicPart = bytes.subarray(0, MAGIC.length);
  if (!MAGIC.subarray(0, magicPart.length).equals(magicPart) || bytes.length === 0) return { ok: false, problem: 'not_a_message' };
  if (bytes.length < PREAMBLE_BYTES) return { ok: false, problem: 'truncated', expected: PREAMBLE_BYTES, actual: bytes.length };
  const version = bytes.readUInt16BE(4);
  if (version !== FORMAT_VERSION) return { ok: false, problem: 'format', version };
  const headerLength = bytes.readUInt32BE(6);
  const bodyLength = bytes.readUInt32BE(10);
  if (headerLength === 0 || headerLength > MAX_HEADER_BYTES) return { ok: false, problem: 'not_a_message' };
  const expected = PREAMBLE_BYTES + headerLength + bodyLength + SIGNATURE_BYTES;
  if (bytes.length < expected) return { ok: false, problem: 'truncated', expected, actual: bytes.length };
  if (bytes.length > expected) return { ok: false, problem: 'trailing' };
  const bodyEnd = PREAMBLE_BYTES + headerLength + bodyLength;
  return {
    ok: true,
    header: bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength),
    body: bytes.subarray(PREAMBLE_BYTES + headerLength, bodyEnd),
    signed: bytes.subarray(0, bodyEnd),
    signature: bytes.subarray(bodyEnd),
  };
}

/** The folder on the drive a receiver's messages go to, under PPE-TRANSFER/. */
export function receiverFolder(receiver: Receiver): string {
  if (receiver.type === 'station') return `station-${receiver.number}`;
  if (receiver.type === 'room') return `room-${receiver.code}`;
  return 'hq';
}

/** How the ledger and the journal name a receiver: 'station:0412001', 'room:0101', 'hq'. */
export function receiverKey(receiver: Receiver): string {
  if (receiver.type === 'station') return `station:${receiver.number}`;
  if (receiver.type === 'room') return `room:${receiver.code}`;
  return 'hq';
}

export const TRANSFER_FOLDER = 'PPE-TRANSFER';
export const MESSAGE_SUFFIX = '.ppex';
const SEQ_DIGITS = 8;

/** `<sender>-<seq>-<kind>.ppex`, the sequence zero-padded so that a folder listing sorts in order. */
export function messageFileName(sender: string, seq: number, kind: string): string {
  return `${sender}-${String(seq).padStart(SEQ_DIGITS, '0')}-${kind}${MESSAGE_SUFFIX}`;
}

/** What a file name claims, or null for a name that is not a message's; the header decides, the name must agree. */
export function parseMessageFileName(name: string): { sender: string; seq: number; kind: string } | null {
  const m = /^([0-9]{4,12})-([0-9]{1,16})-([a-z_.]{1,64})\.ppex$/.exec(name);
  if (!m) return null;
  return { sender: m[1]!, seq: Number(m[2]), kind: m[3]! };
}
