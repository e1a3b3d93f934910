import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { FAT32_MAX_FILE } from '../../native/drives/fat32-limits';
import { checkTarget, writePackage } from '../../main/packages/write-package';
import { verifyPackageFiles } from '../../main/packages/verify-files';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { buildPackage } from '../rcoi-server/package-builder';

// Writing to folder-backed drives (the kernel here cannot mount FAT; the FAT32 path is tested with mtools).

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function makePackage() {
  const source = join(dir, 'download');
  const { manifest } = buildPackage(source, {
    regionCode: '42', ppeCode: '0412',
    exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' },
    rooms: [{ auditoriumCode: '0101', kits: 25 }, { auditoriumCode: '0102', kits: 15 }],
    reserveKits: 5,
    bytesPerKit: 64 * 1024,
  }, loadDemoSigningKey());
  return { source, manifest, text: readFileSync(join(source, MANIFEST_FILE), 'utf8') };
}

describe('writing a package to the main and the reserve drive', () => {
  it('writes both drives in parallel and reads every byte back', async () => {
    const { source, manifest, text } = makePackage();
    const drives = ['main', 'reserve'].map((d) => ({ folder: join(dir, d, 'PPE_PACKAGES', manifest.packageId), freeBytes: 1e9, fileSystem: 'fat32' as const }));
    const results = await Promise.all(drives.map((d) => writePackage(source, manifest, text, d)));
    for (const r of results) expect(r).toMatchObject({ ok: true, problems: [] });
    expect(readFileSync(join(drives[1]!.folder, MANIFEST_FILE), 'utf8')).toBe(text);
  });

  it('refuses before writing when the drive is too small or a file exceeds FAT32’s 4 GiB limit', () => {
    const { manifest, text } = makePackage();
    const size = manifest.files.reduce((n, f) => n + f.size, 0);
    expect(checkTarget(manifest, text.length, { folder: dir, freeBytes: size, fileSystem: 'fat32' })).toMatchObject({ reason: 'FULL' });
    const huge = { ...manifest, files: [{ ...manifest.files[0]!, size: FAT32_MAX_FILE + 1 }] };
    expect(checkTarget(huge, 10, { folder: dir, freeBytes: 1e12, fileSystem: 'fat32' })).toMatchObject({ reason: 'FILE_TOO_LARGE' });
    expect(checkTarget(huge, 10, { folder: dir, freeBytes: 1e12, fileSystem: 'exfat' })).toBeNull();
  });

  it('never leaves a manifest beside a half-written package, and a rewrite clears an old manifest first', async () => {
    const { source, manifest, text } = makePackage();
    const target = { folder: join(dir, 'main', 'pkg'), freeBytes: 1e9, fileSystem: 'fat32' as const };
    await writePackage(source, manifest, text, target);
    // The drive is pulled in the middle of a rewrite: simulate by failing on the third file.
    let pieces = 0;
    const pulled = writePackage(source, manifest, text, target, (phase) => {
      if (phase === 'write' && ++pieces === 3) rmSync(target.folder, { recursive: true, force: true });
    });
    await expect(pulled).rejects.toThrow();
    expect(existsSync(join(target.folder, MANIFEST_FILE))).toBe(false);
    // Written again from the start, it is whole.
    expect((await writePackage(source, manifest, text, target)).ok).toBe(true);
  });

  it('a flipped byte on the drive is found by the check on insert', async () => {
    const { source, manifest, text } = makePackage();
    const target = { folder: join(dir, 'reserve', 'pkg'), freeBytes: 1e9, fileSystem: 'fat32' as const };
    await writePackage(source, manifest, text, target);
    const file = join(target.folder, manifest.files[2]!.path);
    const bytes = readFileSync(file);
    bytes[10] ^= 0x80;
    writeFileSync(file, bytes);
    expect((await verifyPackageFiles(target.folder, manifest)).problems).toEqual([{ path: manifest.files[2]!.path, kind: 'hash' }]);
  });
});
