import type { Db } from '../../main/db/open-database';
import type { UploadDeclaration } from './sync-schemas';

export interface UploadRecord extends UploadDeclaration {
  stationId: string;
}

export interface ChunkRecord {
  index: number;
  sha256: string;
  size: number;
  /** Relative to the blob folder. */
  filePath: string;
}

const UPLOAD_COLUMNS = `item_id AS itemId, station_id AS stationId, kind, schema_version AS schemaVersion, stream, size,
  sha256, chunk_size AS chunkSize`;

/** Large uploads in progress and the chunks held for each (the bytes are files; these rows say which are complete). */
export class UploadStore {
  constructor(private readonly db: Db) {}

  get(itemId: string): UploadRecord | undefined {
    return this.db.prepare(`SELECT ${UPLOAD_COLUMNS} FROM uploads WHERE item_id = ?`).get(itemId) as UploadRecord | undefined;
  }

  all(): UploadRecord[] {
    return this.db.prepare(`SELECT ${UPLOAD_COLUMNS} FROM uploads`).all() as UploadRecord[];
  }

  open(upload: UploadRecord, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO uploads (item_id, station_id, kind, schema_version, stream, size, sha256, chunk_size, opened_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(upload.itemId, upload.stationId, upload.kind, upload.schemaVersion, upload.stream, upload.size, upload.sha256,
        upload.chunkSize, at.toISOString());
  }

  /** A new chunk size invalidates every chunk held: their boundaries no longer line up. */
  changeChunkSize(itemId: string, chunkSize: number): void {
    this.db.prepare('DELETE FROM upload_chunks WHERE item_id = ?').run(itemId);
    this.db.prepare('UPDATE uploads SET chunk_size = ? WHERE item_id = ?').run(chunkSize, itemId);
  }

  remove(itemId: string): void {
    this.db.prepare('DELETE FROM uploads WHERE item_id = ?').run(itemId);
  }

  chunks(itemId: string): ChunkRecord[] {
    return this.db
      .prepare(
        `SELECT chunk_index AS "index", sha256, size, file_path AS filePath FROM upload_chunks
         WHERE item_id = ? ORDER BY chunk_index`,
      )
      .all(itemId) as ChunkRecord[];
  }

  chunk(itemId: string, index: number): ChunkRecord | undefined {
    return this.db
      .prepare(
        `SELECT chunk_index AS "index", sha256, size, file_path AS filePath FROM upload_chunks
         WHERE item_id = ? AND chunk_index = ?`,
      )
      .get(itemId, index) as ChunkRecord | undefined;
  }

  putChunk(itemId: string, chunk: ChunkRecord, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO upload_chunks (item_id, chunk_index, sha256, size, file_path, received_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (item_id, chunk_index) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
           file_path = excluded.file_path, received_at = excluded.received_at`,
      )
      .run(itemId, chunk.index, chunk.sha256, chunk.size, chunk.filePath, at.toISOString());
  }

  dropChunk(itemId: string, index: number): void {
    this.db.prepare('DELETE FROM upload_chunks WHERE item_id = ? AND chunk_index = ?').run(itemId, index);
  }

  counts(): { openUploads: number; heldChunks: number; heldChunkBytes: number } {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM uploads) AS openUploads, count(*) AS heldChunks,
           coalesce(sum(size), 0) AS heldChunkBytes FROM upload_chunks`,
      )
      .get() as { openUploads: number; heldChunks: number; heldChunkBytes: number };
  }
}
