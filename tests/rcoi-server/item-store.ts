import { createHash } from 'node:crypto';
import type { Clock } from '../../main/kernel/clock';
import type { Db } from '../../main/db/open-database';
import { HttpError } from './http-json';

/** What identifies an item's content besides its bytes: delivering the same id with other values is a conflict. */
export interface ItemHeader {
  stationId: string;
  kind: string;
  schemaVersion: number;
  stream: string;
}

/** One stored item, as tests inspect it. */
export interface ItemEntry extends ItemHeader {
  id: string;
  sha256: string;
  size: number;
  /** Always 1: a CHECK in the table; a second copy of an item cannot exist. */
  copies: number;
  /** How many times the same item arrived again after it was stored (each answered 'duplicate'). */
  duplicateDeliveries: number;
  large: boolean;
  storedAt: string;
}

const COLUMNS = `item_id AS id, station_id AS stationId, kind, schema_version AS schemaVersion, stream, sha256, size,
  copies, duplicate_deliveries AS duplicateDeliveries, file_path IS NOT NULL AS large, stored_at AS storedAt`;

export type Delivery = { status: 'stored' | 'duplicate'; sha256: string };

/** Items received from stations, each stored exactly once under its client-chosen id. */
export class ItemStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores a small item, or recognises it. Its content is its payload as JSON text (`payloadJson`, with `sha256`
   * and `size` of those UTF-8 bytes): the hash the app's outbox records for the item. The same id with the same
   * header and payload is a duplicate; with anything else, a conflict (409).
   */
  putSmall(itemId: string, header: ItemHeader, payloadJson: string): Delivery {
    const sha256 = createHash('sha256').update(payloadJson, 'utf8').digest('hex');
    const size = Buffer.byteLength(payloadJson, 'utf8');
    return this.db.transaction((): Delivery => {
      const existing = this.entry(itemId);
      if (existing) return this.again(existing, header, sha256, size, false);
      this.db
        .prepare(
          `INSERT INTO items (item_id, station_id, kind, schema_version, stream, sha256, size, payload, stored_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(itemId, header.stationId, header.kind, header.schemaVersion, header.stream, sha256, size, payloadJson, this.now());
      return { status: 'stored', sha256 };
    }).immediate();
  }

  /** Records an assembled large item; the caller has put its file in place and runs this in its transaction. */
  insertLarge(itemId: string, header: ItemHeader, file: { sha256: string; size: number; path: string; chunkSize: number }): void {
    this.db
      .prepare(
        `INSERT INTO items (item_id, station_id, kind, schema_version, stream, sha256, size, file_path, chunk_size,
           stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(itemId, header.stationId, header.kind, header.schemaVersion, header.stream, file.sha256, file.size, file.path,
        file.chunkSize, this.now());
  }

  /** The chunk size a large item was uploaded with: lets a late chunk of a finished upload be answered in its terms. */
  chunkSizeOf(itemId: string): number | undefined {
    const row = this.db.prepare('SELECT chunk_size AS chunkSize FROM items WHERE item_id = ?').get(itemId) as
      | { chunkSize: number | null }
      | undefined;
    return row?.chunkSize ?? undefined;
  }

  /** Counts one more delivery of a stored item (the caller has checked it is the same). */
  countDuplicate(itemId: string): void {
    this.db.prepare('UPDATE items SET duplicate_deliveries = duplicate_deliveries + 1 WHERE item_id = ?').run(itemId);
  }

  /** A second delivery of a stored item: counted and answered 'duplicate' if identical, else a conflict. */
  again(existing: ItemEntry, header: ItemHeader, sha256: string, size: number, large: boolean): Delivery {
    if (!this.isSame(existing, header, sha256, size, large)) throw conflict(existing.id);
    this.countDuplicate(existing.id);
    return { status: 'duplicate', sha256: existing.sha256 };
  }

  isSame(existing: ItemEntry, header: ItemHeader, sha256: string, size: number, large: boolean): boolean {
    return (
      existing.stationId === header.stationId &&
      existing.kind === header.kind &&
      existing.schemaVersion === header.schemaVersion &&
      existing.stream === header.stream &&
      existing.sha256 === sha256 &&
      existing.size === size &&
      existing.large === large
    );
  }

  entry(itemId: string): ItemEntry | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM items WHERE item_id = ?`).get(itemId);
    return row === undefined ? undefined : toEntry(row);
  }

  list(): ItemEntry[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM items ORDER BY stored_at, item_id`).all().map(toEntry);
  }

  /** Where an item's content is: the payload JSON text of a small item, the file (relative path) of a large one. */
  content(itemId: string): { payload: string } | { filePath: string } | undefined {
    const row = this.db.prepare('SELECT payload, file_path AS filePath FROM items WHERE item_id = ?').get(itemId) as
      | { payload: string | null; filePath: string | null }
      | undefined;
    if (!row) return undefined;
    return row.filePath !== null ? { filePath: row.filePath } : { payload: row.payload ?? 'null' };
  }

  counts(): { items: number; largeItems: number; duplicateDeliveries: number } {
    return this.db
      .prepare(
        `SELECT count(*) AS items, count(file_path) AS largeItems,
           coalesce(sum(duplicate_deliveries), 0) AS duplicateDeliveries FROM items`,
      )
      .get() as { items: number; largeItems: number; duplicateDeliveries: number };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function toEntry(raw: unknown): ItemEntry {
  const row = raw as Omit<ItemEntry, 'large'> & { large: number };
  return { ...row, large: row.large === 1 };
}

export function conflict(itemId: string): HttpError {
  return new HttpError(409, `item ${itemId} was already delivered with other content`, 'conflict');
}
