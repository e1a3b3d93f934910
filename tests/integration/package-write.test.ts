import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { FAT32_MAX_FILE } from '../../native/drives/fat32-limits';
import { checkTarget, writePackage, writePackageToTargets, type TargetDrive } from '../../main/packages/write-package';
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

describe('writing the main and the reserve drive from one read of the source', () => {
  const drivesIn = (...names: string[]): TargetDrive[] =>
    names.map((d) => ({ folder: join(dir, d, 'PPE_PACKAGES', 'pkg'), freeBytes: 1e9, fileSystem: 'fat32' }));
  const filesUnder = (folder: string) => readdirSync(folder, { recursive: true }).map(String).sort();

  it('gives both drives the same whole package, read back and verified, with progress for each', async () => {
    const { source, manifest, text } = makePackage();
    const drives = drivesIn('main', 'reserve');
    const last = new Map<string, number>();
    const outcomes = await writePackageToTargets(source, manifest, text, drives, (i, phase, bytes) => last.set(`${i}:${phase}`, bytes));
    const total = manifest.files.reduce((n, f) => n + f.size, 0);
    for (const outcome of outcomes) expect(outcome).toEqual({ ok: true, verification: { ok: true, checkedBytes: total, problems: [] } });
    expect(Object.fromEntries(last)).toEqual({ '0:write': total, '1:write': total, '0:verify': total, '1:verify': total });
    expect(filesUnder(drives[0]!.folder)).toEqual(filesUnder(drives[1]!.folder));
    for (const file of [MANIFEST_FILE, ...manifest.files.map((f) => f.path)]) {
      const original = readFileSync(join(source, file));
      for (const d of drives) expect(readFileSync(join(d.folder, file)).equals(original)).toBe(true);
    }
  });

  it('a drive pulled mid-way fails alone, without a manifest; the other drive completes and verifies', async () => {
    const { source, manifest, text } = makePackage();
    const [pulled, kept] = drivesIn('main', 'reserve');
    let pieces = 0;
    const outcomes = await writePackageToTargets(source, manifest, text, [pulled!, kept!], (i, phase) => {
      // Pulled: the mount point's contents vanish at once (a rename, as the drive simulator does; deleting file
      // by file would race the writes still in flight and fail on its own).
      if (i === 0 && phase === 'write' && ++pieces === 3) renameSync(join(dir, 'main'), join(dir, 'main-pulled'));
    });
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'ENOENT' } });
    expect(existsSync(join(pulled!.folder, MANIFEST_FILE))).toBe(false);
    expect(existsSync(join(dir, 'main'))).toBe(false); // nothing was made again in the empty mount point
    expect(outcomes[1]).toMatchObject({ ok: true, verification: { ok: true, problems: [] } });
    expect(readFileSync(join(kept!.folder, MANIFEST_FILE), 'utf8')).toBe(text);
  });

  it('a drive that cannot be written at all fails alone with its raw error', async () => {
    const { source, manifest, text } = makePackage();
    writeFileSync(join(dir, 'not-a-drive'), 'a file where a folder should be');
    const bad = { folder: join(dir, 'not-a-drive', 'pkg'), freeBytes: 1e9, fileSystem: 'other' as const };
    const outcomes = await writePackageToTargets(source, manifest, text, [bad, ...drivesIn('reserve')]);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'ENOTDIR' } });
    expect(outcomes[1]).toMatchObject({ ok: true, verification: { ok: true } });
  });

  it('stopped while writing: every drive ends with the abort reason, no manifest and no temporary files', async () => {
    const { source, manifest, text } = makePackage();
    const drives = drivesIn('main', 'reserve');
    const stop = new AbortController();
    let pieces = 0;
    const outcomes = await writePackageToTargets(source, manifest, text, drives, (i, phase) => {
      if (i === 1 && phase === 'write' && ++pieces === 4) stop.abort(new Error('cancelled'));
    }, stop.signal);
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome).toEqual({ ok: false, error: stop.signal.reason });
      const files = filesUnder(drives[i]!.folder);
      expect(files).not.toContain(MANIFEST_FILE);
      expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    }
  });

  it('stopped while reading back: the outcome is the abort reason, not a verification', async () => {
    const { source, manifest, text } = makePackage();
    const stop = new AbortController();
    const outcomes = await writePackageToTargets(source, manifest, text, drivesIn('main', 'reserve'), (_, phase) => {
      if (phase === 'verify') stop.abort(new Error('cancelled'));
    }, stop.signal);
    expect(outcomes).toEqual([{ ok: false, error: stop.signal.reason }, { ok: false, error: stop.signal.reason }]);
  });
});
