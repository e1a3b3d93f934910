import type { Db } from '../db/open-database';
import type { ParticipantRow, SpecialCondition, StaffRow } from '../ipc/dto';
import { matchesQuery } from './search-text';

interface SeatedRow {
  id: number;
  external_id: string;
  last_name: string;
  first_name: string;
  middle_name: string;
  document_series: string;
  document_number: string;
  auditorium_code: string;
  seat: string;
  conditions: string | null;
}

/** What a caller may see of participants: which rooms (null: all) and whether their identity documents. */
export interface ParticipantView {
  rooms: readonly string[] | null;
  documents: boolean;
}

/**
 * Participants of an exam, filtered by name or document number and by room. A PPE has at most a few thousand
 * seats per exam, so the rows are filtered in JS, where Russian case folding is right (SQLite's lower() is ASCII).
 * The view is decided by the caller's duty (auth/permissions.ts): rows outside its rooms are never read, and a
 * caller who may not see documents can neither read nor search by them (a match would reveal the number).
 */
export function searchParticipants(
  db: Db,
  examId: number,
  query: string,
  view: ParticipantView,
  limit: number,
): { total: number; rows: ParticipantRow[] } {
  const rows = db
    .prepare<[number], SeatedRow>(
      `SELECT p.*, s.auditorium_code, s.seat,
              (SELECT group_concat(c.condition) FROM seating_condition c
               WHERE c.exam_id = s.exam_id AND c.participant_id = s.participant_id) AS conditions
       FROM seating s JOIN participant p ON p.id = s.participant_id
       WHERE s.exam_id = ?
       ORDER BY p.last_name, p.first_name, p.middle_name`,
    )
    .all(examId)
    .filter((r) => view.rooms === null || view.rooms.includes(r.auditorium_code));
  const found = rows.filter((r) =>
    matchesQuery(
      view.documents
        ? [r.last_name, r.first_name, r.middle_name, r.document_series + r.document_number, r.document_number, r.external_id]
        : [r.last_name, r.first_name, r.middle_name, r.external_id],
      query,
      view.documents ? [`${r.document_series} ${r.document_number}`] : [],
    ),
  );
  return {
    total: found.length,
    rows: found.slice(0, limit).map((r) => ({
      id: r.id,
      externalId: r.external_id,
      lastName: r.last_name,
      firstName: r.first_name,
      middleName: r.middle_name,
      documentSeries: view.documents ? r.document_series : '',
      documentNumber: view.documents ? r.document_number : '',
      auditoriumCode: r.auditorium_code,
      seat: r.seat,
      conditions: (r.conditions ? r.conditions.split(',').sort() : []) as SpecialCondition[],
    })),
  };
}

/**
 * The staff list. PIN states and lock-outs only for a caller who manages PINs (`pins`); the role shown is the
 * assignment's for the chosen exam, else the base role. With no exam but a `date` (a day with several exams), each
 * person's duty that day: the assignment of the day's first exam that names them.
 */
export function searchStaff(db: Db, query: string, examId: number | null, now: Date, pins: boolean, date: string | null = null): StaffRow[] {
  const rows = db
    .prepare<
      [number | null, string | null],
      {
        id: number;
        external_id: string;
        last_name: string;
        first_name: string;
        middle_name: string;
        role_code: number;
        has_pin: number;
        locked_until: string | null;
        auditorium_code: string | null;
      }
    >(
      `SELECT st.id, st.external_id, st.last_name, st.first_name, st.middle_name, coalesce(a.role_code, st.role_code) AS role_code,
              st.pin_hash IS NOT NULL AS has_pin, st.locked_until, a.auditorium_code
       FROM staff st LEFT JOIN staff_assignment a ON a.staff_id = st.id AND a.exam_id = coalesce(?,
         (SELECT d.exam_id FROM staff_assignment d JOIN exam e ON e.id = d.exam_id
          WHERE d.staff_id = st.id AND e.exam_date = ? ORDER BY d.exam_id LIMIT 1))
       ORDER BY st.role_code, st.last_name, st.first_name`,
    )
    .all(examId, examId === null ? date : null);
  const nowIso = now.toISOString();
  return rows
    .filter((r) => matchesQuery([r.last_name, r.first_name, r.middle_name, r.external_id], query))
    .map((r) => ({
      id: r.id,
      externalId: r.external_id,
      lastName: r.last_name,
      firstName: r.first_name,
      middleName: r.middle_name,
      roleCode: r.role_code,
      hasPin: pins ? r.has_pin === 1 : null,
      lockedUntil: pins && r.locked_until && r.locked_until > nowIso ? r.locked_until : null,
      auditoriumCode: r.auditorium_code,
    }));
}
