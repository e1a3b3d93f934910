import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { JournalEntry } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { useApi, useAppState } from '../../state/app-state';
import { useScope } from '../../state/query/fresh-data';
import { channelKey } from '../../state/query/keys';

export const PAGE_SIZE = 100;

interface JournalPages {
  entries: JournalEntry[];
  total: number;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
  loadMore(): void;
  reload(): void;
}

/** What the screen holds: the newest page and every older page opened since, newest first. */
interface Shown {
  total: number;
  entries: JournalEntry[];
}

/**
 * The newest page on top of what is shown: new entries are added without throwing away the older pages a person
 * has already opened. A gap between the fresh page and what is shown (more new entries than a page): start over.
 */
function withNewest(shown: Shown | undefined, page: Shown): Shown {
  if (!shown || shown.entries.length === 0) return page;
  const newest = shown.entries[0]!.seq;
  const oldestFresh = page.entries[page.entries.length - 1]?.seq ?? 0;
  if (oldestFresh > newest + 1) return page;
  const fresh = page.entries.filter((e) => e.seq > newest);
  return { total: page.total, entries: [...fresh, ...shown.entries] };
}

function withOlder(shown: Shown, page: Shown): Shown {
  const oldest = shown.entries[shown.entries.length - 1]?.seq ?? Infinity;
  return { total: page.total, entries: [...shown.entries, ...page.entries.filter((e) => e.seq < oldest)] };
}

/**
 * The journal newest first, a page at a time, in the query cache: re-read when main names the 'journal' topic
 * (every entry written is announced), after an unlock and on a reconnect; no timer. «Показать ещё» appends an
 * older page to the same cached list. A reconnect (the bridge may have restarted) or «Повторить» starts over from
 * the newest page, showing the old list until it arrives.
 */
export function useJournalPages(): JournalPages {
  const api = useApi();
  const scope = useScope();
  const client = useQueryClient();
  const { connection } = useAppState();
  const [restarts, setRestarts] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);

  const key = useMemo(
    () => channelKey(scope, 'journal/list', { beforeSeq: null, limit: PAGE_SIZE }, 'pages', connection.epoch, restarts),
    [scope, connection.epoch, restarts],
  );
  const query = useQuery({
    queryKey: key,
    queryFn: async () => {
      const page = await api.call('journal/list', { beforeSeq: null, limit: PAGE_SIZE });
      // Merged with what is shown when the answer arrives, so an older page added meanwhile is kept.
      return withNewest(client.getQueryData<Shown>(key), page);
    },
    meta: { topics: ['journal'] },
    placeholderData: keepPreviousData,
  });
  const shown = query.data;
  const entries = shown?.entries ?? [];
  const oldestSeq = entries[entries.length - 1]?.seq ?? null;

  const loadMore = useCallback(() => {
    if (oldestSeq === null || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    api.call('journal/list', { beforeSeq: oldestSeq, limit: PAGE_SIZE }).then(
      (page) => {
        // After a restart the list this page belonged to is gone: the update finds nothing and does nothing.
        client.setQueryData<Shown>(key, (old) => (old ? withOlder(old, page) : old));
        setLoadingMore(false);
      },
      (e: unknown) => {
        setMoreError(toApiError(e));
        setLoadingMore(false);
      },
    );
  }, [api, client, key, oldestSeq, loadingMore]);

  const reload = useCallback(() => {
    setMoreError(null);
    setRestarts((n) => n + 1);
  }, []);

  return {
    entries,
    total: shown?.total ?? 0,
    loading: query.isFetching,
    loadingMore,
    error: query.error ?? moreError,
    loadMore,
    reload,
  };
}
