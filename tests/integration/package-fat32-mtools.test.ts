import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultCryptoSuite } from '../../main/crypto/crypto-suite';
import { checkPackageFolder, listPackageFolders } from '../../main/packages/check-drive';
import { DRIVE_PACKAGES_DIR, packageFolderOnDrive } from '../../main/packages/drive-layout';
import { MANIFEST_FILE, type PackageManifest } from '../../main/packages/package-format';
import { writePackage } from '../../main/packages/write-package';
import { loadDemoDataset } from '../../main/demo/seed-demo';
import { findAppRoot } from '../../main/kernel/app-root';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { buildPackage } from '../rcoi-server/package-builder';
import { makeFat32Image, mrun, requireMtools } from '../support/mtools';

// The package layout on a real FAT32 file system (an image driven by mtools; the kernel here cannot mount vfat):
// the folder names, long names and case survive FAT, the app's check reads a copy taken back off the image as good,
// and a single byte flipped inside the image — on the "flash chip" — is found and named.

const EXAM = { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' } as const;
let dir: string;
let img: string;
let manifest: PackageManifest;
const pinned = loadDemoDataset(findAppRoot()).rcoiPublicKey;
const expected = { regionCode: '42', ppeCode: '0412', exams: [{ date: EXAM.date, subjectCode: EXAM.subjectCode, form: EXAM.form }] };

beforeAll(async () => {
  requireMtools();
  dir = mkdtempSync(join(tmpdir(), 'ppe-fat32-package-'));
  const source = join(dir, 'download');
  manifest = buildPackage(source, {
    regionCode: '42', ppeCode: '0412', exam: EXAM,
    rooms: [{ auditoriumCode: '0101', kits: 12 }, { auditoriumCode: '0102', kits: 8 }],
    reserveKits: 5,
    bytesPerKit: 96 * 1024,
  }, loadDemoSigningKey()).manifest;
  // The app writes the drive's layout (here into a staging folder), which then goes onto FAT32 as a whole.
  const staging = join(dir, 'staging');
  const text = readFileSync(join(source, MANIFEST_FILE), 'utf8');
  await writePackage(source, manifest, text, { folder: join(staging, ...packageFolderOnDrive(manifest).split('/')), freeBytes: 1e9, fileSystem: 'fat32' });
  img = join(dir, 'main.img');
  makeFat32Image(img, 64, 'PPE_MAIN');
  mrun('mcopy', ['-s', '-i', img, join(staging, DRIVE_PACKAGES_DIR), '::/']);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What a computer would see on inserting the stick: the image's files, taken back off FAT32. */
function readBack(name: string): string {
  const mount = join(dir, name);
  mkdirSync(mount);
  mrun('mcopy', ['-s', '-i', img, `::/${DRIVE_PACKAGES_DIR}`, mount]);
  return mount;
}

it('survives FAT32 name for name and byte for byte, and the check on insert calls it good', async () => {
  const mount = readBack('mount-1');
  expect(await listPackageFolders(mount)).toEqual([packageFolderOnDrive(manifest)]);
  const check = await checkPackageFolder(mount, packageFolderOnDrive(manifest), pinned, defaultCryptoSuite, expected);
  expect(check).toMatchObject({ ok: true, problem: null });
  expect(check.manifest?.packageId).toBe(manifest.packageId);
});

it('finds one byte flipped on the FAT32 file system and names the file', async () => {
  // Find the third pack's bytes inside the image and flip one in the middle, as a failing flash cell would.
  const pack = manifest.files[2]!;
  const mount = readBack('mount-2');
  const content = readFileSync(join(mount, ...packageFolderOnDrive(manifest).split('/'), ...pack.path.split('/')));
  const image = readFileSync(img);
  const at = image.indexOf(content.subarray(4096, 4096 + 64));
  expect(at).toBeGreaterThan(0);
  image[at + 10] = image[at + 10]! ^ 0x01;
  writeFileSync(img, image);

  const damaged = readBack('mount-3');
  const check = await checkPackageFolder(damaged, packageFolderOnDrive(manifest), pinned, defaultCryptoSuite, expected);
  expect(check).toMatchObject({ ok: false, problem: { code: 'DRIVE_COPY_FILE_CORRUPT', params: { path: pack.path, others: 0 } } });
});
