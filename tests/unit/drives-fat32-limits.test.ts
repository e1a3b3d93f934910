import { describe, expect, it } from 'vitest';
import { checkFits, FAT32_MAX_FILE } from '../../native/drives/fat32-limits';

const GiB = 1024 ** 3;

describe('checkFits', () => {
  it('knows the FAT32 limit is 4 GiB minus one byte', () => {
    expect(FAT32_MAX_FILE).toBe(4_294_967_295);
  });

  it('accepts a file of exactly FAT32_MAX_FILE and refuses one byte more on FAT32 only', () => {
    const fat = { fileSystem: 'fat32' as const, freeBytes: 16 * GiB };
    expect(checkFits(fat, [{ size: FAT32_MAX_FILE }]).ok).toBe(true);
    expect(checkFits(fat, [{ size: 10 }, { size: FAT32_MAX_FILE + 1 }])).toEqual({
      ok: false,
      reason: 'FILE_TOO_LARGE',
      fileIndex: 1,
      fileSize: FAT32_MAX_FILE + 1,
      limitBytes: FAT32_MAX_FILE,
    });
    expect(checkFits({ ...fat, fileSystem: 'exfat' }, [{ size: FAT32_MAX_FILE + 1 }]).ok).toBe(true);
  });

  it('reports the too-large file before lack of space, since more space would not help', () => {
    const r = checkFits({ fileSystem: 'fat32', freeBytes: 1 }, [{ size: 5 * GiB }]);
    expect(r.ok === false && r.reason).toBe('FILE_TOO_LARGE');
  });

  it('counts whole clusters, so a set that fits by bytes can still be FULL', () => {
    const drive = { fileSystem: 'fat32' as const, freeBytes: 4096 };
    const files = [{ size: 1 }, { size: 1 }];
    expect(checkFits(drive, files, { clusterBytes: 1024 })).toEqual({ ok: true, neededBytes: 2048 });
    expect(checkFits(drive, files, { clusterBytes: 4096 })).toEqual({
      ok: false,
      reason: 'FULL',
      neededBytes: 8192,
      freeBytes: 4096,
    });
  });

  it('fits an empty set anywhere', () => {
    expect(checkFits({ fileSystem: 'other', freeBytes: 0 }, [])).toEqual({ ok: true, neededBytes: 0 });
  });
});
