import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { promisify } from 'node:util';
import { z } from 'zod';
import { driveId, type DriveInfo, type DriveProvider } from './drive';
import { fileSystemOfMountType } from './mount-table';
import { ByteCount, OptionalText } from './os-output-fields';
import { pollWatch } from './poll-watch';

// The real adapter on Linux: lsblk knows which block devices are USB, removable and mounted; statfs knows free
// space. Desktop Linux (udisks) mounts sticks under /media or /run/media by itself, so mounting is not our job.
//
// Windows: windows-cim.ts. macOS: drivelist-detector.ts (why not drivelist here too: platform-provider.ts).

export const LSBLK_ARGS = ['-J', '-b', '-o', 'NAME,SERIAL,LABEL,SIZE,FSTYPE,MOUNTPOINT,RM,RO,HOTPLUG,TRAN'];

// util-linux before 2.33 prints RM/RO/HOTPLUG as "0"/"1" and SIZE as a string; newer prints booleans and numbers.
const Flag = z.union([z.boolean(), z.string(), z.number(), z.null()]).transform((v) => v === true || v === '1' || v === 1);

const Node = z.object({
  name: z.string(),
  serial: OptionalText,
  label: OptionalText,
  size: ByteCount,
  fstype: OptionalText,
  mountpoint: OptionalText,
  rm: Flag,
  ro: Flag,
  hotplug: Flag,
  tran: OptionalText,
  get children() {
    return z.array(Node).optional();
  },
});
type LsblkNode = z.infer<typeof Node>;
const Output = z.object({ blockdevices: z.array(Node) });

/** What we need from the file system to report free space; injectable so list() can be tested without USB. */
export type FreeSpaceOf = (mountPath: string) => Promise<number>;

/** A mounted USB volume, before free space is known. */
export type LsblkVolume = Omit<DriveInfo, 'freeBytes'>;

// A USB stick we booted from, or a swap partition, is never an exam drive.
function isDataMount(mountpoint: string | null): mountpoint is string {
  return mountpoint !== null && mountpoint !== '[SWAP]' && mountpoint !== '/' && !/^\/boot(\/|$)/.test(mountpoint);
}

/**
 * Keeps mounted file systems on removable/hot-plugged USB disks. A partition inherits the disk's serial, transport
 * and removable flags, because lsblk reports those on the disk only.
 */
export function parseLsblk(json: string): LsblkVolume[] {
  const out = Output.parse(JSON.parse(json));
  const volumes: LsblkVolume[] = [];
  for (const disk of out.blockdevices) {
    const usbRemovable = disk.tran === 'usb' && (disk.rm || disk.hotplug);
    if (!usbRemovable) continue;
    // A "superfloppy" stick has its file system on the whole disk with no partition table.
    const candidates: Array<{ node: LsblkNode; partNo: string | null }> = [
      { node: disk, partNo: null },
      ...(disk.children ?? []).map((node) => ({ node, partNo: /(\d+)$/.exec(node.name)?.[1] ?? node.name })),
    ];
    const mounted = candidates.filter((c) => isDataMount(c.node.mountpoint));
    for (const { node, partNo } of mounted) {
      const serial = node.serial ?? disk.serial;
      let id = driveId(serial, node.label, node.size);
      // Two mounted partitions on one stick share its serial; the partition number (stable across re-insertion,
      // unlike sdb/sdc) tells them apart.
      if (mounted.length > 1 && serial !== null && partNo !== null) id += `#${partNo}`;
      volumes.push({
        id,
        serial,
        label: node.label,
        sizeBytes: node.size,
        mountPath: node.mountpoint as string,
        // lsblk says "vfat" for FAT12/16/32 alike: the mount table's names, mapped in one place.
        fileSystem: fileSystemOfMountType(node.fstype),
        readOnly: node.ro || disk.ro,
      });
    }
  }
  return volumes;
}

const execFileAsync = promisify(execFile);

async function runLsblk(): Promise<string> {
  // A hung USB device can stall lsblk; a poll must not hang with it.
  const { stdout } = await execFileAsync('lsblk', LSBLK_ARGS, { timeout: 5_000, maxBuffer: 4 * 1024 * 1024 });
  return stdout;
}

async function statfsFree(mountPath: string): Promise<number> {
  const s = await statfs(mountPath);
  // bavail, not bfree: blocks reserved for root are not ours to fill.
  return s.bavail * s.bsize;
}

export class LinuxLsblkDriveProvider implements DriveProvider {
  constructor(
    private readonly deps: { runLsblk: () => Promise<string>; freeSpaceOf: FreeSpaceOf } = {
      runLsblk,
      freeSpaceOf: statfsFree,
    },
  ) {}

  async list(): Promise<DriveInfo[]> {
    const volumes = parseLsblk(await this.deps.runLsblk());
    const drives: DriveInfo[] = [];
    for (const v of volumes) {
      try {
        drives.push({ ...v, freeBytes: await this.deps.freeSpaceOf(v.mountPath) });
      } catch {
        // Pulled between lsblk and statfs: it is simply not there any more.
      }
    }
    return drives;
  }

  watch(onChange: (drives: DriveInfo[]) => void, intervalMs = 1_000): () => void {
    return pollWatch(() => this.list(), onChange, intervalMs);
  }
}
