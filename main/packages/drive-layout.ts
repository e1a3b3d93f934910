import type { PackageManifest } from './package-format';

/**
 * Where packages live on a flash drive: one folder per package under PPE-PACKAGES, named so a person looking at the
 * drive in a file manager sees the date and subject: `2026-06-03_12_EGE_1f2e3d4c`. Only characters FAT accepts.
 */
export const DRIVE_PACKAGES_DIR = 'PPE-PACKAGES';

export function packageFolderName(manifest: Pick<PackageManifest, 'packageId' | 'exam'>): string {
  const { date, subjectCode, form } = manifest.exam;
  return `${date}_${String(subjectCode).padStart(2, '0')}_${form}_${manifest.packageId.slice(0, 8)}`;
}

/** The package's folder relative to the drive's root, with forward slashes (stored in the database). */
export function packageFolderOnDrive(manifest: Pick<PackageManifest, 'packageId' | 'exam'>): string {
  return `${DRIVE_PACKAGES_DIR}/${packageFolderName(manifest)}`;
}
