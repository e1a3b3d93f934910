import { createHash, randomUUID } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open-database';

/**
 * The transactional outbox: whatever RCOI must learn is written as a row in the same SQLite transaction as the
 * change that produced it, so a commit means "recorded and queued" and a rollback means neither. The sync worker
 * delivers rows later, in order per stream, at least once; RCOI's idempotency by item id makes the effect once.
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

export interface StagedBlob {
  id: string;
  file: string;
  size: number;
  sha256: string;
}

export function blobDir(dataDir: string): string {
  return join(dataDir, 'outbox-blobs');
}

/**
 * Writes the bytes of a large item to the outbox folder before its row exists: temporary name, fsync, rename. The
 * row is then inserted in the domain transaction (enqueueStaged); a staged file whose transaction never committed
 * is an orphan that the worker removes at start.
 */
export async function stageBlob(dataDir: string, chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<StagedBlob> {
  const dir = blobDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const id = randomUUID();
  const temp = join(dir, `${id}.part`);
  const fd = openSync(temp, 'wx', 0o600);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of chunks) {
      hash.update(chunk);
      size += chunk.length;
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, id));
  return { id, file: id, size, sha256: hash.digest('hex') };
}

export function stageFile(dataDir: string, path: string): Promise<StagedBlob> {
  return stageBlob(dataDir, createReadStream(path, { highWaterMark: 1024 * 1024 }));
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
