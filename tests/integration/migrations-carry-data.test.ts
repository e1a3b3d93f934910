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

/**
 * Rows written right after a migration, into what it created or added: carried across every migration after it. A
 * migration that creates a table and is followed by another must write a row here, or the test below names the
 * empty table (the newest migration is exempt until a later one arrives).
 */
const writtenAfter: Record<number, (d: Db) => void> = {
  10: (d) =>
    d.exec(`
      INSERT INTO station (number, role, auditorium_code, is_reserve) VALUES ('0412001', 'hq', '0101', 1);
      INSERT INTO setting (key, value) VALUES ('station_number', '0412001');
      INSERT INTO participant (external_id, last_name, first_name, middle_name, document_series, document_number)
        VALUES ('P1', 'Иванова', 'Мария', 'Петровна', '4510', '123456');
      INSERT INTO seating (exam_id, participant_id, auditorium_code, seat) VALUES (1, 1, '0101', '1А');
      INSERT INTO seating_condition (exam_id, participant_id, condition) VALUES (1, 1, 'extended_time');
      INSERT INTO distribution_bundle (bundle_id, exam_id, version, issued_at, sha256, imported_at, imported_by, participants, staff)
        VALUES ('B1', 1, 1, '2026-05-30T00:00:00.000Z', '${'a'.repeat(64)}', '2026-05-31T00:00:00.000Z', 1, 1, 1);
    `),
  20: (d) =>
    d.exec(`
      INSERT INTO sync_station (id, enrolment_code, station_id, public_key, private_key_sealed, created_at, enrolled_at)
        VALUES (1, 'DEMO-0412', 'st-1', 'pk', 'sealed', '2026-05-31T00:00:00.000Z', '2026-05-31T00:01:00.000Z');
      INSERT INTO outbox (id, stream, stream_seq, kind, schema_version, created_at, payload, blob_file, size, sha256, state, attempts, next_attempt_at, last_error, delivered_at)
        VALUES ('item-1', 'status', 1, 'status', 1, '2026-05-31T00:02:00.000Z', '{"a":1}', NULL, 7, 's1', 'pending', 2, '2026-05-31T00:05:00.000Z', '{"code":"RCOI_UNREACHABLE"}', NULL),
               ('item-2', 'packets', 1, 'packet', 1, '2026-05-31T00:03:00.000Z', NULL, 'blob-2', 1024, 's2', 'delivered', 1, NULL, NULL, '2026-05-31T00:04:00.000Z');
      INSERT INTO inbound_item (id, cursor, kind, schema_version, received_at, payload, outcome)
        VALUES ('in-1', 1, 'bundle', 1, '2026-05-31T00:06:00.000Z', '{}', '{"applied":true}');
    `),
  30: (d) =>
    d.exec(`
      INSERT INTO internet_package (package_id, exam_id, size, file_count, available_from, listed_at, state, manifest_sha256, kits, reserve_kits, downloaded_at, last_error)
        VALUES ('pkg-1', 1, 1000, 2, '2026-06-01', '2026-05-31T00:07:00.000Z', 'downloaded', 'm1', 15, 5, '2026-05-31T00:08:00.000Z', NULL);
      INSERT INTO flash_drive (id, role, serial, label, size_bytes, assigned_at, assigned_by)
        VALUES ('serial:MAIN-1', 'main', 'MAIN-1', 'PPE_MAIN', 8000000, '2026-05-31T00:09:00.000Z', 1);
      INSERT INTO package_copy (package_id, drive_id, state, folder, updated_at, checked_at, problem)
        VALUES ('pkg-1', 'serial:MAIN-1', 'verified', 'packages/2026-06-01', '2026-05-31T00:10:00.000Z', '2026-05-31T00:10:00.000Z', NULL);
    `),
  40: (d) =>
    d.exec(`INSERT INTO staff (external_id, last_name, first_name, role_code, pin_hash, must_change_pin) VALUES ('S2', 'Сидорова', 'Анна', 7, 'scrypt$y', 1)`),
  50: (d) => d.exec(`INSERT INTO staff (external_id, last_name, first_name, role_code, from_bundle) VALUES ('S3', 'Кузнецов', 'Олег', 2, 1)`),
  70: (d) =>
    d.exec(`
      INSERT INTO timeline_confirmation (exam_id, step, confirmed_at, staff_id, staff_name, role_code, station)
        VALUES (1, 'materials_handover', '2026-06-01T00:12:00.000Z', 1, 'Петров Артём Андреевич', 1, '0412001');
    `),
  90: (d) =>
    d.exec(`
      INSERT INTO transfer_message (direction, sender, seq, receiver, kind, exam_date, created_at, sha256, file_name, recorded_at)
        VALUES ('sent', '0412001', 1, 'room:0101', 'room.data', '2026-06-01', '2026-06-01T00:13:00.000Z', '${'b'.repeat(64)}',
                'room-0101/0412001-00000001-room.data.ppex', '2026-06-01T00:13:01.000Z'),
               ('received', '0412101', 1, 'hq', 'room.journal_extract', '2026-06-01', '2026-06-01T00:14:00.000Z', '${'c'.repeat(64)}',
                'hq/0412101-00000001-room.journal_extract.ppex', '2026-06-01T00:15:00.000Z');
    `),
  80: (d) =>
    d.exec(`
      INSERT INTO sync_link (id, last_contact_at, clock_skew_seconds, clock_skew_alarm, last_error, last_error_at, updated_at)
        VALUES (1, '2026-05-31T10:02:00.000Z', -301, 1, '{"code":"RCOI_UNREACHABLE","params":{"url":"https://rcoi.example"}}', '2026-06-01T00:13:00.000Z', '2026-06-01T00:13:00.000Z');
    `),
  110: (d) =>
    d.exec(`
      INSERT INTO station_key (id, signing_public, signing_private_sealed, agreement_public, agreement_private_sealed, created_at)
        VALUES (1, 'c2lnbg==', 'v1.a.b.c', 'YWdyZWU=', 'v1.d.e.f', '2026-05-30T06:00:00.000Z');
      INSERT INTO station_peer (station, role, room, is_reserve, signing_key, agreement_key, pinned_at, retired_at)
        VALUES ('0412101', 'room', '0101', 0, 'cm9vbXM=', 'cm9vbWE=', '2026-05-30T07:00:00.000Z', NULL),
               ('0412102', 'room', '0102', 1, 'cm9vbTI=', 'cm9vbWI=', '2026-05-30T07:10:00.000Z', '2026-05-30T08:00:00.000Z');
    `),
  100: (d) =>
    d.exec(`
      INSERT INTO setup_attempt (id, enrolment_code, ppe_code, rcoi_url, kind, public_key, private_key_sealed, created_at, answer, answered_at, last_error)
        VALUES (1, '7K3M-Q9ZD-2HXA', '0412', 'https://rcoi.example.ru', 'hq-main', 'cGs=', 'v1.a.b.c', '2026-05-29T07:00:00.000Z',
                '{"protocol":"PPE-SETUP-1"}', '2026-05-29T07:00:05.000Z', NULL);
    `),
  120: (d) =>
    d.exec(`
      INSERT INTO gek_token (staff_id, serial, label, model, algorithm, public_key, certificate, key_id, simulated, source, bundle_id, registered_at, registered_by, confirmed_by, retired_at)
        VALUES (1, '0A1B2C3D', 'Рутокен', 'Rutoken ECP', 'ECDSA-P256-SHA256', 'a2V5MQ==', NULL, '01', 0, 'enrolled', NULL, '2026-05-30T09:00:00.000Z', 1, 1, '2026-05-31T09:00:00.000Z'),
               (1, NULL, NULL, NULL, 'ECDSA-P256-SHA256', 'a2V5Mg==', NULL, NULL, 0, 'bundle', 'B1', '2026-05-31T09:00:00.000Z', NULL, NULL, NULL);
    `),
  130: (d) =>
    d.exec(`
      INSERT INTO journal_anchor (origin, station, anchor_no, ppe_region, ppe_code, seq, entry_hash, signed_at, signing_key, signature, reason, recorded_at)
        VALUES ('own', '0412001', 1, '42', '0412', 3, '${'1'.repeat(64)}', '2026-06-01T00:16:00.000Z', 'c2lnbg==', 'c2lnMQ==', 'handover', '2026-06-01T00:16:00.000Z'),
               ('received', '0412101', 1, '42', '0412', 2, '${'2'.repeat(64)}', '2026-06-01T00:10:00.000Z', 'cm9vbXM=', 'c2lnMg==', 'hourly', '2026-06-01T00:17:00.000Z');
      INSERT INTO journal_anchor_written (anchor_id, transfer_seq, file_name, written_at)
        VALUES (1, 1, 'hq/0412001-00000001-room.journal_anchor.ppex', '2026-06-01T00:18:00.000Z');
    `),
  140: (d) =>
    d.exec(`
      INSERT INTO station_setup (setup_id, station, room, is_reserve, moves_key, moved_from, issued_at, issued_by, file, answered_at, answer_key)
        VALUES ('6f1c2a4e-8b7d-4c1e-9a3b-2d5e6f708192', '100104', '0101', 0, NULL, NULL, '2026-05-30T07:00:00.000Z', 1,
                'station-100104/100001-00000001-station.setup.ppex', '2026-05-30T07:30:00.000Z', 'cm9vbXM='),
               ('7a2d3b5f-9c8e-4d2f-8b4c-3e6f708192a3', '100105', '0101', 1, 'cm9vbXM=', '100104', '2026-05-31T07:00:00.000Z', 1,
                'station-100104/100001-00000002-station.setup.ppex', NULL, NULL);
    `),
  150: (d) =>
    d.exec(`
      INSERT INTO room_data_applied (auditorium_code, exam_date, subject_code, form, sender, seq, created_at, participants, staff, applied_at)
        VALUES ('0101', '2026-06-01', 1, 'EGE', '0412001', 2, '2026-05-31T09:00:00.000Z', 15, 2, '2026-05-31T10:00:00.000Z');
      INSERT INTO room_package (package_id, exam_date, subject_code, form, manifest_sha256, folder, size, file_count, kits, reserve_kits, sender, seq, verified_at)
        VALUES ('pkg-1', '2026-06-01', 1, 'EGE', '${'a'.repeat(64)}', 'PPE-PACKAGES/2026-06-01_01_EGE_pkg-1', 1000, 2, 12, 4, '0412001', 3, '2026-05-31T11:00:00.000Z');
      INSERT INTO room_journal_extract (station, room, exam_date, sha256, first_seq, last_seq, entries, head_seq, head_hash, complete, taken_at)
        VALUES ('0412101', '0101', '2026-06-01', '${'d'.repeat(64)}', 3, 4, 2, 4, '${'e'.repeat(64)}', 1, '2026-06-01T09:00:00.000Z');
      INSERT INTO room_journal_entry (station, seq, at, actor_staff_id, actor_name, actor_role_code, entry_station, action, payload, prev_hash, hash)
        VALUES ('0412101', 3, '2026-06-01T02:00:00.000Z', NULL, 'система', NULL, '0412101', 'transfer.received', '{}', '${'f'.repeat(64)}', '${'e'.repeat(64)}');
    `),
  160: (d) =>
    d.exec(`
      INSERT INTO exam_key (key_id, package_id, kind, sequence, exam_date, subject_code, envelope, envelope_sha256, issued_at, requested_by, source, received_at)
        VALUES ('5d6e7f80-9a1b-4c2d-8e3f-405162738495', 'pkg-1', 'main', 0, '2026-06-01', 1, '{}', '${'c'.repeat(64)}', '2026-06-01T02:30:00.000Z', 'W-42-5001', 'rcoi', '2026-06-01T02:31:00.000Z');
    `),
  170: (d) =>
    d.exec(`
      INSERT INTO print_kit (package_id, kit_index, source, reserve_sequence, kim_number, registration, answers1, answers2_1, answers2_2, pages,
        state, participant_id, seat, attempts, queued_at, started_at, printed_at, problem, spoil_reason, spoil_note, spoiled_at, spoiled_by, replacement_of)
        VALUES ('pkg-1', 1, 'room', NULL, '10000001', '2600000000011', '2600000000012', '2600000000013', '2600000000014', 7,
          'printed', 'P-42-1', '1А', 1, '2026-06-01T03:00:00.000Z', '2026-06-01T03:01:00.000Z', '2026-06-01T03:02:00.000Z', NULL, NULL, NULL, NULL, NULL, NULL);
      INSERT INTO print_attendance (exam_date, subject_code, participant_id, present, marked_at) VALUES ('2026-06-01', 1, 'P-42-1', 1, '2026-06-01T02:50:00.000Z');
      INSERT INTO print_local_package (package_id, folder, manifest_sha256, copied_at) VALUES ('pkg-1', 'printing/packages/pkg-1', '${'a'.repeat(64)}', '2026-06-01T02:40:00.000Z');
    `),
  180: (d) =>
    d.exec(`
      INSERT INTO room_print_log (station, room, exam_date, subject_code, package_id, seq, sha256, written_at, taken_at, kits, printed, spoiled, replaced, reserve_used, remaining, payload)
        VALUES ('0412101', '0101', '2026-06-01', 1, 'pkg-1', 5, '${'b'.repeat(64)}', '2026-06-01T04:00:00.000Z', '2026-06-01T04:30:00.000Z', 3, 2, 1, 1, 0, 9, '{}');
      INSERT INTO room_print_log_current (station, exam_date, subject_code, log_id) VALUES ('0412101', '2026-06-01', 1, 1);
    `),
};

