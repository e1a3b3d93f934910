import { describe, expect, it } from 'vitest';
import { describeDriveFailure } from '../../main/packages/drive-problem';
import { ru } from '../../renderer/i18n/ru';

// What a person reads when a drive refuses a write or a read. Tests run as root, where a real drive cannot be made
// to refuse with EROFS/ENOSPC/EFBIG, so the thrown values are the shape Node's fs gives (an errno `code`, a `path`).

const sysError = (code: string, path?: string) => Object.assign(new Error(code), { code, ...(path ? { path } : {}) });
const present = { gone: false, freeBytes: 80 * 1024 * 1024 };
const write = { role: 'reserve' as const, neededBytes: 120 * 1024 * 1024 + 1, folder: '/media/R/PPE_PACKAGES/p1' };

/** Every {placeholder} of the message is filled: nobody reads «{role}». */
function unfilled(problem: { code: string; params: Record<string, unknown> }): string[] {
  const text = (ru as Record<string, string>)[`error.${problem.code}`] ?? '';
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((name) => !(name in problem.params));
}

describe('a drive refusing a write', () => {
  it('names the role of a write-protected drive', () => {
    const p = describeDriveFailure(sysError('EROFS'), present, write);
    expect(p).toEqual({ code: 'DRIVE_WRITE_PROTECTED', params: { role: 'reserve', osCode: 'EROFS' } });
    expect(unfilled(p)).toEqual([]);
  });

  it('says how much a full drive needed and had', () => {
    const p = describeDriveFailure(sysError('ENOSPC'), present, write);
    expect(p).toEqual({ code: 'DRIVE_FULL', params: { role: 'reserve', neededMib: 121, freeMib: 80, osCode: 'ENOSPC' } });
    expect(unfilled(p)).toEqual([]);
  });

  it('names the file FAT32 could not hold, or the package folder when the system does not say', () => {
    expect(describeDriveFailure(sysError('EFBIG', '/media/R/PPE_PACKAGES/p1/kit.bin'), present, write).params).toMatchObject({ path: '/media/R/PPE_PACKAGES/p1/kit.bin' });
    const p = describeDriveFailure(sysError('EFBIG'), present, write);
    expect(p.params).toMatchObject({ role: 'reserve', path: write.folder });
    expect(unfilled(p)).toEqual([]);
  });

  it('a drive gone from the system was pulled, whatever errno said', () => {
    expect(describeDriveFailure(sysError('EIO'), { gone: true, freeBytes: 0 }, write).code).toBe('DRIVE_REMOVED');
  });
});

describe('a drive refusing a read (a check)', () => {
  it('is an input/output error, never «write protected» or «full»', () => {
    for (const code of ['EACCES', 'EROFS', 'ENOSPC', 'EFBIG']) {
      const p = describeDriveFailure(sysError(code), present);
      expect(p, code).toEqual({ code: 'DRIVE_IO', params: { osCode: code } });
      expect(unfilled(p)).toEqual([]);
    }
  });
});
