import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAppError } from '../core/app-error';
import type { CryptoSuite } from '../crypto/crypto-suite';
import type { AppErrorPayload } from '../ipc/errors';
import { DRIVE_PACKAGES_DIR } from './drive-layout';
import { MANIFEST_FILE, type PackageManifest } from './package-format';
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

/** Reading a drive can throw at any moment (it may be pulled): the caller maps that to a drive error. */
export async function listPackageFolders(mountPath: string): Promise<string[]> {
  const root = join(mountPath, DRIVE_PACKAGES_DIR);
  let names: string[];
  try {
    names = await readdir(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const folders: string[] = [];
  for (const name of names.sort()) {
    if ((await stat(join(root, name))).isDirectory()) folders.push(`${DRIVE_PACKAGES_DIR}/${name}`);
  }
  return folders;
}

/**
 * Checks one package folder on a drive against its own signed manifest: a missing manifest means a copy that was
 * never finished; a manifest that fails the signature or names another PPE means it cannot be trusted; then every
 * listed file is read in full and hashed. Nothing is trusted from the database: the drive may have been anywhere.
 */
export async function checkPackageFolder(
  mountPath: string,
  folder: string,
  pinnedRcoiKey: string,
  crypto: CryptoSuite,
  expected: ExpectedPackage,
  onProgress: (bytes: number, total: number) => void = () => {},
): Promise<FolderCheck> {
  const path = join(mountPath, ...folder.split('/'));
  let text: string;
  try {
    text = await readFile(join(path, MANIFEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return fail(folder, null, { code: 'DRIVE_COPY_INCOMPLETE', params: { folder } });
  }
  let manifest: PackageManifest;
  try {
    manifest = readManifest(text, pinnedRcoiKey, crypto, expected);
  } catch (e) {
    if (!isAppError(e)) throw e;
    const foreign = e.code === 'PACKAGE_OTHER_PPE' || e.code === 'PACKAGE_UNKNOWN_EXAM';
    return fail(folder, null, { code: foreign ? 'DRIVE_COPY_FOREIGN' : 'DRIVE_COPY_MANIFEST_TAMPERED', params: { folder } });
  }
  const files = await verifyPackageFiles(path, manifest, onProgress);
  if (files.ok) return { folder, manifest, ok: true, problem: null, fileProblems: [] };
  return { ...fail(folder, manifest, describeFileProblems(files.problems)), fileProblems: files.problems };
}

function fail(folder: string, manifest: PackageManifest | null, problem: AppErrorPayload): FolderCheck {
  return { folder, manifest, ok: false, problem, fileProblems: [] };
}

/** The problem a person should hear first: a damaged file before a missing one before a stray one. */
export function describeFileProblems(problems: FileProblem[]): AppErrorPayload {
  const rank = (p: FileProblem) => (p.kind === 'hash' || p.kind === 'size' ? 0 : p.kind === 'missing' ? 1 : 2);
  const first = [...problems].sort((a, b) => rank(a) - rank(b))[0]!;
  const code =
    first.kind === 'missing' ? 'DRIVE_COPY_FILE_MISSING' : first.kind === 'extra' ? 'DRIVE_COPY_FILE_EXTRA' : 'DRIVE_COPY_FILE_CORRUPT';
  return { code, params: { path: first.path, others: problems.length - 1 } };
}
