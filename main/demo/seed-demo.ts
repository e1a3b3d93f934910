import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPin } from '../auth/pin-hash';
import { SYSTEM_ACTOR, type CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import { applyDistribution } from '../bundles/apply-distribution';
import { addDays, localDateOf } from '../ipc/zoned-time';
import { AppError } from '../kernel/app-error';
import { demoDatasetSchema, type DemoDataset } from './demo-dataset';
import { DEMO_RCOI_KEY_ID } from '../ppe/demo-keys';

export function loadDemoDataset(appRoot: string): DemoDataset {
  const file = join(appRoot, 'assets', 'demo', 'demo-ppe.json');
  return demoDatasetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Who chose training mode: a person on the «Станция не настроена» screen, or a start-up flag (--demo, tests). */
export type TrainingChoice = 'screen' | 'startup';

/**
 * Creates the demo exam point («учебный режим») in an empty database: rooms, stations, staff with training PINs,
 * exams around today, and the distribution of the exams marked `seeded`. The others arrive as signed bundles
 * from the reference RCOI server, as they would in a real PPE. One transaction, one journal entry — the entry that
 * says, before anything else this station records, that it is a training station pinning the demo key.
 * Only ever on a station that is not set up: it never turns a real PPE into a training one, or back.
 */
export async function seedDemo(
  ctx: CoreContext,
  data: DemoDataset,
  rcoiUrl: string | null,
  chosenBy: TrainingChoice = 'startup',
): Promise<void> {
  const pinHashes = new Map<number, string>();
  for (const s of data.staff) {
    const pin = data.trainingPins[String(s.roleCode)];
    if (pin && !pinHashes.has(s.roleCode)) pinHashes.set(s.roleCode, await hashPin(pin));
  }
  const today = localDateOf(ctx.clock.now(), data.ppe.timeZone);
  act(ctx, SYSTEM_ACTOR, (work) => {
    const db = work.db;
    if (db.prepare('SELECT 1 FROM ppe').get() !== undefined) throw new AppError('STATION_ALREADY_SET_UP');
    db.prepare('INSERT INTO region (code, name) VALUES (?, ?)').run(data.region.code, data.region.name);
    db.prepare(
      `INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, 1)`,
    ).run(
      data.region.code,
      data.ppe.code,
      data.ppe.name,
      data.ppe.address,
      data.ppe.timeZone,
      data.rcoiPublicKey,
      rcoiUrl ?? data.rcoiUrl,
    );
    const insertRoom = db.prepare(
      'INSERT INTO auditorium (code, name, seats, is_headquarters, special_conditions) VALUES (?, ?, ?, ?, ?)',
    );
    for (const a of data.auditoriums) {
      insertRoom.run(a.code, a.name, a.seats, a.isHeadquarters ? 1 : 0, a.specialConditions ? 1 : 0);
    }
    const insertStation = db.prepare('INSERT INTO station (number, role, auditorium_code, is_reserve) VALUES (?, ?, ?, ?)');
    for (const s of data.stations) insertStation.run(s.number, s.role, s.auditoriumCode, s.isReserve ? 1 : 0);
    db.prepare("INSERT INTO setting (key, value) VALUES ('station_number', ?)").run(data.thisStation);
    // Training PINs are no secret: they are printed on the sign-in screen of the demo PPE, and only there.
    db.prepare("INSERT INTO setting (key, value) VALUES ('training_pins', ?)").run(JSON.stringify(data.trainingPins));
    db.prepare("INSERT INTO setting (key, value) VALUES ('demo_enrolment_code', ?)").run(data.rcoiEnrolmentCode);

    const insertStaff = db.prepare(
      'INSERT INTO staff (external_id, last_name, first_name, middle_name, role_code, pin_hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const s of data.staff) {
      insertStaff.run(s.id, s.lastName, s.firstName, s.middleName, s.roleCode, pinHashes.get(s.roleCode) ?? null);
    }
    const insertExam = db.prepare<[string, number, string, string, string, string, number], { id: number }>(
      `INSERT INTO exam (exam_date, subject_code, subject_name, form, period, day_kind, duration_min)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    for (const e of data.exams) {
      const { id } = insertExam.get(
        addDays(today, e.dayOffset),
        e.subjectCode,
        e.subjectName,
        e.form,
        e.period,
        e.dayKind,
        e.durationMin,
      )!;
      if (!e.seeded) continue;
      const participants = e.seating.map((seat) => {
        const p = data.participants[seat.participant]!;
        return { ...p, auditoriumCode: seat.auditoriumCode, seat: seat.seat, specialConditions: seat.specialConditions };
      });
      const staff = e.staffAssignments.map((a) => ({
        ...data.staff[a.staff]!,
        roleCode: a.roleCode,
        auditoriumCode: a.auditoriumCode,
      }));
      applyDistribution(db, id, participants, staff);
    }
    work.changed('roster', 'bundles', 'staff');
    work.record('demo.seeded', {
      training: true,
      demoKeyId: DEMO_RCOI_KEY_ID,
      chosenBy,
      ppeCode: data.ppe.code,
      today,
      exams: data.exams.length,
      participants: data.participants.length,
      staff: data.staff.length,
    });
  });
}
