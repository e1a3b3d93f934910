import { AppError } from '../kernel/app-error';
import type { DriveInfo, DriveProvider } from '../../native/drives/drive';

/**
 * The drives a station's set-up reads and writes: asked of the adapter directly, because a station that is not set
 * up runs no drive watcher (app-core starts background work only once there is a PPE). In the browser shell a
 * station not set up gets folder-backed drives (`drivesFolder`, app-core's `simulatorFolder`).
 */
export interface StationDrives {
  list(): Promise<DriveInfo[]>;
  /** The mount path of a drive that is inserted now, or DRIVE_NOT_FOUND. */
  mountPathOf(driveId: string): Promise<string>;
}

export function stationDrives(provider: DriveProvider | null): StationDrives {
  const list = async () => (provider ? await provider.list().catch(() => []) : []);
  return {
    list,
    async mountPathOf(driveId) {
      const drive = (await list()).find((d) => d.id === driveId);
      if (!drive) throw new AppError('DRIVE_NOT_FOUND', { driveId });
      return drive.mountPath;
    },
  };
}

/** What a screen shows of a drive: never its mount path. */
export function driveSummary(d: DriveInfo): { id: string; label: string | null; sizeBytes: number; readOnly: boolean } {
  return { id: d.id, label: d.label, sizeBytes: d.sizeBytes, readOnly: d.readOnly };
}
