import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { FAT32_MAX_FILE } from '../../native/drives/fat32-limits';
import { clearPackageFolder, type RemovedEntry } from './clear-folder';
import { assertReplaceable, createExclusive, ensureRealFolder } from './drive-fs';
import { syncFolder } from './sync-folder';
import { MANIFEST_FILE, type PackageManifest } from './package-format';
import { withHashWorker } from './hash-worker';
import { verifyPackageFiles, type FilesVerification } from './verify-files';


export interface TargetDrive {
  /** Where the package folder goes on the drive. */
  folder: string;
  /**
   * The drive's mount point, above `folder`: every folder from here down is checked to be real (never a link) and
   * made one level at a time. Without it (tools, tests) the folder's parent is the caller's and is made as is.
   */
  root?: string;
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

/** One drive's result. A failed drive's error is the raw fs error (or the abort reason): map it with toDriveError. */
export type TargetOutcome = { ok: true; verification: FilesVerification } | { ok: false; error: unknown };

type Progress = (targetIndex: number, phase: 'write' | 'verify', bytes: number, total: number) => void;
/** What was removed from a drive's package folder before writing (clear-folder.ts); called only when something was. */
type Cleared = (targetIndex: number, removed: RemovedEntry[]) => void;

// Big enough that a pack file takes one or two reads and system calls, small enough that two of them (one being
// read from the source while the other is written) are all the memory a write takes, whatever the package size.
const PIECE = 8 * 1024 * 1024;
// Files per drive whose fsync may still be running while the next file is copied. With one, the copy keeps
// waiting for each fsync in turn (measurably slower); more gained nothing and queue the copy's reads and writes
// behind fsyncs in libuv's four threads. It also bounds how far write progress runs ahead of what the drive holds.
const SETTLING = 2;

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
  const [outcome] = await writePackageToTargets(sourceFolder, manifest, manifestText, [target], (_, phase, bytes, total) =>
    onProgress(phase, bytes, total),
  );
  if (!outcome.ok) throw outcome.error;
  return outcome.verification;
}

/**
 * writePackage for the main and the reserve drive at once: each source file is read once and every piece goes to
 * all drives together. A drive that fails (pulled, write-protected, full) is dropped with its error and the others
 * go on; it never gets a manifest. The drives are read back concurrently, each hashed on its own worker thread,
 * so two drives cost one drive's time on two cores and the main process (UI, IPC) stays free.
 * An aborted `signal` stops every drive that has not finished; none of them gets a manifest. What did not belong
 * in a drive's package folder is removed first (`onCleared` hears of it), so a rewrite can always end good.
 */
export async function writePackageToTargets(
  sourceFolder: string,
  manifest: PackageManifest,
  manifestText: string,
  targets: TargetDrive[],
  onProgress: Progress = () => {},
  signal?: AbortSignal,
  onCleared: Cleared = () => {},
): Promise<TargetOutcome[]> {
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  const drives: Drive[] = targets.map((t, index) => ({ index, folder: t.folder, root: t.root ?? null, failure: null, written: 0, settling: [] }));
  const subfolders = [...new Set(manifest.files.map((f) => dirname(f.path)))];
  if (signal?.aborted) drives.forEach((d) => fail(d, signal.reason));
  await Promise.all(drives.map((d) => attempt(d, () => prepareFolder(d, manifest, subfolders, onCleared))));
  await copyFiles(sourceFolder, manifest, drives, (d) => onProgress(d.index, 'write', d.written, total), signal);
  await Promise.all(drives.flatMap((d) => d.settling));
  if (signal?.aborted) drives.forEach((d) => fail(d, signal.reason));
  await Promise.all(drives.map((d) => attempt(d, () => finishPackage(d.folder, subfolders, manifestText))));
  return Promise.all(drives.map((d) => outcomeOf(d, manifest, (bytes) => onProgress(d.index, 'verify', bytes, total), signal)));
}

/** A drive being written. Once it has a failure it is left alone: the other drives go on without it. */
interface Drive {
  index: number;
  folder: string;
  root: string | null;
  failure: { error: unknown } | null;
  written: number;
  /** Earlier files' fsync and rename, left running while the next file is copied. */
  settling: Promise<void>[];
}

/** One file being written to one drive, under its temporary name. */
interface Output {
  drive: Drive;
  handle: FileHandle;
  temp: string;
  to: string;
  /** The file's path in the package, naming it in a refusal. */
  path: string;
}

function fail(drive: Drive, error: unknown): void {
  drive.failure ??= { error };
}

async function attempt(drive: Drive, work: () => Promise<void>): Promise<void> {
  if (drive.failure) return;
  try {
    await work();
  } catch (e) {
    fail(drive, e);
  }
}

async function prepareFolder(drive: Drive, manifest: PackageManifest, subfolders: string[], onCleared: Cleared): Promise<void> {
  const { folder } = drive;
  // A drive is hostile: the package folder and every folder in it must be real folders, made one level at a time,
  // so a planted link cannot send the copy (or the removal below) onto the HQ computer's own disk.
  if (drive.root === null) {
    await mkdir(dirname(folder), { recursive: true }).catch(() => undefined);
    await ensureRealFolder(dirname(folder), [basename(folder)]);
  } else {
    const parts = relative(drive.root, folder).split(sep);
    if (parts.some((p) => p === '..' || p === '')) throw new Error(`the package folder ${folder} is not inside the drive ${drive.root}`);
    await ensureRealFolder(drive.root, parts);
  }
  // The old manifest first, then whatever the manifest does not name (a stray file, a planted link): left there, it
  // would fail every read-back of every rewrite. Nothing outside this folder is touched, no link is followed.
  const removed = await clearPackageFolder(folder, manifest);
  if (removed.length > 0) onCleared(drive.index, removed);
  // Folders are made here once, never during the copy: after a pull, making them again would quietly put the rest
  // of the package into the empty mount point on the computer's own disk.
  for (const sub of subfolders) if (sub !== '.') await ensureRealFolder(folder, sub.split('/'));
}

