import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DriveError, toDriveError } from '../../native/drives/drive';

/** A Node-shaped fs error, for codes we cannot provoke here. */
function osError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('toDriveError', () => {
  it('maps a real ENOENT to NOT_FOUND while the drive is there, and to REMOVED after a pull', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppe-drive-err-'));
    try {
      let real: unknown;
      try {
        readFileSync(join(dir, 'no-such-package.zip'));
      } catch (e) {
        real = e;
      }
      expect((real as NodeJS.ErrnoException).code).toBe('ENOENT');
      const present = toDriveError(real);
      expect(present).toBeInstanceOf(DriveError);
      expect(present.code).toBe('NOT_FOUND');
      expect(present.osCode).toBe('ENOENT');
      expect(present.cause).toBe(real);
      expect(toDriveError(real, true).code).toBe('REMOVED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The tests run as root, where chmod 0555 does not stop a write, so EROFS/EACCES/EPERM cannot be provoked for
  // real here; the error objects are built by code, exactly as Node shapes them.
  it.each([
    ['EROFS', 'WRITE_PROTECTED'],
    ['EACCES', 'WRITE_PROTECTED'],
    ['EPERM', 'WRITE_PROTECTED'],
    ['ENOSPC', 'FULL'],
    ['EFBIG', 'FILE_TOO_LARGE'],
    ['ENODEV', 'REMOVED'],
    ['EIO', 'IO'],
    ['EBUSY', 'IO'],
  ] as const)('maps %s to %s', (os, code) => {
    expect(toDriveError(osError(os)).code).toBe(code);
  });

  it('treats EIO after a pull as REMOVED', () => {
    expect(toDriveError(osError('EIO'), true).code).toBe('REMOVED');
  });

  it('keeps a DriveError as it is and turns anything else into IO', () => {
    const e = new DriveError('FULL', 'ENOSPC');
    expect(toDriveError(e)).toBe(e);
    expect(toDriveError('boom').code).toBe('IO');
    expect(toDriveError(null).osCode).toBeNull();
  });

  it('carries a Russian message that says what to do', () => {
    expect(new DriveError('WRITE_PROTECTED').message).toMatch(/защищён от записи.*Снимите защиту/);
  });
});
