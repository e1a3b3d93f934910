import { lstatSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { AppError } from '../kernel/app-error';
import type { Db } from '../db/open-database';
import { readSetting } from '../ppe/ppe-config';

// The technical specialist's override of the PKCS#11 library path (setting `token_library_path`). Without it the
// known Rutoken and JaCarta places are tried (native/token/module-paths.ts). The app loads whatever library this
// names into its own process, so the path is checked before it is kept: absolute (no current folder to depend on),
// the file itself and not a link (a link can be re-pointed later by whoever can write where it lives), a regular
// file, and present — an absent file is said as such, naming the path.

export const TOKEN_LIBRARY_SETTING = 'token_library_path';

export function readLibrarySetting(db: Db): string | null {
  const value = readSetting(db, TOKEN_LIBRARY_SETTING);
  return value === null || value.trim() === '' ? null : value;
}

/** Throws TOKEN_LIBRARY_PATH_BAD or TOKEN_LIBRARY_MISSING; returns the path as it will be kept (trimmed). */
export function checkLibraryPath(raw: string): string {
  const path = raw.trim();
  if (!isAbsolute(path)) throw new AppError('TOKEN_LIBRARY_PATH_BAD', { path, reason: 'not_absolute' });
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    throw new AppError('TOKEN_LIBRARY_MISSING', { path });
  }
  if (stat.isSymbolicLink()) throw new AppError('TOKEN_LIBRARY_PATH_BAD', { path, reason: 'link' });
  if (!stat.isFile()) throw new AppError('TOKEN_LIBRARY_PATH_BAD', { path, reason: 'not_file' });
  return path;
}

/** Inside the act that journals it. */
export function writeLibrarySetting(db: Db, path: string | null): void {
  if (path === null) db.prepare('DELETE FROM setting WHERE key = ?').run(TOKEN_LIBRARY_SETTING);
  else {
    db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      TOKEN_LIBRARY_SETTING,
      path,
    );
  }
}
