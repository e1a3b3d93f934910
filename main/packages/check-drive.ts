import { createHash } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isAppError } from '../kernel/app-error';
import type { CryptoSuite } from '../crypto/crypto-suite';
import type { AppErrorPayload } from '../ipc/errors';
import { assertRealFolder, DriveEntryError, entryKind, readRegularCapped } from './drive-fs';
import { DRIVE_PACKAGES_DIR } from './drive-layout';
import { MANIFEST_FILE, MANIFEST_MAX_BYTES, type PackageManifest } from './package-format';
import { readManifest, type ExpectedPackage } from './read-manifest';
import { verifyPackageFiles, type FileProblem } from './verify-files';

export interface FolderCheck {
  /** Relative to the drive's root, forward slashes. */
  folder: string;
  manifest: PackageManifest | null;
  ok: boolean;
  /** What a person is told when not ok: the first problem found (the journal gets them all). */
  problem: AppErrorPayload | null;
  fileProblems: FileProblem[];
}

/** What this computer wrote into a folder (the database's copy row): the folder is checked against it. */
export interface WrittenCopy {
  packageId: string;
  /** SHA-256 of the manifest as downloaded at HQ; null while the package is being downloaded again. */
  manifestSha256: string | null;
}

export interface FolderCheckOptions {
  /** The package this computer recorded in this folder, if any. */
  written?: WrittenCopy | null;
  /** HQ's manifest hash of a package it knows, for a folder it has no record of. */
  manifestShaOf?: (packageId: string) => string | null;
  signal?: AbortSignal;
}

/**
 * The package folders on a drive. PPE-PACKAGES itself must be a real folder (a link is refused with
 * DriveEntryError); inside it every folder is listed, and so is anything that is neither a folder nor a regular
 * file (a link, a FIFO...), for checkPackageFolder to refuse by name. Reading a drive can throw at any moment (it
 * may be pulled): the caller maps that to a drive error.
 */
export async function listPackageFolders(mountPath: string): Promise<string[]> {
  const root = join(mountPath, DRIVE_PACKAGES_DIR);
  try {
    await assertRealFolder(root, DRIVE_PACKAGES_DIR);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const folders: string[] = [];
  for (const name of (await readdir(root)).sort()) {
    if (entryKind(await lstat(join(root, name))) !== 'file') folders.push(`${DRIVE_PACKAGES_DIR}/${name}`);
  }
  return folders;
}

/**
 * Checks one package folder on a drive: it must be a real folder holding only regular files and folders; a missing
 * manifest means a copy that was never finished; a manifest that is too big, fails the signature or names another
 * PPE cannot be trusted; a folder this computer wrote must hold exactly the package it wrote (same id, and the
 * manifest byte for byte as downloaded at HQ), not some other validly signed one; then every listed file is read
 * in full and hashed. Nothing on the drive is trusted: it may have been anywhere.
 */
export async function checkPackageFolder(
  mountPath: string,
  folder: string,
  pinnedRcoiKey: string,
  crypto: CryptoSuite,
  expected: ExpectedPackage,
  onProgress: (bytes: number, total: number) => void = () => {},
  options: FolderCheckOptions = {},
): Promise<FolderCheck> {
  const path = join(mountPath, ...folder.split('/'));
  let bytes: Buffer;
  try {
    await assertRealFolder(path, folder);
    bytes = await readRegularCapped(join(path, MANIFEST_FILE), MANIFEST_FILE, MANIFEST_MAX_BYTES, () => new ManifestTooLarge());
  } catch (e) {
    if (e instanceof DriveEntryError) return fail(folder, null, notRegular(e));
    if (e instanceof ManifestTooLarge) return fail(folder, null, { code: 'DRIVE_COPY_MANIFEST_TAMPERED', params: { folder, reason: 'too_large' } });
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return fail(folder, null, { code: 'DRIVE_COPY_INCOMPLETE', params: { folder } });
  }
  let manifest: PackageManifest;
  try {
    manifest = readManifest(bytes.toString('utf8'), pinnedRcoiKey, crypto, expected);
  } catch (e) {
    if (!isAppError(e)) throw e;
    const foreign = e.code === 'PACKAGE_OTHER_PPE' || e.code === 'PACKAGE_UNKNOWN_EXAM';
    return fail(folder, null, { code: foreign ? 'DRIVE_COPY_FOREIGN' : 'DRIVE_COPY_MANIFEST_TAMPERED', params: { folder } });
  }
  const written = options.written ?? null;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const expectedSha = written ? written.manifestSha256 : (options.manifestShaOf?.(manifest.packageId) ?? null);
  if ((written && manifest.packageId !== written.packageId) || (expectedSha !== null && sha256 !== expectedSha)) {
    return fail(folder, manifest, { code: 'DRIVE_COPY_OTHER_PACKAGE', params: { folder, packageId: manifest.packageId } });
  }
  let files;
  try {
    files = await verifyPackageFiles(path, manifest, onProgress, undefined, options.signal);
  } catch (e) {
    if (e instanceof DriveEntryError) return fail(folder, manifest, notRegular(new DriveEntryError(folder, e.kind)));
    throw e;
  }
  if (files.ok) return { folder, manifest, ok: true, problem: null, fileProblems: [] };
  return { ...fail(folder, manifest, describeFileProblems(files.problems)), fileProblems: files.problems };
}

class ManifestTooLarge extends Error {}

/** A link, FIFO, socket or device where a regular file or folder belongs, as a person is told. */
export function notRegular(e: DriveEntryError): AppErrorPayload {
  return { code: 'DRIVE_COPY_NOT_REGULAR', params: { path: e.path, kind: e.kind } };
}

function fail(folder: string, manifest: PackageManifest | null, problem: AppErrorPayload): FolderCheck {
  return { folder, manifest, ok: false, problem, fileProblems: [] };
}

/** The problem a person should hear first: a link or special file, then a damaged file, a missing one, a stray one. */
export function describeFileProblems(problems: FileProblem[]): AppErrorPayload {
  const rank = (p: FileProblem) => (p.kind === 'not_regular' ? -1 : p.kind === 'hash' || p.kind === 'size' ? 0 : p.kind === 'missing' ? 1 : 2);
  const first = [...problems].sort((a, b) => rank(a) - rank(b))[0]!;
  if (first.kind === 'not_regular') return { code: 'DRIVE_COPY_NOT_REGULAR', params: { path: first.path, kind: first.entry } };
  const code =
    first.kind === 'missing' ? 'DRIVE_COPY_FILE_MISSING' : first.kind === 'extra' ? 'DRIVE_COPY_FILE_EXTRA' : 'DRIVE_COPY_FILE_CORRUPT';
  return { code, params: { path: first.path, others: problems.length - 1 } };
}
