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
  /** That error if it belongs to the control `key` names (see actionKey): shown beside that control, nowhere else. */
  errorFor(key: string): ApiError | null;
  act<C extends Action>(channel: C, request: RequestOf<C>): void;
  reload(): void;
}

/**
 * Which control an action came from: its channel and the package or drive it was about («packages/writeToDrives:pkg-1»,
 * «drives/check:drive-2», «packages/refresh»). The control's own place renders the error (ActionError) for its key.
 */
export function actionKey(channel: Action, request: object): string {
  const r = request as { packageId?: unknown; driveId?: unknown };
  const subject = typeof r.packageId === 'string' ? r.packageId : typeof r.driveId === 'string' ? r.driveId : null;
  return subject === null ? channel : `${channel}:${subject}`;
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
  const [failure, setFailure] = useState<{ key: string; error: ApiError } | null>(null);

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
      setFailure(null);
      api.call(channel, request).then(
        () => {
          setBusy(null);
          reload();
        },
        (e: unknown) => {
          setBusy(null);
          setFailure({ key: actionKey(channel, request), error: toApiError(e) });
          reload();
        },
      );
    },
    [api, reload],
  );

  const errorFor = useCallback((key: string) => (failure?.key === key ? failure.error : null), [failure]);
  return { exams, drives, write, busy, actionError: failure?.error ?? null, errorFor, act, reload };
}
