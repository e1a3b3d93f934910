import { readPpeConfig } from '../ppe/ppe-config';
import type { Db } from '../db/open-database';
import { localDateOf } from '../ipc/zoned-time';

/** One assignment of a person for an exam of the day: their role there and, for room duties, the room. */
export interface Duty {
  examId: number;
  roleCode: number;
  auditoriumCode: string | null;
}

export interface RoleOfTheDay {
  /** The PPE's local date the role holds for. */
  date: string;
  roleCode: number;
  /** The day's assignments; empty when the role is the person's base role (no assignment that day). */
  duties: Duty[];
}

/**
 * When one person holds different roles in two exams of the same day (rare: two subjects in one PPE), the session
 * takes the role that carries the most responsibility; the rooms of every duty still count for scoping.
 */
const PRECEDENCE = [1, 5, 7, 6, 3, 2, 4, 9, 8];

/**
 * A person's role today, in the PPE's time zone (issue 8: roles belong to exam days). Their assignment for an exam
 * of the day decides it; on a day without an exam, or without an assignment for them, the base role entered at
 * set-up (staff.role_code) holds — unless the person was first met in a distribution bundle (from_bundle = 1): they
 * have no base role and get null, i.e. no duty today. Bundles never write staff.role_code of a known person, so a
 * bundle for another date cannot change what anyone may do today. Re-evaluated on every call (see AuthService).
 */
export function roleOfTheDay(db: Db, staffId: number, now: Date): RoleOfTheDay | null {
  const date = localDateOf(now, readPpeConfig(db).timeZone);
  const duties = db
    .prepare<[number, string], { examId: number; roleCode: number; auditoriumCode: string | null }>(
      `SELECT a.exam_id AS examId, a.role_code AS roleCode, a.auditorium_code AS auditoriumCode
       FROM staff_assignment a JOIN exam e ON e.id = a.exam_id
       WHERE a.staff_id = ? AND e.exam_date = ? ORDER BY a.exam_id`,
    )
    .all(staffId, date);
  if (duties.length > 0) {
    const roleCode = [...duties].sort((a, b) => rank(a.roleCode) - rank(b.roleCode))[0]!.roleCode;
    return { date, roleCode, duties };
  }
  const base = db
    .prepare<[number], { role_code: number; from_bundle: number }>('SELECT role_code, from_bundle FROM staff WHERE id = ?')
    .get(staffId);
  if (!base || base.from_bundle === 1) return null;
  return { date, roleCode: base.role_code, duties: [] };
}

/** The role of the day of everyone at once, for the sign-in list: staff id → role code (absent: no duty today). */
export function rolesOfTheDay(db: Db, now: Date): Map<number, number> {
  const date = localDateOf(now, readPpeConfig(db).timeZone);
  const roles = new Map<number, number>();
  for (const r of db
    .prepare<[], { id: number; role_code: number; from_bundle: number }>('SELECT id, role_code, from_bundle FROM staff')
    .all()) {
    if (r.from_bundle === 0) roles.set(r.id, r.role_code);
  }
  const assigned = new Map<number, number>();
  for (const a of db
    .prepare<[string], { staff_id: number; role_code: number }>(
      `SELECT a.staff_id, a.role_code FROM staff_assignment a JOIN exam e ON e.id = a.exam_id WHERE e.exam_date = ?`,
    )
    .all(date)) {
    const held = assigned.get(a.staff_id);
    if (held === undefined || rank(a.role_code) < rank(held)) assigned.set(a.staff_id, a.role_code);
  }
  for (const [id, role] of assigned) roles.set(id, role);
  return roles;
}

function rank(roleCode: number): number {
  const i = PRECEDENCE.indexOf(roleCode);
  return i === -1 ? PRECEDENCE.length : i;
}
