import { mkdtempSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../main/kernel/app-root';
import { AppError } from '../../main/kernel/app-error';
import { loadMigrations, migrate } from '../../main/db/migrate';
import { openDatabase, type Db } from '../../main/db/open-database';

const migrationsDir = join(findAppRoot(), 'migrations');
const dirs: string[] = [];
const dbs: Db[] = [];
function tempDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'ppe-mig-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'ppe.sqlite'));
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tables = (db: Db) =>
  db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);

describe('migrations', () => {
  it('bring a new database to the latest version with durable settings, and are idempotent', () => {
    const db = tempDb();
    const migrations = loadMigrations(migrationsDir);
    const first = migrate(db, migrations);
    expect(first.from).toBe(0);
    expect(first.to).toBe(migrations.at(-1)!.version);
    expect(db.pragma('user_version', { simple: true })).toBe(first.to);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['journal', 'ppe', 'exam', 'auditorium', 'station', 'staff', 'participant', 'seating']),
    );
    expect(migrate(db, migrations).applied).toEqual([]);
  });

  it('0010 declares every table STRICT and keeps the journal append-only', () => {
    const db = tempDb();
    migrate(db, loadMigrations(migrationsDir));
    for (const t of tables(db)) {
      const sql = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = ?").get(t)!.sql;
      expect(sql, t).toMatch(/\)\s*STRICT$/);
    }
    db.prepare(
      "INSERT INTO journal (seq, at, actor_name, station, action, payload, prev_hash, hash) VALUES (1, 'x', 'a', 's', 'a', '{}', 'p', 'h')",
    ).run();
    expect(() => db.prepare("UPDATE journal SET action = 'other'").run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE journal SET is_head = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM journal').run()).toThrow(/append-only/);
  });

  it('refuse a database written by a newer application and leave it untouched', () => {
    const db = tempDb();
    const migrations = loadMigrations(migrationsDir);
    migrate(db, migrations);
    db.pragma('user_version = 9990');
    const before = tables(db);
    let error: unknown;
    try {
      migrate(db, migrations);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DB_TOO_NEW');
    expect((error as AppError).params).toEqual({ dbVersion: 9990, appVersion: migrations.at(-1)!.version });
    expect(db.pragma('user_version', { simple: true })).toBe(9990);
    expect(tables(db)).toEqual(before);
  });

  it('apply all pending files in one transaction: a failing file leaves the database as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppe-migfiles-'));
    dirs.push(dir);
    cpSync(migrationsDir, dir, { recursive: true });
    writeFileSync(join(dir, '9000_broken.sql'), 'CREATE TABLE good_one (x INTEGER) STRICT;\nTHIS IS NOT SQL;');
    const db = tempDb();
    expect(() => migrate(db, loadMigrations(dir))).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuse migration files with a malformed name or a duplicate version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppe-migfiles-'));
    dirs.push(dir);
    writeFileSync(join(dir, '10_short.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/0010_name\.sql/);
    rmSync(join(dir, '10_short.sql'));
    writeFileSync(join(dir, '0010_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0010_b.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/share version 10/);
  });
});
