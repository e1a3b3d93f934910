import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, type Migration } from '../../main/db/migrate';
import { openDatabase, type Db } from '../../main/db/open-database';
import { findAppRoot } from '../../main/kernel/app-root';

// Each migration carries the data written before it: a database made by the first version, with a training PPE,
// a person with a PIN, an exam, an assignment and a journal entry, is brought up one migration at a time, and after
// every step the rows are all still there, with what that step adds set to what the old data means.

const appRoot = findAppRoot();
const all = loadMigrations(join(appRoot, 'migrations'));
const demoKey = (JSON.parse(readFileSync(join(appRoot, 'assets', 'demo', 'demo-ppe.json'), 'utf8')) as { rcoiPublicKey: string }).rcoiPublicKey;

let dir: string | null = null;
let db: Db | null = null;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = null;
  dir = null;
});

function firstVersionDatabase(): Db {
  dir = mkdtempSync(join(tmpdir(), 'ppe-mig-data-'));
  db = openDatabase(join(dir, 'ppe.sqlite'));
  migrate(db, all.slice(0, 1));
  db.exec(`
    INSERT INTO region (code, name) VALUES ('42', 'Кемеровская область');
    INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
      VALUES (1, '42', '0412', 'ППЭ', 'адрес', 'Asia/Novokuznetsk', '${demoKey}', NULL, 1);
    INSERT INTO auditorium (code, name, seats) VALUES ('0101', 'Аудитория 101', 15);
    INSERT INTO staff (external_id, last_name, first_name, middle_name, role_code, pin_hash) VALUES ('S1', 'Петров', 'Артём', 'Андреевич', 1, 'scrypt$x');
    INSERT INTO exam (exam_date, subject_code, subject_name, form, period, day_kind, duration_min)
      VALUES ('2026-06-01', 1, 'Русский язык', 'EGE', 'main', 'main', 210);
    INSERT INTO staff_assignment (exam_id, staff_id, role_code, auditorium_code) VALUES (1, 1, 1, '0101');
    INSERT INTO journal (seq, at, actor_name, station, action, payload, prev_hash, hash)
      VALUES (1, '2026-06-01T00:00:00.000Z', 'система', '7777', 'demo.seeded', '{}', '${'0'.repeat(64)}', 'h1');
  `);
  return db;
}

const snapshot = (d: Db) => ({
  ppe: d.prepare('SELECT code, rcoi_public_key, training_mode FROM ppe').all(),
  staff: d.prepare('SELECT external_id, last_name, role_code, pin_hash FROM staff').all(),
  exam: d.prepare('SELECT exam_date, subject_code FROM exam').all(),
  assignment: d.prepare('SELECT exam_id, staff_id, role_code, auditorium_code FROM staff_assignment').all(),
  journal: d.prepare('SELECT seq, action, hash FROM journal').all(),
});

/** What each later migration adds, as the data written before it should read afterwards. */
const afterStep: Record<number, (d: Db) => void> = {
  40: (d) => expect(d.prepare('SELECT must_change_pin FROM staff').all()).toEqual([{ must_change_pin: 0 }]),
  50: (d) => expect(d.prepare('SELECT from_bundle FROM staff').all()).toEqual([{ from_bundle: 0 }]),
  60: (d) => {
    // The training PPE that pins the demo key stays as it was, and from now on stays a training PPE.
    expect(d.prepare('SELECT training_mode FROM ppe').all()).toEqual([{ training_mode: 1 }]);
    expect(() => d.prepare('UPDATE ppe SET training_mode = 0').run()).toThrow(/training_station_cannot_become_real/);
  },
};

describe('every migration carries the data written before it', () => {
  it('one step at a time, from the first version to the last', () => {
    const d = firstVersionDatabase();
    const before = snapshot(d);
    const later: Migration[] = all.slice(1);
    expect(later.length).toBeGreaterThan(0);
    for (const step of later) {
      const result = migrate(d, all.filter((m) => m.version <= step.version));
      expect(result.applied, `migration ${step.version}`).toEqual([step.version]);
      expect(snapshot(d), `after migration ${step.version}`).toEqual(before);
      afterStep[step.version]?.(d);
    }
    expect(Object.keys(afterStep).map(Number).every((v) => later.some((m) => m.version === v))).toBe(true);
  });
});
