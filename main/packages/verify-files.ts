import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { MANIFEST_FILE, type PackageManifest } from './package-format';

export type FileProblem =
  | { path: string; kind: 'missing' }
  | { path: string; kind: 'size'; expected: number; actual: number }
  | { path: string; kind: 'hash' }
  | { path: string; kind: 'extra' };

export interface FilesVerification {
  ok: boolean;
  checkedBytes: number;
  problems: FileProblem[];
}

/** Hashes one file, reporting bytes as they are read; the read-back after a write hashes on worker threads. */
export type HashFile = (path: string, onBytes: (bytes: number) => void) => Promise<string>;

/** Streams the file (1 MiB at a time) through SHA-256 on this thread. */
export async function hashInProcess(path: string, onBytes: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(piece);
    onBytes(piece.length);
  }
  return hash.digest('hex');
}

/**
 * Reads every file the manifest lists, byte by byte, and compares size and SHA-256; also names files that are there
 * but not listed. Streams (1 MiB at a time), reporting progress, so a 1 GiB package costs 1 MiB of memory.
 */
export async function verifyPackageFiles(
  folder: string,
  manifest: PackageManifest,
  onProgress: (bytes: number, total: number) => void = () => {},
  hashFile: HashFile = hashInProcess,
): Promise<FilesVerification> {
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  const problems: FileProblem[] = [];
  let checkedBytes = 0;
  for (const file of manifest.files) {
    const path = join(folder, ...file.path.split('/'));
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      problems.push({ path: file.path, kind: 'missing' });
      continue;
    }
    if (size !== file.size) {
      problems.push({ path: file.path, kind: 'size', expected: file.size, actual: size });
      continue;
    }
    const sha256 = await hashFile(path, (n) => onProgress((checkedBytes += n), total));
    if (sha256 !== file.sha256) problems.push({ path: file.path, kind: 'hash' });
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const path of await listFiles(folder)) {
    if (path !== MANIFEST_FILE && !listed.has(path)) problems.push({ path, kind: 'extra' });
  }
  return { ok: problems.length === 0, checkedBytes, problems };
}

export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }
  return out;
}
