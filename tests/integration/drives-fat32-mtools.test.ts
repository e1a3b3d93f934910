import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFits } from '../../native/drives/fat32-limits';
import { makeFat32Image, mrun as run, mtoolsEnv as env, requireMtools } from '../support/mtools';

// A real FAT32 file system, built in a 64 MiB image file and driven with mtools, because the kernel here cannot
// mount vfat. It checks checkFits against what FAT32 itself accepts and refuses. The 4 GiB-1 per-file limit is
// proven by arithmetic in the unit test: a real 4 GiB file is too big for CI.

/** Free space as FAT32 itself reports it ("65 010 176 bytes free"; the thousands separator depends on the build). */
function freeBytes(img: string): number {
  const line = run('mdir', ['-i', img, '::']).split('\n').find((l) => l.includes('bytes free'));
  if (!line) throw new Error('mdir printed no "bytes free" line');
  return Number(line.replace(/\D/g, ''));
}

function clusterBytes(img: string): number {
  const info = run('minfo', ['-i', img, '::']);
  const sector = Number(/sector size: (\d+) bytes/.exec(info)?.[1]);
  const perCluster = Number(/cluster size: (\d+) sectors/.exec(info)?.[1]);
  return sector * perCluster;
}

let dir: string;
let img: string;

describe('checkFits against a real FAT32 file system (mtools)', () => {
  beforeAll(() => {
    requireMtools();
    dir = mkdtempSync(join(tmpdir(), 'ppe-fat32-'));
    img = join(dir, 'drive.img');
    makeFat32Image(img, 64, 'PPE_MAIN');
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is really FAT32', () => {
    expect(run('minfo', ['-i', img, '::'])).toMatch(/disk type="FAT32\s*"/);
  });

  it('round-trips a file byte-identically through mcopy', () => {
    const original = randomBytes(1024 * 1024 + 17);
    writeFileSync(join(dir, 'in.bin'), original);
    run('mcopy', ['-i', img, join(dir, 'in.bin'), '::/PACKAGE.BIN']);
    run('mcopy', ['-i', img, '::/PACKAGE.BIN', join(dir, 'out.bin')]);
    expect(readFileSync(join(dir, 'out.bin')).equals(original)).toBe(true);
  });

  it('refuses what FAT32 refuses, and accepts exactly what FAT32 accepts', () => {
    const drive = { fileSystem: 'fat32' as const, freeBytes: freeBytes(img) };
    const cluster = clusterBytes(img);
    expect(drive.freeBytes).toBeGreaterThan(50 * 1024 * 1024);
    expect(drive.freeBytes % cluster).toBe(0);

    // One byte more than the free space: checkFits says FULL, and FAT32 indeed refuses the copy.
    const tooBig = drive.freeBytes + 1;
    const refused = checkFits(drive, [{ size: tooBig }], { clusterBytes: cluster });
    expect(refused).toMatchObject({ ok: false, reason: 'FULL', freeBytes: drive.freeBytes });
    writeFileSync(join(dir, 'big.bin'), '');
    truncateSync(join(dir, 'big.bin'), tooBig);
    const copy = spawnSync('mcopy', ['-i', img, join(dir, 'big.bin'), '::/BIG.BIN'], { env, encoding: 'utf8' });
    expect(copy.status).not.toBe(0);
    expect(copy.stderr).toMatch(/Disk full/i);
    expect(freeBytes(img)).toBe(drive.freeBytes);

    // A 1-byte file and one of (free - 1) bytes fit by the byte count but need one cluster more than there is:
    // checkFits says FULL, and FAT32 agrees when the second copy fails.
    const pair = [{ size: 1 }, { size: drive.freeBytes - 1 }];
    expect(checkFits(drive, pair, { clusterBytes: cluster })).toMatchObject({ ok: false, reason: 'FULL' });
    writeFileSync(join(dir, 'tiny.bin'), 'x');
    writeFileSync(join(dir, 'rest.bin'), '');
    truncateSync(join(dir, 'rest.bin'), drive.freeBytes - 1);
    run('mcopy', ['-i', img, join(dir, 'tiny.bin'), '::/TINY.BIN']);
    const second = spawnSync('mcopy', ['-i', img, join(dir, 'rest.bin'), '::/REST.BIN'], { env, encoding: 'utf8' });
    expect(second.status).not.toBe(0);
    run('mdel', ['-i', img, '::/TINY.BIN']);
    expect(freeBytes(img)).toBe(drive.freeBytes);

    // Exactly the free space, in whole clusters: checkFits accepts it and so does FAT32, leaving zero bytes free.
    const fits = checkFits(drive, [{ size: drive.freeBytes }], { clusterBytes: cluster });
    expect(fits).toEqual({ ok: true, neededBytes: drive.freeBytes });
    writeFileSync(join(dir, 'fit.bin'), '');
    truncateSync(join(dir, 'fit.bin'), drive.freeBytes);
    run('mcopy', ['-i', img, join(dir, 'fit.bin'), '::/FIT.BIN']);
    expect(freeBytes(img)).toBe(0);
  });
});
