import { closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../main/kernel/clock';
import type { Db } from '../../main/db/open-database';
import { TooManyBytesError, type BlobFolder, type WrittenFile } from './blob-folder';
import { HttpError } from './http-json';
import { conflict, type Delivery, type ItemHeader, type ItemStore } from './item-store';
import { chunkCount, chunkLength, type UploadDeclaration } from './sync-schemas';
import type { ChunkRecord, UploadRecord, UploadStore } from './upload-store';

export interface UploadState {
  received: number[];
  status: 'open' | 'stored';
}

/** A chunk body as the route hands it over: the bytes, and what to do with the connection it arrives on. */
export interface ChunkBody {
  source: AsyncIterable<Buffer>;
  /** X-PPE-Chunk-Sha256 (which the signature covers). */
  declaredSha256: string;
  onBytes?: (total: number) => void;
  /** Cuts the connection: a commit stops a chunk still arriving this way. */
  abort(): void;
  /** Throws the body away unread: the chunk is held already, or the item is complete. */
  discard(): void;
}

/** A chunk being written into an upload's file, from the moment its place is reserved until it is recorded. */
interface Writer {
  index: number;
  abort(): void;
  /** Set by a commit or a restart of the upload: the file this writer was writing is no longer the upload's. */
  void: boolean;
  recorded: boolean;
  done: Promise<void>;
  finish(): void;
}

/** What receiving a chunk did; recordChunk() turns it into the answer (twice under the duplicateResponse fault). */
export type ChunkReceipt = { kind: 'written'; writer: Writer; written: WrittenFile } | { kind: 'held' } | { kind: 'stored' };

/**
 * Large items (PROTOCOL.md "Uploads", steps 1–3). Each upload has one file, `uploads/<itemId>.part`; a chunk is
 * streamed straight to its offset there (fdatasync'd, then recorded), and a commit hashes the file as a whole and
 * renames it into items/. Every byte is written once; a commit reads the file (from the page cache, as a rule)
 * but never copies it.
 *
 * The bookkeeping steps of one item run one at a time (a per-item queue): reserving a chunk's place, recording
 * it, opening, committing. Receiving the bytes runs outside the queue, so a hung connection never blocks the
 * client's retry; a commit first cuts and waits out any chunk still arriving, so nothing writes into a file that
 * is being checked or has become a stored item.
 */
export class LargeUploads {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly writers = new Map<string, Set<Writer>>();
  /**
   * The whole-file SHA-256 of each upload's contiguous prefix, advanced in the background as chunks are recorded
   * (reading them back from the page cache), so a commit need not read the whole file again. Lost on restart or
   * when a chunk inside the prefix changes: then the commit hashes the file itself, as before.
   */
  private readonly running = new Map<string, { next: number; hash: Hash }>();

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
      const stored = this.items.entry(itemId);
      if (stored) {
        if (!this.items.isSame(stored, headerOf(stationId, declaration), declaration.sha256, declaration.size, true)) {
          throw conflict(itemId);
        }
        return { received: allIndexes(declaration.size, declaration.chunkSize), status: 'stored' };
      }
      const existing = this.uploads.get(itemId);
      if (existing && !sameContent(existing, stationId, declaration)) throw conflict(itemId);
      if (existing && existing.chunkSize === declaration.chunkSize) {
        return { received: this.heldChunks(existing).map((c) => c.index), status: 'open' };
      }
      // New, or a new chunk size (whose boundaries no chunk held lines up with): an empty file.
      await this.stopWriters(itemId);
      this.running.delete(itemId);
      await this.blobs.createEmpty(this.blobs.partFile(itemId), this.blobs.uploads);
      if (existing) this.uploads.changeChunkSize(itemId, declaration.chunkSize);
      else this.uploads.open({ ...declaration, stationId }, this.clock.now());
      return { received: [], status: 'open' };
    });
  }

  /**
   * Takes a chunk's bytes in. A chunk already held with this hash is not rewritten (that is a second copy of a
   * delivery); otherwise its place is reserved (and any older record of it forgotten, since its bytes are about
   * to change) and the body streamed there.
   */
  async receiveChunk(stationId: string, itemId: string, index: number, body: ChunkBody): Promise<ChunkReceipt> {
    const place = await this.serially(itemId, async () => {
      const upload = this.uploads.get(itemId);
      if (!upload || upload.stationId !== stationId) {
        this.finishedChunkCount(stationId, itemId); // throws no_upload unless the item is stored
        return { kind: 'stored' } as const;
      }
      const count = chunkCount(upload.size, upload.chunkSize);
      if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new HttpError(400, `chunk index ${index} is outside 0..${count - 1}`, 'bad_request');
      }
      const held = this.uploads.chunk(itemId, index);
      if (held && held.sha256 === body.declaredSha256 && this.isIntact(upload, held)) return { kind: 'held' } as const;
      if (held) {
        this.uploads.dropChunk(itemId, index);
        if ((this.running.get(itemId)?.next ?? 0) > index) this.running.delete(itemId);
      }
      let finish = (): void => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      const writer: Writer = { index, abort: () => body.abort(), void: false, recorded: false, done, finish };
      this.writersOf(itemId).add(writer);
      return { kind: 'write', writer, offset: index * upload.chunkSize, length: chunkLength(upload.size, upload.chunkSize, index) } as const;
    });
    if (place.kind !== 'write') {
      body.discard();
      return place;
    }
    const { writer } = place;
    try {
      const written = await this.blobs.receiveInto(body.source, this.blobs.partFile(itemId), place.offset, {
        maxBytes: place.length,
        onBytes: body.onBytes,
        // A held chunk survives a crash of this process (the page cache keeps it); only a power cut before the
        // commit could lose one, and the commit's whole-file hash would then send the client back to the start.
        // Syncing once per item instead of once per chunk is what keeps chunked uploads near a plain stream.
        durable: false,
      });
      return { kind: 'written', writer, written };
    } catch (error) {
      this.writersOf(itemId).delete(writer);
      if (error instanceof TooManyBytesError) {
        throw new HttpError(422, `chunk ${index} is longer than its ${place.length} bytes`, 'chunk_size');
      }
      throw error;
    } finally {
      writer.finish();
    }
  }

  /**
   * Records a received chunk if its bytes are the ones declared (422 chunk_hash otherwise: nothing recorded, the
   * client sends it again) and answers how many chunks are held. Safe to run twice for one receipt.
   */
  recordChunk(stationId: string, itemId: string, index: number, receipt: ChunkReceipt, declaredSha256: string): Promise<{ received: number }> {
    return this.serially(itemId, async () => {
      if (receipt.kind === 'written' && !receipt.writer.recorded) {
        const { writer, written } = receipt;
        this.writersOf(itemId).delete(writer);
        const upload = this.uploads.get(itemId);
        if (writer.void || !upload) {
          if (this.items.entry(itemId)) return { received: this.finishedChunkCount(stationId, itemId) };
          throw new HttpError(503, 'the upload was restarted while this chunk arrived; send it again', 'retry');
        }
        if (written.sha256 !== declaredSha256) throw new HttpError(422, `chunk ${index} does not match its SHA-256`, 'chunk_hash');
        const expected = chunkLength(upload.size, upload.chunkSize, index);
        if (written.size !== expected) {
          throw new HttpError(422, `chunk ${index} has ${written.size} bytes, ${expected} expected`, 'chunk_size');
        }
        const filePath = this.blobs.relative(this.blobs.partFile(itemId));
        this.uploads.putChunk(itemId, { index, sha256: written.sha256, size: written.size, filePath }, this.clock.now());
        writer.recorded = true;
        // Not awaited: the answer goes out now; the prefix hash catches up in this item's queue, before any commit.
        void this.serially(itemId, () => this.advanceRunningHash(itemId));
      }
      if (!this.uploads.get(itemId)) return { received: this.finishedChunkCount(stationId, itemId) };
      return { received: this.uploads.chunks(itemId).length };
    });
  }

  /**
   * Checks the upload's file as a whole (one read buffer in memory) and stores the item only if it has the declared
   * size and SHA-256. A mismatch drops the upload: the client opens it again and starts over.
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
      await this.stopWriters(itemId);
      const held = new Set(this.heldChunks(upload).map((c) => c.index));
      const missing = allIndexes(upload.size, upload.chunkSize).filter((i) => !held.has(i));
      if (missing.length > 0) {
        const shown = missing.slice(0, 20).join(', ') + (missing.length > 20 ? ', …' : '');
        throw new HttpError(422, `chunks not received yet: ${shown}`, 'missing_chunks');
      }
      const part = this.blobs.partFile(itemId);
      await this.blobs.syncFile(part);
      const running = this.running.get(itemId);
      this.running.delete(itemId);
      const whole =
        running && running.next === chunkCount(upload.size, upload.chunkSize)
          ? { sha256: running.hash.digest('hex'), size: statSync(part).size }
          : await this.blobs.hashFile(part);
      if (whole.sha256 !== upload.sha256 || whole.size !== upload.size) {
        this.uploads.remove(itemId);
        await rm(part, { force: true });
        throw new HttpError(422, `the assembled file (${whole.size} bytes) does not match the declared SHA-256`, 'file_hash');
      }
      const final = this.blobs.itemFile(itemId);
      // The file is in place (and its name durable) before the row naming it commits. A crash in between leaves
      // the upload open and its file in items/: sweep() moves it back.
      await this.blobs.moveInto(part, final, this.blobs.items);
      this.db.transaction(() => {
        const file = { sha256: whole.sha256, size: whole.size, path: this.blobs.relative(final), chunkSize: upload.chunkSize };
        this.items.insertLarge(itemId, headerOf(stationId, upload), file);
        this.uploads.remove(itemId);
      }).immediate();
      return { status: 'stored', sha256: whole.sha256 };
    });
  }

  private async advanceRunningHash(itemId: string): Promise<void> {
    const upload = this.uploads.get(itemId);
    if (!upload) return;
    let state = this.running.get(itemId);
    if (!state) {
      if (!this.uploads.chunk(itemId, 0)) return;
      state = { next: 0, hash: createHash('sha256') };
      this.running.set(itemId, state);
    }
    const part = this.blobs.partFile(itemId);
    for (let chunk = this.uploads.chunk(itemId, state.next); chunk; chunk = this.uploads.chunk(itemId, state.next)) {
      const bytes = Buffer.allocUnsafe(chunk.size);
      const fh = await open(part, 'r');
      try {
        const { bytesRead } = await fh.read(bytes, 0, chunk.size, state.next * upload.chunkSize);
        if (bytesRead !== chunk.size) {
          this.running.delete(itemId);
          return;
        }
      } finally {
        await fh.close();
      }
      if (this.running.get(itemId) !== state) return;
      state.hash.update(bytes);
      state.next++;
    }
  }

  /** Cuts every chunk still arriving for an item and waits until none can write any more. */
  private async stopWriters(itemId: string): Promise<void> {
    const writers = [...this.writersOf(itemId)];
    this.writers.delete(itemId);
    for (const w of writers) {
      w.void = true;
      w.abort();
    }
    await Promise.all(writers.map((w) => w.done));
  }

  private writersOf(itemId: string): Set<Writer> {
    let set = this.writers.get(itemId);
    if (!set) this.writers.set(itemId, (set = new Set()));
    return set;
  }

  /** A chunk arriving after its item was stored (a late retry): nothing to keep; say everything is there. */
  private finishedChunkCount(stationId: string, itemId: string): number {
    const stored = this.items.entry(itemId);
    const chunkSize = this.items.chunkSizeOf(itemId);
    if (!stored || stored.stationId !== stationId || chunkSize === undefined) throw noUpload(itemId);
    return chunkCount(stored.size, chunkSize);
  }

  /** The chunks recorded, after forgetting any the file does not reach to (so they are asked for again). */
  private heldChunks(upload: UploadRecord): ChunkRecord[] {
    const chunks = this.uploads.chunks(upload.itemId);
    const intact = chunks.filter((c) => this.isIntact(upload, c));
    for (const c of chunks) if (!intact.includes(c)) this.uploads.dropChunk(upload.itemId, c.index);
    return intact;
  }

  private isIntact(upload: UploadRecord, chunk: ChunkRecord): boolean {
    try {
      return statSync(this.blobs.absolute(chunk.filePath)).size >= chunk.index * upload.chunkSize + chunk.size;
    } catch {
      return false;
    }
  }

  /**
   * After a crash: an item file whose commit did not reach the database goes back to its upload; files of no
   * upload and no item are removed; an upload whose file is gone gets an empty one (heldChunks forgets its chunks).
   */
  private sweep(): void {
    const open = new Map(this.uploads.all().map((u) => [u.itemId, u]));
    for (const name of this.blobs.list(this.blobs.items)) {
      const itemId = name.replace(/\.bin$/, '');
      if (this.items.content(itemId) !== undefined) continue;
      const path = join(this.blobs.items, name);
      if (open.has(itemId) && !existsSync(this.blobs.partFile(itemId))) renameSync(path, this.blobs.partFile(itemId));
      else rmSync(path, { force: true });
    }
    for (const name of this.blobs.list(this.blobs.uploads)) {
      if (!open.has(name.replace(/\.part$/, ''))) rmSync(join(this.blobs.uploads, name), { recursive: true, force: true });
    }
    for (const upload of open.values()) {
      const part = this.blobs.partFile(upload.itemId);
      if (!existsSync(part)) closeSync(openSync(part, 'w'));
      this.heldChunks(upload);
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
