import type { DriveProvider } from './drive';
import { LinuxLsblkDriveProvider } from './linux-lsblk';

/**
 * The real drive adapter for the operating system the app runs on, or null where there is none yet (Windows and
 * macOS: see the TODOs in linux-lsblk.ts). Null is shown to the person as "drives are not supported here", never
 * as "no drives inserted".
 */
export function platformDriveProvider(platform: NodeJS.Platform = process.platform): DriveProvider | null {
  return platform === 'linux' ? new LinuxLsblkDriveProvider() : null;
}
