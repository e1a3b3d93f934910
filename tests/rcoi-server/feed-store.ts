import { randomUUID } from 'node:crypto';
import type { Db } from '../../main/db/open-database';
import { HttpError } from './http-json';

export const FEED_KINDS = ['distribution-bundle', 'forms-pack', 'package-notice'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** One item of GET /api/v1/feed. */
export interface FeedItem {
  cursor: number;
  id: string;
  kind: string;
  schemaVersion: number;
  payload: unknown;
}

export interface FeedPage {
  items: FeedItem[];
  /** The cursor to pass as `after` next time: the last item's, or `after` itself when there was nothing new. */
  next: number;
}

export const MAX_FEED_LIMIT = 50;

/**
 * What RCOI sends to each PPE, in the order it was published. The cursor is an AUTOINCREMENT key, so it only
 * grows and is never reused: a client that stored cursor N has seen exactly the items up to N.
 */
export class FeedStore {
  constructor(private readonly db: Db) {}

  append(
    regionCode: string,
    ppeCode: string,
    item: { kind: string; payload: unknown; id?: string; schemaVersion?: number },
    at: Date,
  ): FeedItem {
    const id = item.id ?? randomUUID();
    const schemaVersion = item.schemaVersion ?? 1;
    if (this.db.prepare('SELECT 1 FROM feed_items WHERE id = ?').get(id) !== undefined) {
      throw new HttpError(409, `feed item ${id} is already published`, 'conflict');
    }
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO feed_items (region_code, ppe_code, id, kind, schema_version, payload, published_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(regionCode, ppeCode, id, item.kind, schemaVersion, JSON.stringify(item.payload ?? null), at.toISOString());
    return { cursor: Number(lastInsertRowid), id, kind: item.kind, schemaVersion, payload: item.payload ?? null };
  }

  page(regionCode: string, ppeCode: string, after: number, limit: number): FeedPage {
    const rows = this.db
      .prepare(
        `SELECT cursor, id, kind, schema_version AS schemaVersion, payload FROM feed_items
         WHERE region_code = ? AND ppe_code = ? AND cursor > ? ORDER BY cursor LIMIT ?`,
      )
      .all(regionCode, ppeCode, after, limit) as (Omit<FeedItem, 'payload'> & { payload: string })[];
    const items = rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown }));
    return { items, next: items.at(-1)?.cursor ?? after };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM feed_items').get() as { n: number }).n;
  }
}
