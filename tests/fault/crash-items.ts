import { createHash } from 'node:crypto';

/** The bytes of large item number `index`: derived from the index, so the test can recompute the expected hash. */
export function largeItemChunks(index: number, size: number): Buffer[] {
  const out: Buffer[] = [];
  let counter = 0;
  for (let made = 0; made < size; ) {
    const block = createHash('sha512').update(`large-${index}-${counter++}`).digest();
    const piece = block.subarray(0, Math.min(block.length, size - made));
    out.push(piece);
    made += piece.length;
  }
  return out;
}

export function largeItemSha256(index: number, size: number): string {
  const h = createHash('sha256');
  for (const c of largeItemChunks(index, size)) h.update(c);
  return h.digest('hex');
}

/** The payload of small item number `index`, as the child queues it. */
export function smallItemPayload(index: number) {
  return { index };
}
