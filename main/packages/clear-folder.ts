import { lstat, readdir, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { entryKind, type EntryKind } from './drive-fs';
import { MANIFEST_FILE, type PackageManifest } from './package-format';

/** Something removed from a package folder on a drive: its path in the folder (forward slashes) and what it was. */
export interface RemovedEntry {
  path: string;
  kind: EntryKind | 'file' | 'folder';
}

/**
 * Before a package is written into its folder on a drive, everything there that the signed manifest does not name
 * is removed: a stray file, a stray folder (with all it holds), a leftover temporary, a link or a FIFO planted where
 * a file or folder belongs. Otherwise one extra file would fail every read-back, and «write again» would never mend
 * the copy. The old manifest goes first, so a copy cut off from here on can never pass for a package.
 *
 * The folder itself must already have been checked to be a real folder (ensureRealFolder); this works only below it
 * and never follows a link: every entry is looked at with lstat, a link or special file is unlinked as a name (its
 * target is never touched), and only what lstat called a folder is entered. Files and folders the manifest names
 * are kept: the write replaces them. Returns what was removed, the old regular manifest not counted.
 */
export async function clearPackageFolder(folder: string, manifest: Pick<PackageManifest, 'files'>): Promise<RemovedEntry[]> {
  const removed: RemovedEntry[] = [];
  const manifestEntry = await lstatOrNull(join(folder, MANIFEST_FILE));
  if (manifestEntry) {
    const kind = entryKind(manifestEntry);
    await removeEntry(join(folder, MANIFEST_FILE), kind);
    if (kind !== 'file') removed.push({ path: MANIFEST_FILE, kind });
  }
  const files = new Set(manifest.files.map((f) => f.path));
  const folders = new Set<string>();
  for (const path of files) for (let d = dirname(path); d !== '.'; d = dirname(d)) folders.add(d);
  const pending: string[] = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    for (const name of (await readdir(join(folder, rel))).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const st = await lstatOrNull(join(folder, path));
      if (st === null) continue;
      const kind = entryKind(st);
      if (kind === 'folder' && folders.has(path)) pending.push(path);
      else if (kind === 'file' && files.has(path)) continue;
      else {
        await removeEntry(join(folder, path), kind);
        removed.push({ path, kind });
      }
    }
  }
  return removed;
}

/** A folder is emptied bottom-up by the same rules (lstat, unlink names, enter only real folders); anything else is unlinked. */
async function removeEntry(path: string, kind: EntryKind | 'file' | 'folder'): Promise<void> {
  if (kind !== 'folder') {
    await unlinkName(path, kind);
    return;
  }
  // Iterative, so a hostile drive's deeply nested folders cannot exhaust the stack.
  const stack: { path: string; entered: boolean }[] = [{ path, entered: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.entered) {
      stack.pop();
      await rmdir(top.path);
      continue;
    }
    top.entered = true;
    for (const name of await readdir(top.path)) {
      const child = join(top.path, name);
      const st = await lstatOrNull(child);
      if (st === null) continue;
      if (st.isDirectory()) stack.push({ path: child, entered: false });
      else await unlinkName(child, entryKind(st));
    }
  }
}

/** Removes a name. A Windows junction or directory link refuses unlink; rmdir removes the link, never its target. */
async function unlinkName(path: string, kind: EntryKind | 'file' | 'folder'): Promise<void> {
  try {
    await unlink(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (kind !== 'symlink' || (code !== 'EPERM' && code !== 'EISDIR')) throw e;
    await rmdir(path);
  }
}

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
