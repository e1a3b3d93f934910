import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SessionState } from '../../../main/ipc/dto';
import { useAppState } from '../app-state';
import { createQueryClient } from './client';
import { channelKey, type Scope } from './keys';
import { followUpReads, packagesTopics, refreshQueries, refreshTopics } from './topics';

const ScopeContext = createContext<Scope>('unknown');

/** Whose data the cache holds: every query key starts with it, so one person's answers never serve another. */
function scopeOf(session: SessionState | null): Scope {
  if (session === null) return 'unknown';
  if (session.state === 'signedOut') return 'signedOut';
  return `staff:${session.staff.id}`;
}

/**
 * The one way screens stay fresh. It owns the query cache and the subscriptions that make answers old:
 * - data/changed re-reads the queries tagged with a topic it names; packages/changed, those tagged with a part;
 * - sync/changed carries the whole status: it is written into the cache (structural sharing keeps unchanged parts);
 * - a reconnect of the bridge (it may have restarted) and an unlock (reads were refused while locked) re-read all;
 * - a different person (or nobody) at the keyboard: the previous person's answers are dropped from the cache, and
 *   since keys start with the person, a screen can never show them even before they are dropped.
 */
export function FreshDataProvider({ children }: { children: ReactNode }) {
  const { api, connection, session } = useAppState();
  const [client] = useState(createQueryClient);
  const scope = scopeOf(session);

  useEffect(() => followUpReads(client), [client]);

  useEffect(() => api.on('data/changed', ({ topics }) => refreshTopics(client, topics)), [api, client]);
  useEffect(() => api.on('packages/changed', (change) => refreshTopics(client, packagesTopics(change))), [api, client]);
  useEffect(
    () => api.on('sync/changed', (status) => client.setQueryData(channelKey(scope, 'sync/status', {}), status)),
    [api, client, scope],
  );

  // Scope first in the key means nothing leaks; this frees the memory and stops the old person's timers.
  useEffect(() => {
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== scope });
  }, [client, scope]);

  const lastEpoch = useRef(connection.epoch);
  useEffect(() => {
    if (connection.epoch === lastEpoch.current) return;
    lastEpoch.current = connection.epoch;
    refreshQueries(client, () => true);
  }, [client, connection.epoch]);

  const lastState = useRef(session?.state ?? null);
  const state = session?.state ?? null;
  useEffect(() => {
    if (lastState.current === 'locked' && state === 'active') refreshQueries(client, () => true);
    lastState.current = state;
  }, [client, state]);

  return (
    <QueryClientProvider client={client}>
      <ScopeContext.Provider value={scope}>{children}</ScopeContext.Provider>
    </QueryClientProvider>
  );
}

export function useScope(): Scope {
  return useContext(ScopeContext);
}
