import { isAppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import type { BundleService } from '../bundles/bundle-service';

export interface FeedItem {
  cursor: number;
  id: string;
  kind: string;
  schemaVersion: number;
  payload: unknown;
}

export function inboundCursor(ctx: CoreContext): number {
  return ctx.db.prepare<[], { c: number | null }>('SELECT max(cursor) AS c FROM inbound_item').get()?.c ?? 0;
}

/**
 * Applies one item of RCOI's feed, once: the item, what applying it did and the cursor (the item's row) commit
 * together. A distribution bundle goes through exactly the same checks as a file; a refused one is recorded as
 * refused (with the reason) and does not block the feed.
 */
export function applyInbound(ctx: CoreContext, bundles: BundleService, item: FeedItem): void {
  act(ctx, SYSTEM_ACTOR, (work) => {
    const known = ctx.db.prepare<[string], { id: string }>('SELECT id FROM inbound_item WHERE id = ?').get(item.id);
    if (known) return;
    let outcome: Record<string, unknown>;
    if (item.kind === 'distribution-bundle') {
      const file = (item.payload as { file?: unknown })?.file;
      try {
        if (typeof file !== 'string') throw new Error('distribution-bundle without a file');
        const r = bundles.import(SYSTEM_ACTOR, `rcoi-feed:${item.id}`, file);
        outcome = { applied: r.status, examDate: r.examDate, version: r.version };
      } catch (e) {
        outcome = isAppError(e) ? { refused: e.code, params: e.params } : { refused: 'INTERNAL', detail: String(e) };
      }
    } else if (item.kind === 'forms-pack' || item.kind === 'package-notice') {
      outcome = { stored: true };
    } else {
      outcome = { ignored: 'unknown kind' };
    }
    ctx.db
      .prepare('INSERT INTO inbound_item (id, cursor, kind, schema_version, received_at, payload, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(item.id, item.cursor, item.kind, item.schemaVersion, work.at.toISOString(), JSON.stringify(item.payload ?? null), JSON.stringify(outcome));
    work.record('sync.received', { id: item.id, kind: item.kind, cursor: item.cursor, outcome });
  });
}
