import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 is not an N-API module: the copy npm built in node_modules is for Node's ABI (tests, the browser
 * shell) and would not load into Electron. `npm start` builds a second copy for Electron's ABI into
 * .electron-native/electron-<version>/ (main/app/prepare-electron-native.mjs); a packaged app carries it in its
 * resources. This returns that file, or undefined to fall back to node_modules.
 */
export function electronNativeBinding(
  appRoot: string,
  electronVersion: string,
  resourcesPath: string | undefined,
  packaged: boolean,
): string | undefined {
  const folder = packaged && resourcesPath ? join(resourcesPath, 'native') : join(appRoot, '.electron-native');
  const file = join(folder, `electron-${electronVersion}`, 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}
