import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { SyncRefusedError, type Credentials, type SyncClient, type UploadDescriptor } from './sync-client';

/** Chunks in flight at once. More buys nothing on one link and costs memory (one chunk each). */
const IN_FLIGHT = 3;

export interface UploadProgress {
  size: number;
  bytesSent: number;
  bytesPerSecond: number;
  startedAt: string;
}

/**
 * Uploads a large item in chunks, each with its SHA-256, resuming from whatever RCOI already holds (it says so when
 * the upload is opened, so a restart, a dropped connection or a killed process costs at most one chunk). RCOI checks
 * the whole file's hash at commit. Reads one chunk at a time: memory stays at one chunk whatever the size.
 */
export async function uploadBlob(
  client: SyncClient,
  creds: Credentials,
  job: { file: string; descriptor: UploadDescriptor; now: () => Date; onProgress: (p: UploadProgress) => void },
): Promise<void> {
  const d = job.descriptor;
  const chunks = Math.max(1, Math.ceil(d.size / d.chunkSize));
  const fh = await open(job.file, 'r');
  try {
    for (let round = 0; round < 3; round++) {
      const opened = await client.openUpload(creds, d);
      if (opened.status === 'stored') return;
      const held = new Set(opened.received);
      const started = job.now();
      let sentNow = 0;
      let bytesSent = [...held].reduce((sum, i) => sum + chunkLength(d, i), 0);
      const todo = Array.from({ length: chunks }, (_, i) => i).filter((i) => !held.has(i));
      // A few chunks in flight at once: reading, hashing and RCOI's writing overlap instead of taking turns.
      const sendNext = async (): Promise<void> => {
        for (let i = todo.shift(); i !== undefined; i = todo.shift()) {
          const length = chunkLength(d, i);
          const bytes = Buffer.allocUnsafe(length);
          const { bytesRead } = await fh.read(bytes, 0, length, i * d.chunkSize);
          if (bytesRead !== length) throw new Error(`outbox file ${job.file} is shorter than recorded`);
          const sha = createHash('sha256').update(bytes).digest('hex');
          await putChunkChecked(client, creds, d.itemId, i, bytes, sha);
          bytesSent += length;
          sentNow += length;
          const seconds = Math.max(0.001, (job.now().getTime() - started.getTime()) / 1000);
          job.onProgress({ size: d.size, bytesSent, bytesPerSecond: sentNow / seconds, startedAt: started.toISOString() });
        }
      };
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.max(1, todo.length)) }, sendNext));
      try {
        await client.commitUpload(creds, d.itemId, d.sha256);
        return;
      } catch (e) {
        // Missing chunks or a whole-file mismatch: RCOI has told us what it holds; open again and fill the gaps.
        if (e instanceof SyncRefusedError && (e.reason === 'missing_chunks' || e.reason === 'file_hash')) continue;
        throw e;
      }
    }
    throw new SyncRefusedError(422, 'upload_incomplete');
  } finally {
    await fh.close();
  }
}

/** A chunk damaged on the way is refused by RCOI (its hash does not match): send it again, a few times at most. */
async function putChunkChecked(client: SyncClient, creds: Credentials, itemId: string, index: number, bytes: Buffer, sha: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.putChunk(creds, itemId, index, bytes, sha);
    } catch (e) {
      if (!(e instanceof SyncRefusedError) || e.reason !== 'chunk_hash' || attempt >= 3) throw e;
    }
  }
}

function chunkLength(d: UploadDescriptor, index: number): number {
  return Math.max(0, Math.min(d.chunkSize, d.size - index * d.chunkSize));
}
