import type { DriveProvider } from './drive';
import { LinuxLsblkDriveProvider } from './linux-lsblk';
import { WindowsCimDriveProvider } from './windows-cim';

/**
 * The real drive adapter for the operating system the app runs on, or null where there is none yet (macOS: see the
 * TODO in linux-lsblk.ts). Null is shown to the person as "drives are not supported here", never as "no drives".
 */
export function platformDriveProvider(platform: NodeJS.Platform = process.platform): DriveProvider | null {
  if (platform === 'linux') return new LinuxLsblkDriveProvider();
  if (platform === 'win32') return new WindowsCimDriveProvider();
  return null;
}
