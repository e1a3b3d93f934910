import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../main/core/clock';
import type { Db } from '../../main/db/open-database';
import type { BlobFolder, WrittenFile } from './blob-folder';
import { HttpError } from './http-json';
import { conflict, type Delivery, type ItemHeader, type ItemStore } from './item-store';
import { chunkCount, chunkLength, type UploadDeclaration } from './sync-schemas';
import type { ChunkRecord, UploadRecord, UploadStore } from './upload-store';

/** A request body already streamed to a temporary file (fsync'd) with its hash. */
export interface ReceivedBody extends WrittenFile {
  file: string;
}

export interface UploadState {
  received: number[];
  status: 'open' | 'stored';
}

/**
 * Large items (PROTOCOL.md "Uploads", steps 1–3): declared, sent in chunks in any order and any number of times,
 * then assembled and checked as a whole. Each item's steps run one at a time (a per-item queue), so a retried
 * chunk or commit racing the first one waits for it and then sees its outcome.
 */
export class LargeUploads {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly uploads: UploadStore,
    private readonly items: ItemStore,
    private readonly blobs: BlobFolder,
    private readonly clock: Clock,
  ) {
    this.sweep();
  }

  /** Opens an upload or tells where it stands; calling it again after any failure is how the client resumes. */
  open(stationId: string, declaration: UploadDeclaration): Promise<UploadState> {
    const { itemId } = declaration;
    return this.serially(itemId, async () => {
      const header = headerOf(stationId, declaration);
      const stored = this.items.entry(itemId);
      if (stored) {
        if (!this.items.isSame(stored, header, declaration.sha256, declaration.size, true)) throw conflict(itemId);
        return { received: allIndexes(declaration.size, declaration.chunkSize), status: 'stored' };
      }
      const existing = this.uploads.get(itemId);
      if (existing) {
        if (!sameContent(existing, stationId, declaration)) throw conflict(itemId);
        if (existing.chunkSize !== declaration.chunkSize) {
          this.uploads.changeChunkSize(itemId, declaration.chunkSize);
          await rm(this.blobs.uploadDir(itemId), { recursive: true, force: true });
        }
        return { received: this.heldChunks(itemId).map((c) => c.index), status: 'open' };
      }
      await mkdir(this.blobs.uploadDir(itemId), { recursive: true });
      this.uploads.open({ ...declaration, stationId }, this.clock.now());
      return { received: [], status: 'open' };
    });
  }

  /**
   * Keeps one chunk. The body's bytes were already checked against the hash the request was signed with; here they
   * must also be the chunk's hash and its size. A chunk held already with the same bytes is not rewritten: that is
   * the second copy of a delivery.
   */
  putChunk(stationId: string, itemId: string, index: number, body: ReceivedBody, chunkSha256: string): Promise<{ received: number }> {
    return this.serially(itemId, async () => {
      const upload = this.uploads.get(itemId);
      if (!upload || upload.stationId !== stationId) return { received: this.finishedChunkCount(stationId, itemId) };
      const count = chunkCount(upload.size, upload.chunkSize);
      if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new HttpError(400, `chunk index ${index} is outside 0..${count - 1}`, 'bad_request');
      }
      if (body.sha256 !== chunkSha256) throw new HttpError(422, `chunk ${index} does not match its SHA-256`, 'chunk_hash');
      const expected = chunkLength(upload.size, upload.chunkSize, index);
      if (body.size !== expected) {
        throw new HttpError(422, `chunk ${index} has ${body.size} bytes, ${expected} expected`, 'chunk_size');
      }
      const held = this.uploads.chunk(itemId, index);
      if (held?.sha256 === body.sha256 && this.isIntact(held)) {
        await rm(body.file, { force: true });
        return { received: this.uploads.chunks(itemId).length };
      }
      const dir = this.blobs.uploadDir(itemId);
      await mkdir(dir, { recursive: true });
      const dest = join(dir, `${index}.chunk`);
      await this.blobs.moveInto(body.file, dest, dir);
      this.uploads.putChunk(itemId, { index, sha256: body.sha256, size: body.size, filePath: this.blobs.relative(dest) }, this.clock.now());
      return { received: this.uploads.chunks(itemId).length };
    });
  }

  /**
   * Assembles the chunks in order into the item's file while hashing them (one read buffer in memory), and stores
   * the item only if the whole matches the declared size and SHA-256. A mismatch drops the upload: the client opens
   * it again and starts over.
   */
  commit(stationId: string, itemId: string): Promise<Delivery> {
    return this.serially(itemId, async (): Promise<Delivery> => {
      const stored = this.items.entry(itemId);
      if (stored) {
        if (stored.stationId !== stationId || !stored.large) throw conflict(itemId);
        this.items.countDuplicate(itemId);
        return { status: 'duplicate', sha256: stored.sha256 };
      }
      const upload = this.uploads.get(itemId);
      if (!upload || upload.stationId !== stationId) throw noUpload(itemId);
      const chunks = this.heldChunks(itemId);
      const held = new Set(chunks.map((c) => c.index));
      const missing = allIndexes(upload.size, upload.chunkSize).filter((i) => !held.has(i));
      if (missing.length > 0) {
        const shown = missing.slice(0, 20).join(', ') + (missing.length > 20 ? ', …' : '');
        throw new HttpError(422, `chunks not received yet: ${shown}`, 'missing_chunks');
      }
      const temp = this.blobs.tempFile();
      const whole = await this.blobs.concatenate(chunks.map((c) => this.blobs.absolute(c.filePath)), temp);
      if (whole.sha256 !== upload.sha256 || whole.size !== upload.size) {
        await rm(temp, { force: true });
        await this.discard(itemId);
        throw new HttpError(422, `the assembled file (${whole.size} bytes) does not match the declared SHA-256`, 'file_hash');
      }
      const final = join(this.blobs.items, `${itemId}.bin`);
      await this.blobs.moveInto(temp, final, this.blobs.items);
      // The file is complete and durable before the row that names it commits; the chunks go only after that.
      this.db.transaction(() => {
        this.items.insertLarge(itemId, headerOf(stationId, upload), {
          sha256: whole.sha256,
          size: whole.size,
          path: this.blobs.relative(final),
          chunkSize: upload.chunkSize,
        });
        this.uploads.remove(itemId);
      }).immediate();
      await rm(this.blobs.uploadDir(itemId), { recursive: true, force: true });
      return { status: 'stored', sha256: whole.sha256 };
    });
  }

  /** A chunk arriving after its item was stored (a late retry): nothing to keep; say everything is there. */
  private finishedChunkCount(stationId: string, itemId: string): number {
    const stored = this.items.entry(itemId);
    const chunkSize = this.items.chunkSizeOf(itemId);
    if (!stored || stored.stationId !== stationId || chunkSize === undefined) throw noUpload(itemId);
    return chunkCount(stored.size, chunkSize);
  }

  /** The chunks held, after dropping any row whose file is not there intact (so it is asked for again). */
  private heldChunks(itemId: string): ChunkRecord[] {
    const chunks = this.uploads.chunks(itemId);
    const intact = chunks.filter((c) => this.isIntact(c));
    if (intact.length !== chunks.length) {
      for (const c of chunks) if (!intact.includes(c)) this.uploads.dropChunk(itemId, c.index);
    }
    return intact;
  }

  private isIntact(chunk: ChunkRecord): boolean {
    try {
      return statSync(this.blobs.absolute(chunk.filePath)).size === chunk.size;
    } catch {
      return false;
    }
  }

  private async discard(itemId: string): Promise<void> {
    this.uploads.remove(itemId);
    await rm(this.blobs.uploadDir(itemId), { recursive: true, force: true });
  }

  /**
   * After a crash: chunk folders of uploads that no longer exist, chunk files no row names (renamed in but not
   * recorded) and item files no row names (assembled but not committed; the upload is still open) are removed.
   */
  private sweep(): void {
    const open = new Set(this.uploads.all().map((u) => u.itemId));
    for (const name of readdirSync(this.blobs.uploads)) {
      if (!open.has(name)) rmSync(join(this.blobs.uploads, name), { recursive: true, force: true });
    }
    for (const itemId of open) {
      const named = new Set(this.heldChunks(itemId).map((c) => this.blobs.absolute(c.filePath)));
      const dir = this.blobs.uploadDir(itemId);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) if (!named.has(join(dir, file))) rmSync(join(dir, file), { force: true });
    }
    for (const name of readdirSync(this.blobs.items)) {
      const itemId = name.replace(/\.bin$/, '');
      if (this.items.content(itemId) === undefined) rmSync(join(this.blobs.items, name), { force: true });
    }
  }

  private serially<T>(itemId: string, step: () => Promise<T>): Promise<T> {
    // The queue's tail never rejects (see below), so each step starts after the previous one whatever its outcome.
    const previous = this.queues.get(itemId) ?? Promise.resolve();
    const run = previous.then(step);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(itemId, tail);
    void tail.then(() => {
      if (this.queues.get(itemId) === tail) this.queues.delete(itemId);
    });
    return run;
  }
}

function headerOf(stationId: string, d: Pick<UploadDeclaration, 'kind' | 'schemaVersion' | 'stream'>): ItemHeader {
  return { stationId, kind: d.kind, schemaVersion: d.schemaVersion, stream: d.stream };
}

function sameContent(upload: UploadRecord, stationId: string, d: UploadDeclaration): boolean {
  return (
    upload.stationId === stationId &&
    upload.kind === d.kind &&
    upload.schemaVersion === d.schemaVersion &&
    upload.stream === d.stream &&
    upload.size === d.size &&
    upload.sha256 === d.sha256
  );
}

function allIndexes(size: number, chunkSize: number): number[] {
  return Array.from({ length: chunkCount(size, chunkSize) }, (_, i) => i);
}

function noUpload(itemId: string): HttpError {
  return new HttpError(404, `no upload is open for item ${itemId}`, 'no_upload');
}
