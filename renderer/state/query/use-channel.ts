import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { InvokeChannel, RequestOf, ResponseOf } from '../../../main/ipc/contract';
import type { ApiClient, ApiError } from '../../api';
import { useApi } from '../app-state';
import { channelKey, type Scope } from './keys';
import { useScope } from './fresh-data';
import type { Topic } from './topics';

export interface ChannelOptions<R, T> {
  /** Re-read when main names one of these (data/changed topics, or packages.* parts of packages/changed). */
  topics?: readonly Topic[];
  /** Re-read on a timer as well (the home screen's timeline moves with the clock). */
  refreshMs?: number;
  /** While false nothing is read and nothing is shown (e.g. no exam chosen yet). */
  enabled?: boolean;
  /** A part of the answer: the component re-renders only when that part changes. */
  select?: (response: R) => T;
}

export interface ChannelQuery<T> {
  data: T | undefined;
  /** Why the last read failed (worded by the catalog); the last good data stays meanwhile. */
  error: ApiError | null;
  /** A read is in flight; the previous data stays on screen meanwhile, so tables do not flicker. */
  loading: boolean;
  reload(): void;
}

/**
 * The query options for one channel read; shared by useChannel and hooks that subscribe to part of a result.
 * While a new request (another exam, a new search) is read, the previous answer of the same person stays shown.
 */
export function channelQuery<C extends InvokeChannel, T>(
  api: ApiClient,
  scope: Scope,
  channel: C,
  request: RequestOf<C>,
  { topics = [], refreshMs, enabled = true, select }: ChannelOptions<ResponseOf<C>, T>,
): UseQueryOptions<ResponseOf<C>, ApiError, T, QueryKey> {
  return {
    queryKey: channelKey(scope, channel, request),
    queryFn: () => api.call(channel, request),
    enabled,
    meta: { topics },
    refetchInterval: refreshMs ?? false,
    // Never someone else's answer: the observer of a banner outlives a change of person.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[0] === scope ? previous : undefined),
    select,
  };
}

/**
 * Reads a channel and keeps the answer fresh: the key is the person, the channel and the request; it is read when
 * first shown, re-read when main names one of `topics`, after a reconnect or an unlock, and on the optional timer
 * (see FreshDataProvider). Reads of the same channel and request from several screens share one answer.
 */
export function useChannel<C extends InvokeChannel, T = ResponseOf<C>>(
  channel: C,
  request: RequestOf<C>,
  options: ChannelOptions<ResponseOf<C>, T> = {},
): ChannelQuery<T> {
  const api = useApi();
  const scope = useScope();
  const enabled = options.enabled ?? true;
  const query = useQuery<ResponseOf<C>, ApiError, T, QueryKey>(channelQuery(api, scope, channel, request, options));
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    data: enabled ? query.data : undefined,
    error: enabled ? query.error : null,
    loading: enabled && query.isFetching,
    reload,
  };
}
