import { errorPayload } from '../kernel/app-error';
import type { DriveRole } from '../ipc/dto';
import type { AppErrorPayload, ErrorCode } from '../ipc/errors';
import { toDriveError, type DriveErrorCode } from '../../native/drives/drive';

const MIB = 1024 * 1024;

const DRIVE_PROBLEM: Record<DriveErrorCode, ErrorCode> = {
  NOT_FOUND: 'DRIVE_IO',
  WRITE_PROTECTED: 'DRIVE_WRITE_PROTECTED',
  FULL: 'DRIVE_FULL',
  REMOVED: 'DRIVE_REMOVED',
  FILE_TOO_LARGE: 'DRIVE_FILE_TOO_LARGE',
  IO: 'DRIVE_IO',
};

/** What a write was doing when the drive refused it: the words its message needs. */
export interface WriteContext {
  role: DriveRole;
  neededBytes: number;
  /** The package's folder on the drive, named when the system does not say which file was too large. */
  folder: string;
}

/**
 * Words what the system threw at a drive operation. A drive no longer there was pulled, whatever errno said. A
 * write's refusal names the drive's role and what it needed, as its message says («Флеш-накопитель «Основной»
 * защищён от записи», «нужно 120 МиБ, свободно 80 МиБ»); a read (a check) cannot be "write protected" or "full":
 * what the system refused there is an input/output error of the drive. The OS code travels for the hotline.
 */
export function describeDriveFailure(error: unknown, drive: { gone: boolean; freeBytes: number }, write?: WriteContext): AppErrorPayload {
  const e = toDriveError(error, drive.gone);
  const os: { osCode?: string } = e.osCode ? { osCode: e.osCode } : {};
  const code = DRIVE_PROBLEM[e.code];
  if (code !== 'DRIVE_WRITE_PROTECTED' && code !== 'DRIVE_FULL' && code !== 'DRIVE_FILE_TOO_LARGE') return { code, params: { ...os } };
  if (!write) return errorPayload('DRIVE_IO', os);
  const { role } = write;
  if (code === 'DRIVE_WRITE_PROTECTED') return errorPayload(code, { role, ...os });
  if (code === 'DRIVE_FULL') {
    return errorPayload(code, { role, neededMib: Math.ceil(write.neededBytes / MIB), freeMib: Math.floor(drive.freeBytes / MIB), ...os });
  }
  const named = (error as { path?: unknown } | null)?.path;
  return errorPayload(code, { role, path: typeof named === 'string' ? named : write.folder, ...os });
}
