// Typed errors a person can meet while writing to a flash drive. The code is for main's message catalog; the
// Russian message is a fallback that already says what to do, because native/ cannot see the catalog.

export type DriveErrorCode = 'NOT_FOUND' | 'WRITE_PROTECTED' | 'FULL' | 'REMOVED' | 'FILE_TOO_LARGE' | 'IO';

const MESSAGES: Record<DriveErrorCode, string> = {
  NOT_FOUND: 'Файл или папка на флеш-накопителе не найдены. Проверьте, что вставлен нужный накопитель.',
  WRITE_PROTECTED: 'Флеш-накопитель защищён от записи. Снимите защиту (переключатель на корпусе) или возьмите другой.',
  FULL: 'На флеш-накопителе не хватает места. Освободите место или возьмите накопитель большего объёма.',
  REMOVED: 'Флеш-накопитель извлечён во время работы. Вставьте его снова и повторите запись.',
  FILE_TOO_LARGE:
    'Файл больше 4 ГБ не помещается на накопитель с FAT32. Отформатируйте накопитель в exFAT или NTFS.',
  IO: 'Ошибка чтения или записи флеш-накопителя. Извлеките его, вставьте снова и повторите; если не помогло — замените.',
};

export class DriveError extends Error {
  constructor(
    readonly code: DriveErrorCode,
    /** The Node error code it came from (EROFS, ENOSPC, ...), kept for the log and the hotline. */
    readonly osCode: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
    this.name = 'DriveError';
  }
}

/** The Node error code (ENOENT, ENOSPC, ...) of a thrown value, if it has one. */
export function osCodeOf(e: unknown): string | null {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return null;
}

/**
 * Maps a Node fs error to a DriveError. ENOENT and EIO mean different things depending on whether the drive is
 * still there: a missing file on a present drive is NOT_FOUND, but the same code after a pull is REMOVED. Only the
 * caller knows (it can check the mount path), so it says so with `driveGone`.
 */
export function toDriveError(e: unknown, driveGone = false): DriveError {
  if (e instanceof DriveError) return e;
  const os = osCodeOf(e);
  const make = (code: DriveErrorCode) => new DriveError(code, os, { cause: e });
  switch (os) {
    case 'ENODEV':
    case 'ENXIO':
      return make('REMOVED');
    case 'ENOENT':
      return make(driveGone ? 'REMOVED' : 'NOT_FOUND');
    case 'EIO':
      return make(driveGone ? 'REMOVED' : 'IO');
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return make('WRITE_PROTECTED');
    case 'ENOSPC':
    case 'EDQUOT':
      return make('FULL');
    case 'EFBIG':
      return make('FILE_TOO_LARGE');
    default:
      return make('IO');
  }
}
