import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventOf } from '../../main/ipc/contract';
import { toApiError, type ApiError } from '../api';
import { useAppState } from './app-state';

export type DataTopic = EventOf<'data/changed'>['topics'][number];

export interface QueryOptions {
  /** Re-read when main announces a change to one of these. */
  topics?: readonly DataTopic[];
  /** Re-read on a timer as well (the home screen's timeline moves with the clock). */
  refreshMs?: number;
  /** While false nothing is loaded (e.g. no exam chosen yet). */
  enabled?: boolean;
}

export interface Query<T> {
  data: T | undefined;
  error: ApiError | null;
  /** A read is in flight; the previous data stays on screen meanwhile, so tables do not flicker. */
  loading: boolean;
  reload(): void;
}

/**
 * Reads data through the contract and keeps it fresh: again when `key` changes, on a reconnect or unlock, on matching
 * data/changed events and on the optional timer. Only the newest read's answer is kept.
 */
export function useQuery<T>(key: string, load: () => Promise<T>, options: QueryOptions = {}): Query<T> {
  const { api, connection, unlocks } = useAppState();
  const { topics, refreshMs, enabled = true } = options;
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: enabled,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  // Declared before the loading effect, so that effect always calls the newest closure.
  useEffect(() => {
    loadRef.current = load;
  });
  const seq = useRef(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (!enabled) {
      setState({ data: undefined, error: null, loading: false });
      return;
    }
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => {
        if (mine === seq.current) setState({ data, error: null, loading: false });
      },
      (e: unknown) => {
        if (mine === seq.current) setState((s) => ({ data: s.data, error: toApiError(e), loading: false }));
      },
    );
  }, [key, tick, enabled, connection.epoch, unlocks]);

  const topicList = topics?.join(',') ?? '';
  useEffect(() => {
    if (!topicList) return;
    const wanted = new Set(topicList.split(','));
    return api.on('data/changed', (payload) => {
      if (payload.topics.some((t) => wanted.has(t))) reload();
    });
  }, [api, topicList, reload]);

  useEffect(() => {
    if (!refreshMs || !enabled) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, enabled, reload]);

  return { ...state, reload };
}

/** The value after it has stopped changing for `ms`: search boxes query main once the person pauses typing. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
