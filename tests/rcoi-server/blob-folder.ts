import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface WrittenFile {
  sha256: string;
  size: number;
}

export interface ReceiveOptions {
  /** More bytes than this and the receive fails with TooManyBytesError before writing them. */
  maxBytes: number;
  /** Called with the running total after each piece is written: the fault injector cuts connections here. */
  onBytes?: (total: number) => void;
  /** fdatasync before resolving (the default). Chunks skip it: the commit syncs the whole file once. */
  durable?: boolean;
}

export class TooManyBytesError extends Error {}

/**
 * The folder of large bytes next to the RCOI database (`<db>.blobs/`): the files of uploads in progress
 * (`uploads/<itemId>.part`, each chunk written at its offset), stored items (`items/<itemId>.bin`, the same file
 * renamed once its whole hash checked out) and bench files. SQLite holds paths relative to it. A byte is written
 * once: a chunk goes straight to its place in the item's file, so a commit hashes the file but never copies it.
 */
export class BlobFolder {
  readonly uploads: string;
  readonly items: string;
  readonly bench: string;

  constructor(readonly root: string) {
    this.uploads = join(root, 'uploads');
    this.items = join(root, 'items');
    this.bench = join(root, 'bench');
    for (const dir of [this.uploads, this.items, this.bench]) mkdirSync(dir, { recursive: true });
  }

  partFile(itemId: string): string {
    return join(this.uploads, `${itemId}.part`);
  }

  itemFile(itemId: string): string {
    return join(this.items, `${itemId}.bin`);
  }

  relative(path: string): string {
    return relative(this.root, path);
  }

  absolute(relativePath: string): string {
    return join(this.root, relativePath);
  }

  list(dir: string): string[] {
    return readdirSync(dir);
  }

  /** Streams a body into a new file (hashing while writing, fdatasync at the end); a failed receive leaves no file. */
  async receiveFile(source: AsyncIterable<Buffer>, dest: string, options: ReceiveOptions): Promise<WrittenFile> {
    const fh = await open(dest, 'w');
    try {
      return await pump(fh, source, 0, options);
    } catch (error) {
      await rm(dest, { force: true });
      throw error;
    } finally {
      await fh.close();
    }
  }

  /**
   * Streams a body into an existing file from `position` on: a chunk into its place. A failed receive leaves
   * whatever it wrote; the caller records the chunk only after success, so such bytes are never counted.
   */
  async receiveInto(source: AsyncIterable<Buffer>, path: string, position: number, options: ReceiveOptions): Promise<WrittenFile> {
    const fh = await open(path, 'r+');
    try {
      return await pump(fh, source, position, options);
    } finally {
      await fh.close();
    }
  }

  /** Creates an empty file (or empties one) and makes its name durable. */
  async createEmpty(path: string, dir: string): Promise<void> {
    const fh = await open(path, 'w');
    await fh.close();
    await syncDir(dir);
  }

  /** Makes a file's bytes durable (fdatasync). */
  async syncFile(path: string): Promise<void> {
    const fh = await open(path, 'r+');
    try {
      await fh.datasync();
    } finally {
      await fh.close();
    }
  }

  /** SHA-256 and size of a file, read in 1 MiB pieces: memory stays at one piece whatever the size. */
  async hashFile(path: string): Promise<WrittenFile> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      hash.update(piece);
      size += piece.length;
    }
    return { sha256: hash.digest('hex'), size };
  }

  /** Renames a complete file into place and fsyncs the folder, so the new name survives a power cut. */
  async moveInto(from: string, to: string, toDir: string): Promise<void> {
    await rename(from, to);
    await syncDir(toDir);
  }
}

/**
 * One piece of the body in memory at a time: each write is awaited before the next piece is pulled, so a fast
 * sender is held back by TCP. The data is on disk (fdatasync) before this resolves.
 */
async function pump(fh: FileHandle, source: AsyncIterable<Buffer>, position: number, options: ReceiveOptions): Promise<WrittenFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of source) {
    if (size + piece.length > options.maxBytes) throw new TooManyBytesError(`more than ${options.maxBytes} bytes`);
    hash.update(piece);
    await writeAll(fh, piece, position + size);
    size += piece.length;
    options.onBytes?.(size);
  }
  if (options.durable !== false) await fh.datasync();
  return { sha256: hash.digest('hex'), size };
}

async function writeAll(fh: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, offset, bytes.length - offset, position + offset);
    offset += bytesWritten;
  }
}

export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
