import { statfs } from 'node:fs/promises';
import { z } from 'zod';
import { driveId, type DriveInfo, type DriveProvider } from './drive';
import { fileSystemOfMountType, readMountTable, type MountTable } from './mount-table';
import { pollWatch } from './poll-watch';

// The adapter on macOS, through drivelist — the detector balenaEtcher lists USB sticks with (README.md in this folder
// has the evaluation). drivelist says which disks are removable, system or virtual, where their volumes are mounted,
// their labels and whether the media is write-protected. It does not report a serial, a file system or free space:
// fs.statfs gives sizes and free space, the OS mount table gives the file system and a read-only mount.
//
// drivelist is an N-API module (no rebuild for Electron's ABI). It is imported lazily, on the first list(), so that a
// machine where its native part failed to build still starts; on Linux and Windows the app does not load it at all
// (platform-provider.ts).

/** The fields of drivelist's documented `Drive` that this adapter reads; everything else passes through unread. */
const DrivelistDrive = z.object({
  device: z.string(),
  description: z.string().nullish(),
  size: z.number().nullable(),
  mountpoints: z.array(z.object({ path: z.string(), label: z.string().nullish() })),
  isReadOnly: z.boolean(),
  isRemovable: z.boolean(),
  isSystem: z.boolean(),
  isVirtual: z.boolean().nullable(),
  isUSB: z.boolean().nullable(),
});
export type DrivelistDrive = z.input<typeof DrivelistDrive>;

export type SkipReason = 'system' | 'virtual' | 'not-removable' | 'not-mounted';

/** A mounted volume on a removable disk, before the file system, size and free space are read from the OS. */
export interface DrivelistVolume {
  device: string;
  mountPath: string;
  label: string | null;
  /** The whole disk's size as drivelist reports it; the volume's own size comes from statfs. */
  diskSizeBytes: number;
  readOnly: boolean;
}

// A stick we booted from, a swap area or the root file system is never an exam drive.
function isDataMount(path: string): boolean {
  return path !== '/' && path !== '[SWAP]' && !/^\/boot(\/|$)/.test(path);
}

function blankToNull(text: string | null | undefined): string | null {
  return text === undefined || text === null || text.trim() === '' ? null : text.trim();
}

/**
 * Splits drivelist's output into the volumes that may be exam drives and the disks left out (with why), so that a
 * test on a machine without USB sticks can still see the system disk being recognised and skipped.
 */
export function classifyDrivelist(raw: unknown): { volumes: DrivelistVolume[]; skipped: Array<{ device: string; reason: SkipReason }> } {
  const drives = z.array(DrivelistDrive).parse(raw);
  const volumes: DrivelistVolume[] = [];
  const skipped: Array<{ device: string; reason: SkipReason }> = [];
  for (const d of drives) {
    // Virtual: disk images, RAM disks, zram, and the APFS containers drivelist folds into their physical disk.
    let reason: SkipReason | null = null;
    if (d.isVirtual === true) reason = 'virtual';
    else if (d.isSystem) reason = 'system';
    // An external USB disk that the OS does not call removable is still a stick-like drive the person plugged in.
    else if (!d.isRemovable && d.isUSB !== true) reason = 'not-removable';
    const mounts = d.mountpoints.filter((m) => isDataMount(m.path));
    if (reason === null && mounts.length === 0) reason = 'not-mounted';
    if (reason !== null) {
      skipped.push({ device: d.device, reason });
      continue;
    }
    for (const m of mounts) {
      volumes.push({ device: d.device, mountPath: m.path, label: blankToNull(m.label), diskSizeBytes: d.size ?? 0, readOnly: d.isReadOnly });
    }
  }
  return { volumes, skipped };
}

/** What statfs says about a mounted volume, in bytes. */
export interface VolumeSpace {
  sizeBytes: number;
  freeBytes: number;
}

/**
 * Adds what drivelist does not know. No serial: the identity is label + volume size (see README.md: two sticks of one
 * batch with the same label are one drive to the app on macOS until a serial source is added).
 */
export function toDriveInfo(v: DrivelistVolume, space: VolumeSpace, mounts: MountTable): DriveInfo {
  const mount = mounts.get(v.mountPath);
  const sizeBytes = space.sizeBytes > 0 ? space.sizeBytes : v.diskSizeBytes;
  return {
    id: driveId(null, v.label, sizeBytes),
    serial: null,
    label: v.label,
    sizeBytes,
    freeBytes: space.freeBytes,
    mountPath: v.mountPath,
    fileSystem: fileSystemOfMountType(mount?.fsType),
    readOnly: v.readOnly || mount?.readOnly === true,
  };
}

async function drivelistList(): Promise<unknown> {
  const drivelist = await import('drivelist');
  return drivelist.list();
}

async function statfsSpace(mountPath: string): Promise<VolumeSpace> {
  const s = await statfs(mountPath);
  // bavail, not bfree: blocks reserved for root are not ours to fill.
  return { sizeBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
}

export interface DrivelistDeps {
  listDrives: () => Promise<unknown>;
  spaceOf: (mountPath: string) => Promise<VolumeSpace>;
  mountTable: () => Promise<MountTable>;
}

export class DrivelistDriveProvider implements DriveProvider {
  private readonly deps: DrivelistDeps;

  constructor(deps: Partial<DrivelistDeps> = {}) {
    this.deps = { listDrives: drivelistList, spaceOf: statfsSpace, mountTable: () => readMountTable(), ...deps };
  }

  async list(): Promise<DriveInfo[]> {
    const { volumes } = classifyDrivelist(await this.deps.listDrives());
    if (volumes.length === 0) return [];
    const mounts = await this.deps.mountTable();
    const drives: DriveInfo[] = [];
    for (const v of volumes) {
      try {
        drives.push(toDriveInfo(v, await this.deps.spaceOf(v.mountPath), mounts));
      } catch {
        // Pulled between drivelist and statfs: it is simply not there any more.
      }
    }
    return drives;
  }

  watch(onChange: (drives: DriveInfo[]) => void, intervalMs = 1_000): () => void {
    return pollWatch(() => this.list(), onChange, intervalMs);
  }
}
