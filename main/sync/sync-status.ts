import type { CoreContext } from '../kernel/context';
import { readPpeConfig } from '../ppe/ppe-config';
import type { SyncStatus } from '../ipc/dto';
import type { AppErrorPayload } from '../ipc/errors';

/** The link as the worker sees it; its lasting part is kept across a restart (link-store.ts). */
export interface LinkState {
  online: boolean | null;
  lastContactAt: Date | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  clockSkewSeconds: number | null;
  clockSkewAlarm: boolean;
  lastError: AppErrorPayload | null;
  lastErrorAt: Date | null;
  active: { itemId: string; kind: string; size: number; bytesSent: number; bytesPerSecond: number; startedAt: string } | null;
  /** The last contact and the clock's skew were read from the database: RCOI has not answered since the restart. */
  fromEarlierRun: boolean;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function readSyncStatus(ctx: CoreContext, link: LinkState): SyncStatus {
  const db = ctx.db;
  const station = db.prepare<[], { station_id: string }>('SELECT station_id FROM sync_station WHERE station_id IS NOT NULL').get();
  const queue = db
    .prepare<[], { stream: string; pending: number; delivered: number; failed: number }>(
      `SELECT stream, sum(state = 'pending') AS pending, sum(state = 'delivered') AS delivered, sum(state = 'failed') AS failed
       FROM outbox GROUP BY stream ORDER BY stream`,
    )
    .all();
  const items = db
    .prepare<
      [],
      {
        id: string;
        kind: string;
        stream: string;
        state: 'pending' | 'delivered' | 'failed';
        size: number;
        attempts: number;
        created_at: string;
        delivered_at: string | null;
        next_attempt_at: string | null;
        last_error: string | null;
      }
    >(
      `SELECT id, kind, stream, state, size, attempts, created_at, delivered_at, next_attempt_at, last_error FROM outbox
       ORDER BY state = 'delivered', created_at DESC LIMIT 100`,
    )
    .all();
  const inbound = db
    .prepare<[], { cursor: number | null; received: number; last: string | null }>(
      'SELECT max(cursor) AS cursor, count(*) AS received, max(received_at) AS last FROM inbound_item',
    )
    .get()!;
  return {
    rcoiUrl: readPpeConfig(db).rcoiUrl,
    enrolled: station !== undefined,
    stationId: station?.station_id ?? null,
    online: link.online,
    lastContactAt: iso(link.lastContactAt),
    lastContactBeforeRestart: link.fromEarlierRun,
    lastAttemptAt: iso(link.lastAttemptAt),
    nextAttemptAt: iso(link.nextAttemptAt),
    clockSkewSeconds: link.clockSkewSeconds,
    clockSkewAlarm: link.clockSkewAlarm,
    lastError: link.lastError,
    lastErrorAt: iso(link.lastErrorAt),
    queue,
    items: items.map((r) => ({
      id: r.id,
      kind: r.kind,
      stream: r.stream,
      state: r.state,
      size: r.size,
      attempts: r.attempts,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error ? (JSON.parse(r.last_error) as AppErrorPayload) : null,
    })),
    active: link.active,
    inbound: { cursor: inbound.cursor ?? 0, received: inbound.received, lastReceivedAt: inbound.last },
  };
}