/**
 * What a migration is meant to change in rows written before it (a rename of a kind, a computed column), as a
 * function of the rows it found. None does today: every migration so far leaves earlier rows exactly as they were.
 */
const rewrittenBy: Record<number, (before: TableRows) => TableRows> = {};

type TableRows = Record<string, unknown[]>;
const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const userTables = (d: Db) =>
  d
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name);
const columnsOf = (d: Db, table: string) => d.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).map((c) => c.name);

/** Every row of every table, in the columns the tables have now (a column added later is not part of the old row). */
function allRows(d: Db): { rows: TableRows; read: (later: Db) => TableRows } {
  const shapes = userTables(d).map((t) => ({ table: t, columns: columnsOf(d, t) }));
  const read = (from: Db): TableRows =>
    Object.fromEntries(
      shapes.map(({ table, columns }) => {
        const list = columns.map(q).join(', ');
        return [table, from.prepare(`SELECT ${list} FROM ${q(table)} ORDER BY ${list}`).all()];
      }),
    );
  return { rows: read(d), read };
}

describe('every table carries its rows across every later migration', () => {
  it('rows in each table, written before each step, read back unchanged after it', () => {
    const d = firstVersionDatabase();
    writtenAfter[all[0]!.version]?.(d);
    for (const step of all.slice(1)) {
      // Nothing crosses a migration untested: every table that exists before it holds a row.
      const empty = userTables(d).filter((t) => (d.prepare(`SELECT count(*) AS n FROM ${q(t)}`).get() as { n: number }).n === 0);
      expect(empty, `tables without a row before migration ${step.version} (add one to writtenAfter)`).toEqual([]);
      const before = allRows(d);
      const result = migrate(d, all.filter((m) => m.version <= step.version));
      expect(result.applied, `migration ${step.version}`).toEqual([step.version]);
      const expected = rewrittenBy[step.version]?.(before.rows) ?? before.rows;
      const after = before.read(d);
      for (const table of Object.keys(expected)) expect(after[table], `${table} across migration ${step.version}`).toEqual(expected[table]);
      writtenAfter[step.version]?.(d);
    }
    // Every seed and every declared rewrite belongs to a migration that exists.
    const versions = new Set(all.map((m) => m.version));
    expect([...Object.keys(writtenAfter), ...Object.keys(rewrittenBy)].map(Number).filter((v) => !versions.has(v))).toEqual([]);
  });
});
