import type { Db } from '../db/open-database';
import type { Exam, Room } from '../ipc/dto';
import { examEndUtc } from './exam-times';

/**
 * Rooms with their stations and, for an exam, who sits and works there and when the room finishes: a room where
 * anyone has the extended-time condition finishes later by the exam's special extra minutes (section 2.5.13).
 */
export function listRooms(db: Db, exam: Exam | null, timeZone: string): Room[] {
  const rooms = db
    .prepare<[], { code: string; name: string; seats: number; is_headquarters: number; special_conditions: number }>(
      'SELECT * FROM auditorium ORDER BY is_headquarters, code',
    )
    .all();
  const stations = db
    .prepare<[], { number: string; role: Room['stations'][number]['role']; auditorium_code: string; is_reserve: number }>(
      'SELECT number, role, auditorium_code, is_reserve FROM station ORDER BY is_reserve, number',
    )
    .all();
  const counts = new Map<string, { participants: number; special: number; extended: number }>();
  const organizers = new Map<string, string[]>();
  if (exam) {
    for (const r of db
      .prepare<[number], { auditorium_code: string; participants: number; special: number; extended: number }>(
        `SELECT s.auditorium_code, count(*) AS participants,
                sum(EXISTS (SELECT 1 FROM seating_condition c WHERE c.exam_id = s.exam_id AND c.participant_id = s.participant_id)) AS special,
                sum(EXISTS (SELECT 1 FROM seating_condition c WHERE c.exam_id = s.exam_id AND c.participant_id = s.participant_id
                            AND c.condition = 'extended_time')) AS extended
         FROM seating s WHERE s.exam_id = ? GROUP BY s.auditorium_code`,
      )
      .all(exam.id)) {
      counts.set(r.auditorium_code, r);
    }
    for (const r of db
      .prepare<[number], { auditorium_code: string; name: string }>(
        `SELECT a.auditorium_code, st.last_name || ' ' || substr(st.first_name, 1, 1) || '. ' ||
                CASE WHEN st.middle_name = '' THEN '' ELSE substr(st.middle_name, 1, 1) || '.' END AS name
         FROM staff_assignment a JOIN staff st ON st.id = a.staff_id
         WHERE a.exam_id = ? AND a.role_code = 2 AND a.auditorium_code IS NOT NULL ORDER BY st.last_name`,
      )
      .all(exam.id)) {
      organizers.set(r.auditorium_code, [...(organizers.get(r.auditorium_code) ?? []), r.name.trim()]);
    }
  }
  return rooms.map((room) => {
    const c = counts.get(room.code);
    const extended = (c?.extended ?? 0) > 0;
    return {
      code: room.code,
      name: room.name,
      seats: room.seats,
      isHeadquarters: room.is_headquarters === 1,
      specialConditions: room.special_conditions === 1,
      stations: stations
        .filter((s) => s.auditorium_code === room.code)
        .map((s) => ({ number: s.number, role: s.role, isReserve: s.is_reserve === 1 })),
      participants: c?.participants ?? 0,
      withSpecialConditions: c?.special ?? 0,
      organizers: organizers.get(room.code) ?? [],
      endUtc: exam && c ? examEndUtc(exam, timeZone, extended).toISOString() : null,
      extended,
      examId: exam?.id ?? null,
    };
  });
}

/**
 * The rooms of a day with several exams (two subjects in different rooms): each exam's rooms with that exam's
 * participants, organisers and end, in the order of the exams; then, once and with no exam, the rooms none of them
 * uses (the headquarters, a spare room), so the list still shows the whole exam point.
 */
export function listRoomsOfDay(db: Db, exams: readonly Exam[], timeZone: string): Room[] {
  const used = exams.flatMap((exam) => listRooms(db, exam, timeZone).filter((r) => r.participants > 0));
  const codes = new Set(used.map((r) => r.code));
  return [...used, ...listRooms(db, null, timeZone).filter((r) => !codes.has(r.code))];
}
