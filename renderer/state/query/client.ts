import { QueryClient } from '@tanstack/react-query';
import type { ApiError } from '../../api';
import type { Topic } from './topics';

declare module '@tanstack/react-query' {
  interface Register {
    /** Every read goes through ApiClient.call, which only ever throws ApiError (a code the catalog words). */
    defaultError: ApiError;
    /** What makes a query old (see topics.ts). */
    queryMeta: { topics?: readonly Topic[] };
  }
}

/**
 * The one cache of what main said, for the whole window. TanStack's defaults are made for web pages talking to a
 * server over the internet; this page talks to main on the same computer, and main says when something changed.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The exam point works offline: navigator.onLine says nothing about the link to main. 'online' (the
        // default) would pause every read while the computer has no network, i.e. on exam day.
        networkMode: 'always',
        // A refused or failed read is shown at once with its catalog message and a retry button, as before;
        // silent retries would hide a refusal (wrong role, locked session) behind seconds of «Загрузка…».
        retry: false,
        // Freshness comes from main's events (data/changed, packages/changed, sync/changed), from a reconnect of
        // the bridge and from an unlock (see FreshDataProvider), not from the window gaining focus or the network
        // coming back: those would re-read everything whenever someone clicks between windows.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // Every screen reads afresh when it opens (staleTime 0), showing what it last read meanwhile.
        staleTime: 0,
        // Timers (the home timeline, the sync status safety read) keep running while the window is hidden or
        // minimised, as the hand-written timers did: the screen is right the moment someone looks at it.
        refetchIntervalInBackground: true,
        // Errors are shown by the screen (ErrorMessage), never thrown into the error boundary.
        throwOnError: false,
        // structuralSharing (the default) keeps every unchanged part of a new answer identical to the old one,
        // so memoised rows skip re-rendering when a status arrives four times a second.
      },
    },
  });
}
