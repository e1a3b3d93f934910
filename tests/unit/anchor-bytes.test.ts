import { describe, expect, it } from 'vitest';
import { ANCHOR_LABEL, anchorBytes, type AnchorFacts } from '../../main/anchors/anchor-bytes';

// The signed bytes of a journal anchor, exactly as main/anchors/ANCHORS.md documents them: RCOI (or anyone) must be
// able to rebuild them from the fields alone.

const facts: AnchorFacts = {
  region: '42',
  ppeCode: '0412',
  station: '0412101',
  anchorNo: 3,
  seq: 1234,
  entryHash: '0f'.repeat(32),
  signedAt: '2026-06-01T01:12:00.000Z',
};

const text = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

describe('anchor bytes', () => {
  it('are the label, region, PPE code, station (2-byte lengths, UTF-8), anchor no., seq, raw hash, signing ms (8-byte BE)', () => {
    expect(ANCHOR_LABEL).toBe('PPE-JOURNAL-ANCHOR/1');
    const expected = Buffer.concat([
      text('PPE-JOURNAL-ANCHOR/1'),
      text('42'),
      text('0412'),
      text('0412101'),
      u64(3),
      u64(1234),
      Buffer.alloc(32, 0x0f),
      u64(Date.UTC(2026, 5, 1, 1, 12, 0)),
    ]);
    expect(anchorBytes(facts).toString('hex')).toBe(expected.toString('hex'));
  });

  it('differ whenever any field differs, and refuse what cannot be laid out unambiguously', () => {
    const base = anchorBytes(facts).toString('hex');
    const variants: Partial<AnchorFacts>[] = [
      { region: '43' },
      { ppeCode: '0413' },
      { station: '0412102' },
      { anchorNo: 4 },
      { seq: 1235 },
      { entryHash: '0e'.repeat(32) },
      { signedAt: '2026-06-01T01:12:00.001Z' },
      // Moving a character between neighbouring fields changes the bytes (length-prefixed, not just joined).
      { region: '420', ppeCode: '412' },
    ];
    for (const v of variants) expect(anchorBytes({ ...facts, ...v }).toString('hex'), JSON.stringify(v)).not.toBe(base);
    expect(() => anchorBytes({ ...facts, entryHash: 'AB'.repeat(32) })).toThrow(/hex/);
    expect(() => anchorBytes({ ...facts, signedAt: '2026-06-01T01:12:00Z' })).toThrow(/ISO/);
    expect(() => anchorBytes({ ...facts, seq: -1 })).toThrow(/non-negative/);
  });
});
