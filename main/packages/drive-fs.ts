import { constants, type BigIntStats, type Stats } from 'node:fs';
import { lstat, mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

// File access on a flash drive, which may have been prepared by anyone. On a drive only regular files and folders
// exist for the app: a symbolic link, a junction or other reparse point (Node reports those as links), a FIFO, a
// socket or a device anywhere under a package folder is refused and named, never followed or opened. Opening
// never follows a link (O_NOFOLLOW) and never waits for a writer (O_NONBLOCK: a FIFO opened for reading would
// otherwise block a libuv thread forever); what was opened is checked with fstat to be the regular file lstat saw
// (same device and inode), which closes the race between looking and opening.

/** What stands where a file or folder belongs. */
export type EntryKind = 'symlink' | 'fifo' | 'socket' | 'device' | 'other';

/** A non-regular entry on a drive. `path` is relative to the drive's root or package folder, forward slashes. */
export class DriveEntryError extends Error {
  constructor(
    readonly path: string,
    readonly kind: EntryKind | 'file' | 'folder',
  ) {
    super(`${path} on the drive is a ${kind} where a regular file or folder belongs`);
    this.name = 'DriveEntryError';
  }
}

// 0 where the platform lacks them (Windows: no FIFOs to block on; links are caught by lstat and the fstat check).
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

export function entryKind(st: Stats | BigIntStats): EntryKind | 'file' | 'folder' {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'folder';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'other';
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Opens a regular file on a drive for reading without following a link or blocking: lstat first (anything but a
 * regular file is refused before it is opened), open with O_NOFOLLOW|O_NONBLOCK, then fstat must agree (a regular
 * file, same dev and ino). `name` is how the file is named in a refusal. ENOENT passes through as is.
 */
export async function openRegular(path: string, name: string): Promise<{ handle: FileHandle; size: number; dev: number; ino: number }> {
  const before = await lstat(path);
  if (!before.isFile()) throw new DriveEntryError(name, entryKind(before));
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    // ELOOP: it became a link between lstat and open.
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new DriveEntryError(name, 'symlink');
    throw e;
  }
  try {
    const after = await handle.stat();
    if (!after.isFile()) throw new DriveEntryError(name, entryKind(after));
    if (after.dev !== before.dev || after.ino !== before.ino) throw new DriveEntryError(name, 'symlink');
    return { handle, size: after.size, dev: after.dev, ino: after.ino };
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
}

/** The whole of a small regular file, refused unread (`tooLarge`) when it is bigger than `maxBytes`. */
export async function readRegularCapped(path: string, name: string, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const { handle, size } = await openRegular(path, name);
  try {
    if (size > maxBytes) throw tooLarge();
    // One byte more than the cap is asked for: a file that grew since fstat is caught too.
    const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let filled = 0;
    for (let n; filled < buffer.length && (n = (await handle.read(buffer, filled, buffer.length - filled, filled)).bytesRead) > 0; ) filled += n;
    if (filled > maxBytes) throw tooLarge();
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * The real folders along `parts` under `root` (the drive's mount point, which is trusted), made one level at a time
 * when missing and never through a link: each existing component must be a folder by lstat. A refused component
 * is named by its path from `root`.
 */
export async function ensureRealFolder(root: string, parts: string[]): Promise<void> {
  let path = root;
  for (const [i, part] of parts.entries()) {
    path = join(path, part);
    const name = parts.slice(0, i + 1).join('/');
    const st = await lstatOrNull(path);
    if (st === null) {
      try {
        await mkdir(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const made = await lstat(path);
      if (!made.isDirectory()) throw new DriveEntryError(name, entryKind(made));
    } else if (!st.isDirectory()) {
      throw new DriveEntryError(name, entryKind(st));
    }
  }
}

/** A folder that must already be real: lstat says folder, or it is refused; ENOENT passes through. */
export async function assertRealFolder(path: string, name: string): Promise<void> {
  const st = await lstat(path);
  if (!st.isDirectory()) throw new DriveEntryError(name, entryKind(st));
}

/**
 * Creates a temporary file for writing, exclusively (O_CREAT|O_EXCL|O_NOFOLLOW: never an existing file, never
 * through a link). A leftover regular file of an earlier attempt is removed first (unlink removes a name, never
 * follows it); anything else in its place is refused.
 */
export async function createExclusive(path: string, name: string): Promise<FileHandle> {
  const st = await lstatOrNull(path);
  if (st !== null) {
    if (!st.isFile()) throw new DriveEntryError(name, entryKind(st));
    await unlink(path);
  }
  try {
    return await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' || (e as NodeJS.ErrnoException).code === 'ELOOP') {
      const now = await lstatOrNull(path);
      throw new DriveEntryError(name, now ? entryKind(now) : 'other');
    }
    throw e;
  }
}

/** A rename's destination: absent or a regular file (replaced by the rename), anything else is refused. */
export async function assertReplaceable(path: string, name: string): Promise<void> {
  const st = await lstatOrNull(path);
  if (st !== null && !st.isFile()) throw new DriveEntryError(name, entryKind(st));
}
