import type { DriveInfo } from './drive';

// Checked before a single byte is written: finding out at 07:45 that the reserve drive is FAT32 and the package is
// 4.2 GB, halfway through the copy, is the failure this file exists to prevent.

/** FAT32 stores a file's size in 32 bits: the largest file is 4 GiB minus one byte. */
export const FAT32_MAX_FILE = 4 * 1024 ** 3 - 1;

/**
 * Files occupy whole clusters, so a set that "fits" by the byte count can still run out of space. 32 KiB is the
 * largest default FAT32/exFAT cluster on the drive sizes PPEs use; over-estimating by under 32 KiB per file is cheap,
 * under-estimating is a failed write.
 */
export const DEFAULT_CLUSTER_BYTES = 32 * 1024;

export type FitResult =
  | { ok: true; neededBytes: number }
  | { ok: false; reason: 'FILE_TOO_LARGE'; fileIndex: number; fileSize: number; limitBytes: number }
  | { ok: false; reason: 'FULL'; neededBytes: number; freeBytes: number };

function onDisk(size: number, clusterBytes: number): number {
  return Math.ceil(size / clusterBytes) * clusterBytes;
}

export function checkFits(
  drive: Pick<DriveInfo, 'fileSystem' | 'freeBytes'>,
  files: ReadonlyArray<{ size: number }>,
  opts: { clusterBytes?: number } = {},
): FitResult {
  const clusterBytes = opts.clusterBytes ?? DEFAULT_CLUSTER_BYTES;
  if (!(clusterBytes >= 1)) throw new RangeError(`clusterBytes must be >= 1, got ${clusterBytes}`);
  // The per-file limit first: no amount of free space fixes it, so it is the more useful thing to tell the person.
  if (drive.fileSystem === 'fat32') {
    const fileIndex = files.findIndex((f) => f.size > FAT32_MAX_FILE);
    if (fileIndex >= 0) {
      return {
        ok: false,
        reason: 'FILE_TOO_LARGE',
        fileIndex,
        fileSize: files[fileIndex].size,
        limitBytes: FAT32_MAX_FILE,
      };
    }
  }
  const neededBytes = files.reduce((sum, f) => sum + onDisk(f.size, clusterBytes), 0);
  if (neededBytes > drive.freeBytes) return { ok: false, reason: 'FULL', neededBytes, freeBytes: drive.freeBytes };
  return { ok: true, neededBytes };
}
