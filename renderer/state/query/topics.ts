import type { Query, QueryClient } from '@tanstack/react-query';
import type { EventOf } from '../../../main/ipc/contract';

/** What data/changed names: read from the contract, so a topic main adds is known here at once. */
export type DataTopic = EventOf<'data/changed'>['topics'][number];

type PackagesChange = EventOf<'packages/changed'>;
/** The parts of the packages screen that packages/changed names (exams, drives, the write in progress). */
export type PackagesPart = PackagesChange['parts'][number];

/**
 * A tag a query carries to say what makes it old: a data/changed topic, or a part of the packages screen
 * (packages/changed). The freshness layer re-reads exactly the queries tagged with what an event names.
 */
export type Topic = DataTopic | `packages.${PackagesPart}`;

/** The topics a packages/changed event names: 'packages.exams' for the part 'exams', and so on. */
export function packagesTopics(change: PackagesChange): Topic[] {
  return change.parts.map((part) => `packages.${part}` as const);
}

function topicsOf(query: Query): readonly Topic[] {
  // Every screen watching the query may tag it differently (rooms: roster for one, staff too for another).
  const tags = new Set<Topic>(query.meta?.topics ?? []);
  for (const observer of query.observers) for (const t of observer.options.meta?.topics ?? []) tags.add(t);
  return [...tags];
}

/** Queries that changed while being read: read once more when that read ends (see refreshQueries). */
const again = new WeakSet<Query>();

/**
 * Re-reads the matching queries that a screen shows and marks the rest old (read when next shown). One read at a
 * time per query: a change announced while a read is in flight asks for one more read after it, instead of
 * throwing the running read away. Progress arrives four times a second; a read slower than that would otherwise be
 * cancelled by the next event every time, and the screen would never update.
 */
export function refreshQueries(client: QueryClient, match: (query: Query) => boolean): void {
  for (const query of client.getQueryCache().findAll({ predicate: match })) {
    if (query.state.fetchStatus === 'fetching') again.add(query);
    else void client.invalidateQueries({ queryKey: query.queryKey, exact: true });
  }
}

export function refreshTopics(client: QueryClient, topics: readonly Topic[]): void {
  if (topics.length === 0) return;
  refreshQueries(client, (query) => topicsOf(query).some((t) => topics.includes(t)));
}

/** Installs the "one more read" half of refreshQueries on a client's cache; returns the unsubscribe. */
export function followUpReads(client: QueryClient): () => void {
  return client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || !again.has(event.query)) return;
    if (event.query.state.fetchStatus !== 'idle') return;
    again.delete(event.query);
    void client.invalidateQueries({ queryKey: event.query.queryKey, exact: true });
  });
}
