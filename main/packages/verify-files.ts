import { createHash } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DriveEntryError, entryKind, openRegular, type EntryKind } from './drive-fs';
import { MANIFEST_FILE, type PackageManifest } from './package-format';

export type FileProblem =
  | { path: string; kind: 'missing' }
  | { path: string; kind: 'size'; expected: number; actual: number }
  | { path: string; kind: 'hash' }
  | { path: string; kind: 'extra' }
  /** A link, FIFO, socket or device where a file or folder belongs: refused, never followed or opened. */
  | { path: string; kind: 'not_regular'; entry: EntryKind };

export interface FilesVerification {
  ok: boolean;
  checkedBytes: number;
  problems: FileProblem[];
}

/** The regular file the folder walk saw: hashing must open this very file and read no further than its size. */
export interface SeenFile {
  size: number;
  dev: number;
  ino: number;
}

/**
 * Hashes one file, reporting bytes as they are read; the read-back after a write hashes on worker threads. Reads at
 * most `seen.size + 1` bytes (`longer` says the file grew past it) and refuses (DriveEntryError) anything that is
 * not the regular file `seen` describes.
 */
export type HashFile = (
  path: string,
  onBytes: (bytes: number) => void,
  seen: SeenFile,
  signal?: AbortSignal,
) => Promise<{ sha256: string; longer: boolean }>;

const PIECE = 1024 * 1024;

/** Streams the file (1 MiB at a time) through SHA-256 on this thread. */
export async function hashInProcess(path: string, onBytes: (bytes: number) => void, seen: SeenFile, signal?: AbortSignal): Promise<{ sha256: string; longer: boolean }> {
  const { handle, dev, ino } = await openRegular(path, path);
  try {
    if (dev !== seen.dev || ino !== seen.ino) throw new DriveEntryError(path, 'symlink');
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(PIECE);
    let position = 0;
    while (position <= seen.size) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, Math.min(PIECE, seen.size + 1 - position), position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
      onBytes(bytesRead);
    }
    return { sha256: hash.digest('hex'), longer: position > seen.size };
  } finally {
    await handle.close();
  }
}

/**
 * Reads every file the manifest lists, byte by byte, and compares size and SHA-256; also names files that are there
 * but not listed, and anything that is neither a regular file nor a folder (never followed, never opened). Streams
 * (1 MiB at a time), reporting progress, so a 1 GiB package costs 1 MiB of memory. Throws DriveEntryError when
 * `folder` itself is not a real folder.
 */
export async function verifyPackageFiles(
  folder: string,
  manifest: PackageManifest,
  onProgress: (bytes: number, total: number) => void = () => {},
  hashFile: HashFile = hashInProcess,
  signal?: AbortSignal,
): Promise<FilesVerification> {
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  const tree = await walkFolder(folder, signal);
  const problems: FileProblem[] = [...tree.strange];
  const refused = new Set(tree.strange.map((p) => p.path));
  let checkedBytes = 0;
  for (const file of manifest.files) {
    signal?.throwIfAborted();
    const seen = tree.files.get(file.path);
    if (!seen) {
      if (!refused.has(file.path) && ![...refused].some((r) => file.path.startsWith(`${r}/`))) problems.push({ path: file.path, kind: 'missing' });
      continue;
    }
    if (seen.size !== file.size) {
      problems.push({ path: file.path, kind: 'size', expected: file.size, actual: seen.size });
      continue;
    }
    try {
      const { sha256, longer } = await hashFile(join(folder, ...file.path.split('/')), (n) => onProgress((checkedBytes += n), total), seen, signal);
      if (longer || sha256 !== file.sha256) problems.push({ path: file.path, kind: 'hash' });
    } catch (e) {
      if (!(e instanceof DriveEntryError)) throw e;
      problems.push({ path: file.path, kind: 'not_regular', entry: e.kind === 'file' || e.kind === 'folder' ? 'other' : e.kind });
    }
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const path of tree.files.keys()) {
    if (path !== MANIFEST_FILE && !listed.has(path)) problems.push({ path, kind: 'extra' });
  }
  return { ok: problems.length === 0, checkedBytes, problems };
}

interface Tree {
  /** Regular files by path relative to the folder, forward slashes. */
  files: Map<string, SeenFile>;
  /** Everything that is neither a regular file nor a folder. */
  strange: Extract<FileProblem, { kind: 'not_regular' }>[];
}

/** Every entry under a folder by lstat: folders are entered, links and special files are listed, never followed. */
async function walkFolder(root: string, signal: AbortSignal | undefined): Promise<Tree> {
  const top = await lstat(root);
  if (!top.isDirectory()) throw new DriveEntryError('.', entryKind(top));
  const tree: Tree = { files: new Map(), strange: [] };
  const pending: string[] = [''];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const rel = pending.pop()!;
    for (const name of (await readdir(join(root, rel))).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const st = await lstat(join(root, path));
      const kind = entryKind(st);
      if (kind === 'folder') pending.push(path);
      else if (kind === 'file') tree.files.set(path, { size: st.size, dev: st.dev, ino: st.ino });
      else tree.strange.push({ path, kind: 'not_regular', entry: kind });
    }
  }
  return tree;
}
