import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/open-database';
import type { StagedBlob } from './outbox';

/*
 * The outbox's writing end. Only the unit of work (main/kernel/unit-of-work.ts) calls it, with a kind from the
 * catalog (main/ipc/outbox-kinds.ts); capabilities may not import it (.dependency-cruiser.cjs), so no message
 * leaves without its schema, its journal entry's transaction and the change event after the commit.
 */
export interface OutboxItemInput {
  stream: string;
  kind: string;
  schemaVersion: number;
  payload: Record<string, unknown>;
}

export const MAX_INLINE_ITEM_BYTES = 1024 * 1024;

function nextSeq(db: Db, stream: string): number {
  const row = db.prepare<[string], { n: number | null }>('SELECT max(stream_seq) AS n FROM outbox WHERE stream = ?').get(stream);
  return (row?.n ?? 0) + 1;
}

/** Queues a small JSON item. Must run inside the caller's transaction. */
export function enqueue(db: Db, item: OutboxItemInput, at: Date): string {
  if (!db.inTransaction) throw new Error('enqueue must run inside the transaction of the change it reports');
  const payload = JSON.stringify(item.payload);
  const size = Buffer.byteLength(payload);
  if (size > MAX_INLINE_ITEM_BYTES) throw new Error(`outbox item too large for inline delivery: ${size} bytes`);
  const id = randomUUID();
  db.prepare(
    `INSERT INTO outbox (id, stream, stream_seq, kind, schema_version, created_at, payload, size, sha256)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, item.stream, nextSeq(db, item.stream), item.kind, item.schemaVersion, at.toISOString(), payload, size,
    createHash('sha256').update(payload).digest('hex'));
  return id;
}

/** Queues a staged large item. Must run inside the caller's transaction. */
export function enqueueStaged(
  db: Db,
  item: Omit<OutboxItemInput, 'payload'>,
  blob: StagedBlob,
  at: Date,
): string {
  if (!db.inTransaction) throw new Error('enqueueStaged must run inside the transaction of the change it reports');
  db.prepare(
    `INSERT INTO outbox (id, stream, stream_seq, kind, schema_version, created_at, blob_file, size, sha256)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(blob.id, item.stream, nextSeq(db, item.stream), item.kind, item.schemaVersion, at.toISOString(), blob.file,
    blob.size, blob.sha256);
  return blob.id;
}
