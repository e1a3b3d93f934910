import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { SyncStatus } from '../../main/ipc/dto';
import { toApiError, type ApiError } from '../api';
import { useAppState } from './app-state';

/** How often the status is re-read anyway, in case a pushed event was lost; events carry the news in between. */
const SAFETY_REFRESH_MS = 60_000;

export interface SyncSnapshot {
  /** The newest status known, from a read or a sync/changed event; null until the first arrives. */
  status: SyncStatus | null;
  /** Why the last read failed; cleared by the next status that arrives. */
  error: ApiError | null;
}

type Listener = () => void;

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Keeps every part of the previous status that did not change, so memoised parts of the screen (the queue, each
 * row of the item list) skip re-rendering when an upload pushes a new status four times a second.
 */
function reconcile(prev: SyncStatus | null, next: SyncStatus): SyncStatus {
  if (!prev) return next;
  const before = new Map(prev.items.map((item) => [item.id, item]));
  const items = next.items.map((item) => {
    const old = before.get(item.id);
    return old && same(old, item) ? old : item;
  });
  const merged: SyncStatus = {
    ...next,
    lastError: same(prev.lastError, next.lastError) ? prev.lastError : next.lastError,
    queue: same(prev.queue, next.queue) ? prev.queue : next.queue,
    items: items.length === prev.items.length && items.every((item, i) => item === prev.items[i]) ? prev.items : items,
    active: same(prev.active, next.active) ? prev.active : next.active,
    inbound: same(prev.inbound, next.inbound) ? prev.inbound : next.inbound,
  };
  const unchanged = (Object.keys(merged) as (keyof SyncStatus)[]).every((key) => merged[key] === prev[key]);
  return unchanged ? prev : merged;
}

class SyncStore {
  private snapshot: SyncSnapshot = { status: null, error: null };
  private readonly listeners = new Set<Listener>();

  readonly subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly get = () => this.snapshot;

  /** Statuses are applied in the order they arrive: reads and events share one ordered channel from main. */
  adopt(status: SyncStatus): void {
    const merged = reconcile(this.snapshot.status, status);
    if (merged === this.snapshot.status && this.snapshot.error === null) return;
    this.set({ status: merged, error: null });
  }

  failed(error: ApiError): void {
    this.set({ ...this.snapshot, error });
  }

  private set(next: SyncSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

interface SyncControl {
  store: SyncStore;
  /** The signed-in person may read the link state (permission sync.read). */
  canRead: boolean;
  refresh(): void;
  /** Adopts a status returned by an action (send now, enrol…) without waiting for the event. */
  adopt(status: SyncStatus): void;
}

const SyncContext = createContext<SyncControl | null>(null);

/**
 * The RCOI link state for the whole window: read at start (when the person may) and kept fresh by sync/changed
 * events. Main broadcasts the events to every window, so the clock alarm reaches whoever is at the keyboard.
 */
export function SyncStatusProvider({ children }: { children: ReactNode }) {
  const { api, session, connection, unlocks } = useAppState();
  const store = useMemo(() => new SyncStore(), []);
  const canRead = session?.state === 'active' && session.permissions.includes('sync.read');

  const adopt = useCallback((status: SyncStatus) => store.adopt(status), [store]);
  const refresh = useCallback(() => {
    api.call('sync/status', {}).then(adopt, (e: unknown) => store.failed(toApiError(e)));
  }, [api, adopt, store]);

  useEffect(() => api.on('sync/changed', adopt), [api, adopt]);

  useEffect(() => {
    if (!canRead || connection.state !== 'open') return;
    refresh();
    const timer = setInterval(refresh, SAFETY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [canRead, connection.state, connection.epoch, unlocks, refresh]);

  const value = useMemo(() => ({ store, canRead, refresh, adopt }), [store, canRead, refresh, adopt]);
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

export function useSyncControl(): SyncControl {
  const value = useContext(SyncContext);
  if (!value) throw new Error('useSyncControl outside SyncStatusProvider');
  return value;
}

/**
 * A part of the snapshot; the component re-renders only when that part changes. The selector must return a
 * primitive or a reference taken from the snapshot (not a new object), or it would re-render on every event.
 */
export function useSync<T>(select: (snapshot: SyncSnapshot) => T): T {
  const { store } = useSyncControl();
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
