import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FAT32_MAX_FILE } from '../../native/drives/fat32-limits';
import { MANIFEST_FILE, type PackageManifest } from './package-format';
import { verifyPackageFiles, type FilesVerification } from './verify-files';


export interface TargetDrive {
  /** Where the package folder goes on the drive. */
  folder: string;
  freeBytes: number;
  fileSystem: 'fat32' | 'exfat' | 'ntfs' | 'ext4' | 'other';
}

export type WriteRefusal =
  | { reason: 'FULL'; needed: number; free: number }
  | { reason: 'FILE_TOO_LARGE'; path: string; size: number };

/** Before a byte is written: does the package fit on the drive, and does each file fit its file system? */
export function checkTarget(manifest: PackageManifest, manifestBytes: number, target: TargetDrive): WriteRefusal | null {
  const needed = manifest.files.reduce((n, f) => n + f.size, 0) + manifestBytes;
  if (needed > target.freeBytes) return { reason: 'FULL', needed, free: target.freeBytes };
  if (target.fileSystem === 'fat32') {
    const big = manifest.files.find((f) => f.size > FAT32_MAX_FILE);
    if (big) return { reason: 'FILE_TOO_LARGE', path: big.path, size: big.size };
  }
  return null;
}

const COPY_PIECE = 4 * 1024 * 1024;

/**
 * Copies a verified package folder onto a drive so that a half-written package can never pass for a good one:
 * every file is written under a temporary name, fsync'd, then renamed; the manifest — the thing that says "a
 * package is here" — is written last the same way; then every byte is read back from the drive and checked
 * against the manifest. A package without its manifest on the drive is, by construction, not a package.
 * Writing again over an unfinished copy removes its manifest first, so a crash mid-rewrite leaves no false "good".
 */
export async function writePackage(
  sourceFolder: string,
  manifest: PackageManifest,
  manifestText: string,
  target: TargetDrive,
  onProgress: (phase: 'write' | 'verify', bytes: number, total: number) => void = () => {},
): Promise<FilesVerification> {
  rmSync(join(target.folder, MANIFEST_FILE), { force: true });
  mkdirSync(target.folder, { recursive: true });
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  let written = 0;
  const buffer = Buffer.allocUnsafe(COPY_PIECE);
  for (const file of manifest.files) {
    const to = join(target.folder, ...file.path.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    const temp = `${to}.partial`;
    const src = openSync(join(sourceFolder, ...file.path.split('/')), 'r');
    const dst = openSync(temp, 'w');
    try {
      for (let n = readSync(src, buffer, 0, COPY_PIECE, null); n > 0; n = readSync(src, buffer, 0, COPY_PIECE, null)) {
        let off = 0;
        while (off < n) off += writeSync(dst, buffer, off, n - off);
        written += n;
        onProgress('write', written, total);
        // Let other work (the other drive, the UI) run between pieces.
        await new Promise<void>((r) => setImmediate(r));
      }
      fsyncSync(dst);
    } finally {
      closeSync(src);
      closeSync(dst);
    }
    renameSync(temp, to);
  }
  const manifestTemp = join(target.folder, `${MANIFEST_FILE}.partial`);
  const fh = await open(manifestTemp, 'w');
  try {
    await fh.writeFile(manifestText);
    await fh.sync();
  } finally {
    await fh.close();
  }
  renameSync(manifestTemp, join(target.folder, MANIFEST_FILE));
  await syncFolder(target.folder);
  return verifyPackageFiles(target.folder, manifest, (b, t) => onProgress('verify', b, t));
}

async function syncFolder(folder: string): Promise<void> {
  const fh = await open(folder, 'r');
  try {
    await fh.sync();
  } catch {
    // Some file systems (FAT through FUSE, Windows) cannot fsync a folder; the files themselves were synced.
  } finally {
    await fh.close();
  }
}
