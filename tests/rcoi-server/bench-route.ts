import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { BlobFolder, WrittenFile } from './blob-folder';
import { HttpError } from './http-json';

const MAX_BENCH_BYTES = 8 * 1024 * 1024 * 1024;

/**
 * PUT /bench/raw/:name — the disk half of a chunk upload without the protocol: the body streamed to a temporary
 * file with SHA-256 and fsync (the same BlobFolder.receive), then renamed into bench/ with its folder fsync'd, as a
 * chunk is renamed into its upload folder. `curl -T file` against it measures what the chunk path costs on disk.
 */
export async function handleBenchUpload(blobs: BlobFolder, name: string, req: IncomingMessage): Promise<WrittenFile> {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name) || name.startsWith('.')) {
    throw new HttpError(400, 'bench file names are 1-64 of A-Z a-z 0-9 . _ - and do not start with a dot');
  }
  const temp = blobs.tempFile();
  const written = await blobs.receive(req as AsyncIterable<Buffer>, temp, { maxBytes: MAX_BENCH_BYTES });
  await blobs.moveInto(temp, join(blobs.bench, name), blobs.bench);
  return written;
}
