import { execFileSync } from 'node:child_process';
import { existsSync, truncateSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// A real FAT32 file system in an image file, driven with mtools: the kernel here cannot mount vfat.

// mkfs.vfat lives in /usr/sbin, which a non-root PATH often lacks.
const PATH = [process.env.PATH ?? '', '/usr/sbin', '/sbin'].join(delimiter);
export const mtoolsEnv = { ...process.env, PATH, MTOOLS_SKIP_CHECK: '1', LC_ALL: 'C' };
const TOOLS = ['mcopy', 'mdel', 'mdir', 'minfo', 'mkfs.vfat'];

/** Fails loudly when the tools are missing, so a FAT32 test is never silently skipped. */
export function requireMtools(): void {
  const missing = TOOLS.filter((t) => !PATH.split(delimiter).some((dir) => dir && existsSync(join(dir, t))));
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.join(', ')}: install them with \`apt-get install -y mtools dosfstools\` ` +
        '(CI installs both; this test does not skip, so that the FAT32 check is never silently lost).',
    );
  }
}

export function mrun(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { env: mtoolsEnv, encoding: 'utf8' });
}

/** An empty FAT32 file system of `mib` MiB in a new image file. */
export function makeFat32Image(path: string, mib: number, label: string): void {
  writeFileSync(path, '');
  truncateSync(path, mib * 1024 * 1024);
  mrun('mkfs.vfat', ['-F', '32', '-n', label, path]);
}