async function copyFiles(
  sourceFolder: string,
  manifest: PackageManifest,
  drives: Drive[],
  reportWrite: (drive: Drive) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const buffers: [Buffer, Buffer] = [Buffer.allocUnsafe(PIECE), Buffer.allocUnsafe(PIECE)];
  for (const file of manifest.files) {
    if (drives.every((d) => d.failure)) return;
    try {
      await copyFile(sourceFolder, file.path, drives, buffers, reportWrite, signal);
    } catch (e) {
      // The source could not be read, or the copy was stopped: no drive can get a whole package now.
      drives.forEach((d) => fail(d, e));
    }
  }
}

async function copyFile(
  sourceFolder: string,
  path: string,
  drives: Drive[],
  buffers: [Buffer, Buffer],
  reportWrite: (drive: Drive) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const source = await open(join(sourceFolder, ...path.split('/')), 'r');
  let outputs: Output[] = [];
  try {
    outputs = (await Promise.all(drives.filter((d) => !d.failure).map((d) => openTemp(d, path)))).filter((o) => o !== null);
    await pump(source, outputs, buffers, reportWrite, signal);
  } catch (e) {
    await Promise.all(outputs.map(discard));
    throw e;
  } finally {
    await source.close();
  }
  await Promise.all(outputs.map(async (o) => {
    while (o.drive.settling.length >= SETTLING) await o.drive.settling.shift();
    if (o.drive.failure) await discard(o);
    else o.drive.settling.push(settle(o));
  }));
}

async function openTemp(drive: Drive, path: string): Promise<Output | null> {
  const to = join(drive.folder, ...path.split('/'));
  const temp = `${to}.partial`;
  try {
    return { drive, handle: await createExclusive(temp, `${path}.partial`), temp, to, path };
  } catch (e) {
    fail(drive, e);
    return null;
  }
}

/** Reads the source once, piece by piece, reading the next piece while the current one is written to every drive. */
async function pump(
  source: FileHandle,
  outputs: Output[],
  buffers: [Buffer, Buffer],
  reportWrite: (drive: Drive) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  let reading = readAhead(source, buffers[0], 0);
  try {
    for (let position = 0, turn = 0; outputs.some((o) => !o.drive.failure); turn++) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) return;
      const piece = buffers[turn % 2].subarray(0, bytesRead);
      reading = readAhead(source, buffers[(turn + 1) % 2], position + bytesRead);
      await Promise.all(outputs.map((o) => attempt(o.drive, () => writePiece(o, piece, position))));
      position += bytesRead;
      for (const o of outputs) if (!o.drive.failure) reportWrite(o.drive);
      signal?.throwIfAborted();
    }
  } finally {
    // The read ahead may still be filling a buffer: the source must not be closed under it.
    await reading.catch(() => {});
  }
}

function readAhead(source: FileHandle, buffer: Buffer, position: number): Promise<{ bytesRead: number }> {
  const reading = source.read(buffer, 0, PIECE, position);
  // It is awaited only after the writes of the piece before it: a failed read must not count as unhandled meanwhile.
  reading.catch(() => {});
  return reading;
}

async function writePiece(output: Output, piece: Buffer, position: number): Promise<void> {
  for (let done = 0; done < piece.length; ) {
    done += (await output.handle.write(piece, done, piece.length - done, position + done)).bytesWritten;
  }
  output.drive.written += piece.length;
}

/** fsync before rename: the file's real name may only ever point at whole content. */
async function settle(output: Output): Promise<void> {
  try {
    try {
      await output.handle.sync();
    } finally {
      await output.handle.close();
    }
    await assertReplaceable(output.to, output.path);
    await rename(output.temp, output.to);
  } catch (e) {
    fail(output.drive, e);
    await rm(output.temp, { force: true }).catch(() => {});
  }
}

/** Best effort: the drive may be gone, and a leftover temporary file is not a package anyway. */
async function discard(output: Output): Promise<void> {
  await output.handle.close().catch(() => {});
  await rm(output.temp, { force: true }).catch(() => {});
}

async function finishPackage(folder: string, subfolders: string[], manifestText: string): Promise<void> {
  // The renames must be on the drive before the manifest says the package is there.
  for (const sub of subfolders) await syncFolder(join(folder, ...sub.split('/')));
  const temp = join(folder, `${MANIFEST_FILE}.partial`);
  const fh = await createExclusive(temp, `${MANIFEST_FILE}.partial`);
  try {
    await fh.writeFile(manifestText);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await assertReplaceable(join(folder, MANIFEST_FILE), MANIFEST_FILE);
  await rename(temp, join(folder, MANIFEST_FILE));
  await syncFolder(folder);
}

async function outcomeOf(
  drive: Drive,
  manifest: PackageManifest,
  onBytes: (bytes: number) => void,
  signal: AbortSignal | undefined,
): Promise<TargetOutcome> {
  if (drive.failure) return { ok: false, error: drive.failure.error };
  try {
    // Hashing is the CPU part of the read-back; each drive gets a worker thread, so two drives hash on two cores.
    const verification = await withHashWorker(PIECE, signal, (hashFile) => verifyPackageFiles(drive.folder, manifest, onBytes, hashFile));
    return { ok: true, verification };
  } catch (e) {
    return { ok: false, error: e };
  }
}
