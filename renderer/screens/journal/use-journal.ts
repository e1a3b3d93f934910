import { useCallback, useEffect, useRef, useState } from 'react';
import type { JournalEntry } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { useAppState } from '../../state/app-state';

export const PAGE_SIZE = 100;
const REFRESH_MS = 30_000;

interface JournalPages {
  entries: JournalEntry[];
  total: number;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
  loadMore(): void;
  reload(): void;
}

/**
 * The journal newest first, a page at a time. New entries (data/changed 'journal') are added on top without
 * throwing away the older pages a person has already opened.
 */
export function useJournalPages(): JournalPages {
  const { api, connection, unlocks } = useAppState();
  const [entries, setEntries] = useState<JournalEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const generation = useRef(0);

  const refreshHead = useCallback(
    (reset: boolean) => {
      const mine = reset ? ++generation.current : generation.current;
      setLoading(true);
      api.call('journal/list', { beforeSeq: null, limit: PAGE_SIZE }).then(
        (page) => {
          if (mine !== generation.current) return;
          setTotal(page.total);
          setError(null);
          setEntries((old) => {
            const newest = old[0]?.seq ?? 0;
            const fresh = page.entries.filter((e) => e.seq > newest);
            // A gap between the fresh page and what is shown (or a reset): start over from the fresh page.
            const oldestFresh = page.entries[page.entries.length - 1]?.seq ?? 0;
            if (reset || old.length === 0 || oldestFresh > newest + 1) return page.entries;
            return [...fresh, ...old];
          });
          setLoading(false);
        },
        (e: unknown) => {
          if (mine !== generation.current) return;
          setError(toApiError(e));
          setLoading(false);
        },
      );
    },
    [api],
  );

  useEffect(() => refreshHead(true), [refreshHead, connection.epoch, unlocks]);
  useEffect(
    () =>
      api.on('data/changed', (payload) => {
        if (payload.topics.includes('journal')) refreshHead(false);
      }),
    [api, refreshHead],
  );
  // Not every journaled act is announced as a data change (sign-ins, for one); a slow poll catches the rest.
  useEffect(() => {
    const timer = setInterval(() => refreshHead(false), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refreshHead]);

  const loadMore = useCallback(() => {
    const oldest = entries[entries.length - 1];
    if (!oldest || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    api.call('journal/list', { beforeSeq: oldest.seq, limit: PAGE_SIZE }).then(
      (page) => {
        if (mine !== generation.current) return;
        setTotal(page.total);
        setEntries((old) => [...old, ...page.entries.filter((e) => e.seq < (old[old.length - 1]?.seq ?? Infinity))]);
        setLoadingMore(false);
      },
      (e: unknown) => {
        setError(toApiError(e));
        setLoadingMore(false);
      },
    );
  }, [api, entries, loadingMore]);

  return { entries, total, loading, loadingMore, error, loadMore, reload: () => refreshHead(true) };
}
