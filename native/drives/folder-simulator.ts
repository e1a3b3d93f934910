import { chmod, lstat, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { driveId, type DriveFileSystem, type DriveInfo, type DriveProvider } from './drive';
import { pollWatch } from './poll-watch';

// A DriveProvider for tests and demo mode: <root>/<name>/ is a drive's contents and <root>/<name>.drive.json says
// what hardware it pretends to be. Everything above the interface (copying packages, checking space, reacting to a
// pull) runs unchanged against it.

const SIDECAR_SUFFIX = '.drive.json';
// A pulled drive's files wait here, so that re-inserting "the same stick" brings its contents back, as in life.
const PULLED_PREFIX = '.pulled-';

const Sidecar = z.object({
  serial: z.string().nullable(),
  label: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative(),
  fileSystem: z.enum(['fat32', 'exfat', 'ntfs', 'ext4', 'other']),
  readOnly: z.boolean(),
});
type Sidecar = z.infer<typeof Sidecar>;

export interface InsertOptions {
  serial?: string | null;
  label?: string | null;
  sizeBytes?: number;
  fileSystem?: DriveFileSystem;
  readOnly?: boolean;
}

const DEFAULT_SIZE = 8 * 1024 ** 3;

function checkName(name: string): void {
  // The name becomes a path segment; anything that could escape <root> or collide with our own files is refused.
  if (!/^[\p{L}\p{N}_-][\p{L}\p{N} _.-]*$/u.test(name) || name.endsWith(SIDECAR_SUFFIX)) {
    throw new Error(`Недопустимое имя симулируемого накопителя: ${JSON.stringify(name)}`);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Bytes used under a folder: the simulator's stand-in for the file system's own accounting. */
async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await bytesUnder(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}

export class FolderDriveSimulator implements DriveProvider {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  mountPathOf(name: string): string {
    return join(this.root, name);
  }

  private sidecarPath(name: string): string {
    return join(this.root, name + SIDECAR_SUFFIX);
  }

  async list(): Promise<DriveInfo[]> {
    await mkdir(this.root, { recursive: true });
    const names = (await readdir(this.root))
      .filter((f) => f.endsWith(SIDECAR_SUFFIX))
      .map((f) => f.slice(0, -SIDECAR_SUFFIX.length))
      .sort();
    const drives: DriveInfo[] = [];
    for (const name of names) {
      const info = await this.read(name);
      if (info) drives.push(info);
    }
    return drives;
  }

  private async read(name: string): Promise<DriveInfo | null> {
    const mountPath = this.mountPathOf(name);
    let side: Sidecar;
    try {
      side = Sidecar.parse(JSON.parse(await readFile(this.sidecarPath(name), 'utf8')));
      if (!(await stat(mountPath)).isDirectory()) return null;
    } catch {
      // Mid-pull (sidecar gone between readdir and read) or a hand-edited broken sidecar: not a drive.
      return null;
    }
    const used = await bytesUnder(mountPath).catch(() => 0);
    return {
      id: driveId(side.serial, side.label, side.sizeBytes),
      serial: side.serial,
      label: side.label,
      sizeBytes: side.sizeBytes,
      freeBytes: Math.max(0, side.sizeBytes - used),
      mountPath,
      fileSystem: side.fileSystem,
      readOnly: side.readOnly,
    };
  }

  watch(onChange: (drives: DriveInfo[]) => void, intervalMs = 500): () => void {
    return pollWatch(() => this.list(), onChange, intervalMs);
  }

  /** Plugs a drive in. If a drive of this name was pulled earlier, its files come back with it. */
  async insert(name: string, opts: InsertOptions = {}): Promise<DriveInfo> {
    checkName(name);
    await mkdir(this.root, { recursive: true });
    const mountPath = this.mountPathOf(name);
    const pulled = join(this.root, PULLED_PREFIX + name);
    if (!(await exists(mountPath)) && (await exists(pulled))) await rename(pulled, mountPath);
    await mkdir(mountPath, { recursive: true });
    const side: Sidecar = {
      serial: opts.serial ?? null,
      label: opts.label === undefined ? name.toUpperCase() : opts.label,
      sizeBytes: opts.sizeBytes ?? DEFAULT_SIZE,
      fileSystem: opts.fileSystem ?? 'fat32',
      readOnly: opts.readOnly ?? false,
    };
    await this.writeSidecar(name, side);
    const info = await this.read(name);
    if (!info) throw new Error(`Симулируемый накопитель ${name} не появился после вставки`);
    return info;
  }

  /**
   * Pulls a drive out: the sidecar goes, so list() stops seeing it, and the folder moves aside, so that a write
   * still aimed at the old mount path fails with ENOENT just as it does after a real pull.
   */
  async remove(name: string): Promise<void> {
    checkName(name);
    await rm(this.sidecarPath(name), { force: true });
    const mountPath = this.mountPathOf(name);
    if (await exists(mountPath)) {
      const pulled = join(this.root, PULLED_PREFIX + name);
      await rm(pulled, { recursive: true, force: true });
      await chmod(mountPath, 0o755);
      await rename(mountPath, pulled);
    }
  }

  /**
   * Flips the write-protect switch. The folder is also made 0555 so that writes really fail for a normal user;
   * root ignores the mode bits, so under root only the reported readOnly flag changes.
   */
  async setReadOnly(name: string, readOnly: boolean): Promise<void> {
    checkName(name);
    const side = Sidecar.parse(JSON.parse(await readFile(this.sidecarPath(name), 'utf8')));
    await this.writeSidecar(name, { ...side, readOnly });
    await chmod(this.mountPathOf(name), readOnly ? 0o555 : 0o755);
  }

  private async writeSidecar(name: string, side: Sidecar): Promise<void> {
    // Write-then-rename, so a concurrent list() never reads half a sidecar.
    const tmp = this.sidecarPath(name) + '.tmp';
    await writeFile(tmp, JSON.stringify(side, null, 2));
    await rename(tmp, this.sidecarPath(name));
  }
}
