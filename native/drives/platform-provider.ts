import type { DriveProvider } from './drive';
import { DrivelistDriveProvider } from './drivelist-detector';
import { LinuxLsblkDriveProvider } from './linux-lsblk';
import { WindowsCimDriveProvider } from './windows-cim';

/**
 * The real drive adapter for the operating system the app runs on, or null where there is none (any other OS). Null
 * is shown to the person as "drives are not supported here", never as "no drives".
 *
 * Why each (README.md in this folder has the evaluation of drivelist):
 * - Linux: lsblk. drivelist on Linux is itself a wrapper around lsblk and drops the serial, which is the drive's
 *   identity; our adapter keeps it.
 * - Windows: PowerShell + CIM. drivelist on Windows reports no serial, no volume label and no file system, so the
 *   main and reserve drives could not be told apart and the FAT32 4 GiB limit could not be checked.
 * - macOS: drivelist (DiskArbitration), with statfs and the mount table for the rest; nothing else covered macOS.
 */
export function platformDriveProvider(platform: NodeJS.Platform = process.platform): DriveProvider | null {
  if (platform === 'linux') return new LinuxLsblkDriveProvider();
  if (platform === 'win32') return new WindowsCimDriveProvider();
  if (platform === 'darwin') return new DrivelistDriveProvider();
  return null;
}
