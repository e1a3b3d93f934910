import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withHashWorker } from '../../main/packages/hash-worker';
import { hashInProcess, type HashFile, type SeenFile } from '../../main/packages/verify-files';

// The read-back hashes files by path, on a worker thread or in process. Between the folder walk and the open a
// hostile drive could swap a file for a link, a FIFO or a longer file: the open must not follow, must not block,
// must be the file the walk saw, and must not read past its size.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-hash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const seenOf = (path: string, size?: number): SeenFile => {
  const st = lstatSync(path);
  return { size: size ?? st.size, dev: st.dev, ino: st.ino };
};

async function both(run: (hash: HashFile) => Promise<void>): Promise<void> {
  await run(hashInProcess);
  await withHashWorker(64 * 1024, undefined, run);
}

describe('hashing a file on a drive', () => {
  it('never follows a link put where the walked file was', async () => {
    const real = join(dir, 'real.bin');
    writeFileSync(real, 'x'.repeat(1000));
    const link = join(dir, 'link.bin');
    symlinkSync(real, link);
    await both(async (hash) => {
      await expect(hash(link, () => {}, seenOf(real))).rejects.toMatchObject({ name: 'DriveEntryError', kind: 'symlink' });
    });
  });

  it('refuses a different file (another inode) than the one walked, and a FIFO, without blocking', async () => {
    const a = join(dir, 'a.bin');
    writeFileSync(a, 'aaaa');
    const seen = seenOf(a);
    rmSync(a);
    writeFileSync(join(dir, 'filler'), 'keeps the inode number from being reused');
    writeFileSync(a, 'bbbb');
    expect(statSync(a).ino).not.toBe(seen.ino);
    const fifo = join(dir, 'fifo.bin');
    execFileSync('mkfifo', [fifo]);
    await both(async (hash) => {
      await expect(hash(a, () => {}, seen)).rejects.toMatchObject({ name: 'DriveEntryError' });
      await expect(hash(fifo, () => {}, { size: 10, dev: seen.dev, ino: lstatSync(fifo).ino })).rejects.toMatchObject({ name: 'DriveEntryError', kind: 'fifo' });
    });
  });

  it('reads no further than one byte past the signed size', async () => {
    const file = join(dir, 'long.bin');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 7));
    await both(async (hash) => {
      let read = 0;
      const result = await hash(file, (n) => (read += n), seenOf(file, 100));
      expect(result.longer).toBe(true);
      expect(read).toBe(101);
      const whole = await hash(file, () => {}, seenOf(file));
      expect(whole).toEqual({ sha256: createHash('sha256').update(Buffer.alloc(3 * 1024 * 1024, 7)).digest('hex'), longer: false });
    });
  });
});
