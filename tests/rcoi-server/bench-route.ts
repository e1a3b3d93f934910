import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { BlobFolder, WrittenFile } from './blob-folder';
import { HttpError } from './http-json';

const MAX_BENCH_BYTES = 8 * 1024 * 1024 * 1024;

/**
 * PUT /bench/raw/:name — the disk half of a chunk upload without the protocol: the body streamed to a file in
 * bench/ with SHA-256 while writing and fdatasync at the end, by the same code (BlobFolder pump) that writes a chunk
 * into its upload's file. `curl -T file` against it is the baseline for the chunked upload.
 */
export async function handleBenchUpload(blobs: BlobFolder, name: string, req: IncomingMessage): Promise<WrittenFile> {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name) || name.startsWith('.')) {
    throw new HttpError(400, 'bench file names are 1-64 of A-Z a-z 0-9 . _ - and do not start with a dot');
  }
  return blobs.receiveFile(req as AsyncIterable<Buffer>, join(blobs.bench, name), { maxBytes: MAX_BENCH_BYTES });
}
