import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path of better_sqlite3.node built for the running runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Opens the PPE database with the settings that acts and custody need: WAL so readers never block the writer,
 * synchronous=FULL so a committed act survives a power cut, foreign keys enforced.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, {
    nativeBinding: options.nativeBinding,
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Runs fn in one IMMEDIATE transaction: it takes the write lock at once, so two writers never interleave. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
