import type { Db } from '../db/open-database';
import type { StepConfirmation } from '../ipc/dto';

/** The confirmations of timeline steps (table timeline_confirmation, migration 0070): append-only rows. */

interface ConfirmationRow {
  exam_id: number;
  step: string;
  confirmed_at: string;
  staff_id: number;
  role_code: number;
  station: string;
  last_name: string;
  first_name: string;
  middle_name: string;
}

/** `${examId}:${step}`: how a day's confirmations are looked up by its items. */
export const stepId = (examId: number, step: string) => `${examId}:${step}`;

const SELECT = `
  SELECT c.exam_id, c.step, c.confirmed_at, c.staff_id, c.role_code, c.station, s.last_name, s.first_name, s.middle_name
  FROM timeline_confirmation c JOIN staff s ON s.id = c.staff_id`;

function toConfirmation(r: ConfirmationRow): StepConfirmation {
  return {
    atUtc: r.confirmed_at,
    staffId: r.staff_id,
    roleCode: r.role_code,
    name: { lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name },
    station: r.station,
  };
}

/** The first confirmation of each step of these exams: a later row never replaces the one that counts. */
export function confirmationsOf(db: Db, examIds: readonly number[]): Map<string, StepConfirmation> {
  const found = new Map<string, StepConfirmation>();
  if (examIds.length === 0) return found;
  const rows = db
    .prepare<number[], ConfirmationRow>(`${SELECT} WHERE c.exam_id IN (${examIds.map(() => '?').join(', ')}) ORDER BY c.id`)
    .all(...examIds);
  for (const r of rows) {
    const id = stepId(r.exam_id, r.step);
    if (!found.has(id)) found.set(id, toConfirmation(r));
  }
  return found;
}

export function confirmationOf(db: Db, examId: number, step: string): StepConfirmation | null {
  const row = db.prepare<[number, string], ConfirmationRow>(`${SELECT} WHERE c.exam_id = ? AND c.step = ? ORDER BY c.id LIMIT 1`).get(examId, step);
  return row ? toConfirmation(row) : null;
}

export function insertConfirmation(
  db: Db,
  row: { examId: number; step: string; at: Date; staffId: number; staffName: string; roleCode: number; station: string },
): void {
  db.prepare(
    `INSERT INTO timeline_confirmation (exam_id, step, confirmed_at, staff_id, staff_name, role_code, station)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.examId, row.step, row.at.toISOString(), row.staffId, row.staffName, row.roleCode, row.station);
}
