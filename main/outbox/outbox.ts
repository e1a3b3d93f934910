import { createHash, randomUUID } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The transactional outbox: whatever RCOI must learn is written as a row in the same SQLite transaction as the
 * change that produced it (enqueue.ts, through the unit of work), so a commit means "recorded and queued" and a
 * rollback means neither. The sync worker delivers rows later, in order per stream, at least once; RCOI's
 * idempotency by item id makes the effect once. This module stages the bytes of large items beforehand.
 */
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
