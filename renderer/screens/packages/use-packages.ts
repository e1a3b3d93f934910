import { useCallback, useEffect, useState } from 'react';
import type { InvokeChannel, RequestOf } from '../../../main/ipc/contract';
import type { PackagesOverview } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { useAppState } from '../../state/app-state';
import { useQuery, type Query } from '../../state/use-query';

type Action = Extract<InvokeChannel, 'packages/refresh' | 'packages/download' | 'packages/writeToDrives' | 'drives/assign' | 'drives/check' | 'drives/simulate'>;

export interface PackagesState {
  overview: Query<PackagesOverview>;
  /** The action in flight (one at a time: they are quick to ask, the long work runs in main). */
  busy: Action | null;
  /** Why the last action was refused; cleared by the next one. */
  actionError: ApiError | null;
  act<C extends Action>(channel: C, request: RequestOf<C>): void;
}

/**
 * The packages screen's data: the overview, re-read whenever main says something changed (progress included,
 * at most four times a second), and the actions, each followed by a fresh read.
 */
export function usePackages(): PackagesState {
  const { api } = useAppState();
  const overview = useQuery('packages', () => api.call('packages/overview', {}));
  const { reload } = overview;
  const [busy, setBusy] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);

  useEffect(() => api.on('packages/changed', reload), [api, reload]);

  const act = useCallback(
    <C extends Action>(channel: C, request: RequestOf<C>) => {
      setBusy(channel);
      setActionError(null);
      api.call(channel, request).then(
        () => {
          setBusy(null);
          reload();
        },
        (e: unknown) => {
          setBusy(null);
          setActionError(toApiError(e));
          reload();
        },
      );
    },
    [api, reload],
  );

  return { overview, busy, actionError, act };
}
