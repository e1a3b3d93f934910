import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { DriveFileSystem } from './drive';

// What the operating system says about each mounted file system: its type and whether it is mounted read-only.
// drivelist names the removable disks and their mountpoints but not the file system on them; the mount table does,
// and the FAT32 4 GiB file limit (fat32-limits.ts) depends on it. It also catches a volume the OS mounted read-only
// although the stick itself is writable (macOS mounts NTFS read-only).

export interface MountEntry {
  /** The OS's own name for the file system: "msdos", "vfat", "exfat", "ntfs3", "fuseblk"… */
  fsType: string;
  readOnly: boolean;
}

/** Keyed by mount path, exactly as drivelist reports mountpoints on that OS. */
export type MountTable = Map<string, MountEntry>;

/** Linux and macOS names for the same few file systems; anything else is 'other'. */
export function fileSystemOfMountType(fsType: string | null | undefined): DriveFileSystem {
  switch (fsType?.toLowerCase()) {
    // Both kernels use one name for FAT12/16/32; the smaller FATs share FAT32's 4 GiB file limit, so treating them
    // all as fat32 errs on the safe side.
    case 'vfat':
    case 'msdos':
    case 'fat32':
      return 'fat32';
    case 'exfat':
      return 'exfat';
    case 'ntfs':
    case 'ntfs3':
      return 'ntfs';
    case 'ext4':
      return 'ext4';
    default:
      return 'other';
  }
}

/** /proc/self/mounts escapes space, tab, newline and backslash in paths as three-digit octal (\040 is a space). */
function unescapeProcMounts(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Linux: /proc/self/mounts, one "device path fstype options dump pass" per line (proc(5)). */
export function parseProcMounts(text: string): MountTable {
  const table: MountTable = new Map();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4) continue;
    const [, path, fsType, options] = fields;
    // A later line for the same path is mounted over the earlier one and is the one in effect.
    table.set(unescapeProcMounts(path), { fsType, readOnly: options.split(',').includes('ro') });
  }
  return table;
}

// "/dev/disk4s1 on /Volumes/PPE MAIN (msdos, local, nodev, nosuid, noowners, mounted by tech)". The path may hold
// spaces and parentheses; the options group is the last " (…)" on the line, so the greedy path match finds it.
const MAC_MOUNT_LINE = /^(.+?) on (.+) \(([^,()]+)((?:, [^,()]*)*)\)$/;

/** macOS: the output of /sbin/mount with no arguments (mount(8)); the first option is the file system type. */
export function parseMacMount(text: string): MountTable {
  const table: MountTable = new Map();
  for (const line of text.split('\n')) {
    const m = MAC_MOUNT_LINE.exec(line.trim());
    if (!m) continue;
    const options = m[4].split(',').map((o) => o.trim());
    table.set(m[2], { fsType: m[3].trim(), readOnly: options.includes('read-only') });
  }
  return table;
}

const execFileAsync = promisify(execFile);

/** The mount table of the running OS, or an empty one where there is no source for it (Windows). */
export async function readMountTable(platform: NodeJS.Platform = process.platform): Promise<MountTable> {
  if (platform === 'linux') return parseProcMounts(await readFile('/proc/self/mounts', 'utf8'));
  if (platform === 'darwin') {
    const { stdout } = await execFileAsync('/sbin/mount', [], { timeout: 5_000, maxBuffer: 4 * 1024 * 1024 });
    return parseMacMount(stdout);
  }
  return new Map();
}
