import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds package.json, migrations/ and assets/: found by walking up from this module, so the
 * same code works from the sources (tests), from dist/ (bridge, Electron) and from inside an asar archive.
 */
export function findAppRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('application root (package.json + migrations/) not found');
    dir = parent;
  }
}
