import { useCallback, useState } from 'react';
import type { InvokeChannel, RequestOf } from '../../../main/ipc/contract';
import type { PackagesDrives, PackagesExams, PackagesWrite } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { useApi } from '../../state/app-state';
import { useChannel, type ChannelQuery } from '../../state/query/use-channel';

type Action = Extract<InvokeChannel, 'packages/refresh' | 'packages/download' | 'packages/writeToDrives' | 'drives/assign' | 'drives/check' | 'drives/simulate'>;

export interface PackagesState {
  /** The package list with download states and the copies on the role drives. */
  exams: ChannelQuery<PackagesExams>;
  /** The drives, their free space and checks. */
  drives: ChannelQuery<PackagesDrives>;
  /** The write in progress (or the last one). */
  write: ChannelQuery<PackagesWrite>;
  /** The action in flight (one at a time: they are quick to ask, the long work runs in main). */
  busy: Action | null;
  /** Why the last action was refused; cleared by the next one. */
  actionError: ApiError | null;
  act<C extends Action>(channel: C, request: RequestOf<C>): void;
  reload(): void;
}

/**
 * The packages screen's data in three parts, each re-read only when packages/changed names it: download progress
 * re-reads the package list, not the drives (lsblk) or the write job. Each action is followed by a fresh read of all.
 */
export function usePackages(): PackagesState {
  const api = useApi();
  const exams = useChannel('packages/exams', {}, { topics: ['packages.exams'] });
  const drives = useChannel('packages/drives', {}, { topics: ['packages.drives'] });
  const write = useChannel('packages/write', {}, { topics: ['packages.write'] });
  const [busy, setBusy] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const { reload: reloadExams } = exams;
  const { reload: reloadDrives } = drives;
  const { reload: reloadWrite } = write;
  const reload = useCallback(() => {
    reloadExams();
    reloadDrives();
    reloadWrite();
  }, [reloadExams, reloadDrives, reloadWrite]);

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

  return { exams, drives, write, busy, actionError, act, reload };
}
