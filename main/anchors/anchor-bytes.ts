/**
 * The exact bytes a journal anchor's signature covers (ANCHORS.md, "Signed bytes"). Built field by field in a fixed
 * order, each text length-prefixed and each number fixed-width, so that no two anchors share their bytes whatever
 * their fields hold, and RCOI can check a signature from the fields alone, with no JSON to re-serialise.
 */

/** The fixed label: what these bytes are, so an anchor signature can never pass for a transfer message's or RCOI's. */
export const ANCHOR_LABEL = 'PPE-JOURNAL-ANCHOR/1';

/** What an anchor says: the signer's PPE and station, its number, the anchored entry and when it was signed. */
export interface AnchorFacts {
  region: string;
  ppeCode: string;
  station: string;
  anchorNo: number;
  seq: number;
  /** The anchored entry's hash: 64 lowercase hex digits. */
  entryHash: string;
  /** UTC instant (ISO 8601 with milliseconds), signed as milliseconds since 1970. */
  signedAt: string;
}

const HASH_HEX = /^[0-9a-f]{64}$/;

export function anchorBytes(f: AnchorFacts): Buffer {
  if (!HASH_HEX.test(f.entryHash)) throw new Error('anchor: the entry hash must be 64 lowercase hex digits');
  const signedMs = Date.parse(f.signedAt);
  if (!Number.isFinite(signedMs) || new Date(signedMs).toISOString() !== f.signedAt) throw new Error('anchor: signedAt must be an ISO instant');
  return Buffer.concat([
    text(ANCHOR_LABEL),
    text(f.region),
    text(f.ppeCode),
    text(f.station),
    u64(f.anchorNo),
    u64(f.seq),
    Buffer.from(f.entryHash, 'hex'),
    u64(signedMs),
  ]);
}

function text(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > 0xffff) throw new Error('anchor: a text field is too long');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function u64(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error('anchor: a number field must be a non-negative integer');
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
