import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './open-database';
import { AppError } from '../kernel/app-error';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files; the number is the schema version the file brings the database to. */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = FILE_PATTERN.exec(file);
      if (!m) throw new Error(`migration file name must look like 0010_name.sql: ${file}`);
      return { version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`two migrations share version ${migrations[i]!.version}`);
    }
  }
  return migrations;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
}

/**
 * Brings the database to the newest schema in ONE transaction: either every pending file applies or none does.
 * A database written by a newer application (user_version above what we know) is refused, never touched.
 */
export function migrate(
  db: Db,
  migrations: Migration[],
  /** Runs inside the migration transaction once the schema is new: the place to journal the change. */
  onApplied?: (result: MigrationResult) => void,
): MigrationResult {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new AppError('DB_TOO_NEW', { dbVersion: from, appVersion: latest });
  }
  if (from !== 0 && !migrations.some((m) => m.version === from)) {
    throw new AppError('DB_UNKNOWN_VERSION', { dbVersion: from });
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };
  const result = { from, to: latest, applied: pending.map((m) => m.version) };
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${latest}`);
    onApplied?.(result);
  }).immediate();
  db.pragma('optimize');
  return result;
}
