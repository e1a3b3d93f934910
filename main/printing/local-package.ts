import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CryptoSuite } from '../crypto/crypto-suite';
import type { Db } from '../db/open-database';
import { AppError } from '../kernel/app-error';
import { readPpeConfig } from '../ppe/ppe-config';
import { assertRealFolder, DriveEntryError, readRegularCapped } from '../packages/drive-fs';
import { MANIFEST_FILE, MANIFEST_MAX_BYTES, type PackageManifest } from '../packages/package-format';
import { readManifest } from '../packages/read-manifest';
import { KIT_PACK_MAX_FILE_BYTES } from '../kits/kit-pack-format';

/**
 * The room's package in the station's own data folder (issue 12, item 2 of the brief): exam-day printing must not
 * depend on the transfer drive staying in. The copy is made at the first activation of the key — the moment the GEK
 * member's key file has just come on that same drive, so the drive is in — rather than inside the `room.package`
 * applier: that applier runs in a synchronous act (a copy of hundreds of megabytes cannot), and most room packages
 * arrive the day before, when copying early would only keep encrypted material on one more disk for longer.
 *
 * The copy is ciphertext only (the packs as RCOI encrypted them, the signed manifest). Each file is read from the
 * drive through drive-fs (no link followed, nothing past the signed size), checked against the manifest's size and
 * SHA-256, written under a temporary name in an owner-only folder, fsync'd and renamed; the manifest comes last, so
 * a copy without a manifest is no copy. Every use verifies it again: the manifest's signature and its hash against
 * the one HQ named (room_package), and readKitPacks checks each pack's size and hash before decrypting it.
 */

export interface RoomPackageRow {
  packageId: string;
  examDate: string;
  subjectCode: number;
  form: string;
  manifestSha256: string;
  /** On the transfer drive, from its root. */
  folder: string;
}

/** Where the copy lives, relative to the data folder. */
export function localFolderOf(packageId: string): string {
  return join('printing', 'packages', packageId);
}

export function localCopyOf(db: Db, packageId: string): { folder: string; manifestSha256: string } | null {
  return (
    db
      .prepare<[string], { folder: string; manifestSha256: string }>('SELECT folder, manifest_sha256 AS manifestSha256 FROM print_local_package WHERE package_id = ?')
      .get(packageId) ?? null
  );
}

/** Reads and verifies a package's manifest in `folder` (a drive's or the local copy): RCOI's signature, this PPE and exam, HQ's hash. */
export async function verifiedManifest(db: Db, crypto: CryptoSuite, folder: string, pkg: RoomPackageRow): Promise<{ manifest: PackageManifest; text: string }> {
  let bytes: Buffer;
  try {
    await assertRealFolder(folder, pkg.folder);
    bytes = await readRegularCapped(join(folder, MANIFEST_FILE), MANIFEST_FILE, MANIFEST_MAX_BYTES, () => new AppError('DRIVE_COPY_MANIFEST_TAMPERED', { folder: pkg.folder, reason: 'too_large' }));
  } catch (e) {
    if (e instanceof DriveEntryError) throw new AppError('DRIVE_COPY_NOT_REGULAR', { path: e.path, kind: e.kind });
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('DRIVE_COPY_INCOMPLETE', { folder: pkg.folder });
    throw e;
  }
  if (createHash('sha256').update(bytes).digest('hex') !== pkg.manifestSha256) {
    throw new AppError('DRIVE_COPY_OTHER_PACKAGE', { folder: pkg.folder, packageId: pkg.packageId });
  }
  const ppe = readPpeConfig(db);
  const text = bytes.toString('utf8');
  const manifest = readManifest(text, ppe.rcoiPublicKey, crypto, {
    regionCode: ppe.regionCode,
    ppeCode: ppe.code,
    exams: [{ date: pkg.examDate, subjectCode: pkg.subjectCode, form: pkg.form }],
  });
  if (manifest.packageId !== pkg.packageId) throw new AppError('DRIVE_COPY_OTHER_PACKAGE', { folder: pkg.folder, packageId: manifest.packageId });
  return { manifest, text };
}

/**
 * Copies the package from the transfer drive into `<data>/printing/packages/<id>/` (owner-only folders, 0600
 * files) and records it. Refuses what the drive check would refuse (a damaged, missing or linked file).
 */
export async function copyPackageFromDrive(
  db: Db,
  crypto: CryptoSuite,
  dataDir: string,
  driveRoot: string,
  pkg: RoomPackageRow,
  now: Date,
): Promise<void> {
  const source = join(driveRoot, ...pkg.folder.split('/'));
  const { manifest, text } = await verifiedManifest(db, crypto, source, pkg);
  const relative = localFolderOf(pkg.packageId);
  const target = join(dataDir, relative);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true, mode: 0o700 });
  for (const file of manifest.files) {
    if (file.size > KIT_PACK_MAX_FILE_BYTES) throw new AppError('KIT_PACK_INVALID', { pack: file.path, reason: 'too_large' });
    const segments = file.path.split('/');
    let bytes: Buffer;
    try {
      for (let i = 1; i < segments.length; i++) await assertRealFolder(join(source, ...segments.slice(0, i)), segments.slice(0, i).join('/'));
      bytes = await readRegularCapped(join(source, ...segments), file.path, file.size, () => new AppError('DRIVE_COPY_FILE_CORRUPT', { path: file.path, others: 0 }));
    } catch (e) {
      if (e instanceof DriveEntryError) throw new AppError('DRIVE_COPY_NOT_REGULAR', { path: e.path, kind: e.kind });
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('DRIVE_COPY_FILE_MISSING', { path: file.path, others: 0 });
      throw e;
    }
    if (bytes.length !== file.size || createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
      throw new AppError('DRIVE_COPY_FILE_CORRUPT', { path: file.path, others: 0 });
    }
    await writeDurably(join(target, ...segments), bytes);
  }
  await writeDurably(join(target, MANIFEST_FILE), Buffer.from(text, 'utf8'));
  db.prepare(
    `INSERT INTO print_local_package (package_id, folder, manifest_sha256, copied_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (package_id) DO UPDATE SET folder = excluded.folder, manifest_sha256 = excluded.manifest_sha256, copied_at = excluded.copied_at`,
  ).run(pkg.packageId, relative, pkg.manifestSha256, now.toISOString());
}

async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.partial`;
  const fh = await open(temp, 'w', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(temp, path);
}
