import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { SyncStatus } from '../../main/ipc/dto';
import type { ApiError } from '../api';
import { useApi, useAppState } from './app-state';
import { useScope } from './query/fresh-data';
import { channelKey } from './query/keys';
import { channelQuery } from './query/use-channel';

/** How often the status is re-read anyway, in case a pushed event was lost; sync/changed carries the news in between. */
const SAFETY_REFRESH_MS = 60_000;

/*
 * The RCOI link state for the whole window, in the query cache under 'sync/status': read when first shown (when the
 * person may), replaced by every sync/changed event (FreshDataProvider writes it into the cache) and by the status an
 * action returns. Structural sharing keeps every unchanged part of a new status identical to the old one, so the
 * queue, each row of the item list and the header marker re-render only when their part changed.
 */

/** Whether this window may and can read the status now (permission sync.read, unlocked, connected). */
function useSyncReadable(): boolean {
  const { session, connection } = useAppState();
  return session?.state === 'active' && session.permissions.includes('sync.read') && connection.state === 'open';
}

/**
 * A part of the status (null until the first arrives); the component re-renders only when that part changes. The
 * selector must return a primitive or a part of the status (not a new object), or it would re-render every time.
 */
export function useSyncStatus<T>(select: (status: SyncStatus | null) => T): T {
  const api = useApi();
  const scope = useScope();
  const enabled = useSyncReadable();
  const query = useQuery<SyncStatus, ApiError, T, QueryKey>(channelQuery(api, scope, 'sync/status', {}, { enabled, select }));
  return query.data === undefined ? select(null) : query.data;
}

function useSyncQuery(refreshMs?: number) {
  const api = useApi();
  const scope = useScope();
  const enabled = useSyncReadable();
  return useQuery(channelQuery<'sync/status', SyncStatus>(api, scope, 'sync/status', {}, { enabled, refreshMs }));
}

/** The whole status for the sync screen, with why the last read failed (cleared by the next status that arrives). */
export function useSyncStatusQuery(): { status: SyncStatus | null; error: ApiError | null; refresh(): void } {
  const query = useSyncQuery();
  const { refetch } = query;
  const refresh = useCallback(() => void refetch(), [refetch]);
  return { status: query.data ?? null, error: query.error, refresh };
}

/**
 * Mounted once for the window: reads the status every minute while the window may read it, whatever screen is open
 * (the clock alarm banner must not depend on a lost event). Renders nothing.
 */
export function KeepSyncFresh(): null {
  useSyncQuery(SAFETY_REFRESH_MS);
  return null;
}

export interface SyncControl {
  /** Re-reads the status now. */
  refresh(): void;
  /** Adopts a status returned by an action (send now, enrol…) without waiting for the event. */
  adopt(status: SyncStatus): void;
}

export function useSyncControl(): SyncControl {
  const client = useQueryClient();
  const scope = useScope();
  return useMemo(() => {
    const key = channelKey(scope, 'sync/status', {});
    return {
      refresh: () => void client.refetchQueries({ queryKey: key, exact: true }),
      adopt: (status: SyncStatus) => client.setQueryData(key, status),
    };
  }, [client, scope]);
}
