import type { Db } from '../db/open-database';
import { AppError } from '../kernel/app-error';
import type { Work } from '../kernel/unit-of-work';
import type { SpecialCondition } from '../ipc/dto';
import type { MessageHeader } from './message-format';
import type { RoomData } from './room-data-format';

/** Role code of a GEK member: their duty is the PPE, not a room (role codes: main/auth/permissions.ts). */
const GEK_MEMBER = 5;

/**
 * `room.data` (FORMAT.md «Kinds»): HQ reads one exam's room from its roster (`buildRoomData`); the room station
 * writes it into its own roster tables (`applyRoomData`, the kind's applier, inside the act that takes the message).
 */

/** What HQ's roster says of one room on one exam; null if the exam or the room is not HQ's. */
export function buildRoomData(db: Db, examId: number, room: string): RoomData | null {
  const exam = db
    .prepare<
      [number],
      { exam_date: string; subject_code: number; subject_name: string; form: 'EGE' | 'GVE'; period: 'early' | 'main' | 'additional'; day_kind: 'main' | 'reserve'; start_local: string; duration_min: number; special_extra_min: number }
    >('SELECT exam_date, subject_code, subject_name, form, period, day_kind, start_local, duration_min, special_extra_min FROM exam WHERE id = ?')
    .get(examId);
  const auditorium = db
    .prepare<[string], { code: string; name: string; seats: number; special_conditions: number; is_headquarters: number }>(
      'SELECT code, name, seats, special_conditions, is_headquarters FROM auditorium WHERE code = ?',
    )
    .get(room);
  if (!exam || !auditorium || auditorium.is_headquarters === 1) return null;
  const conditionsOf = db.prepare<[number, number], { condition: SpecialCondition }>(
    'SELECT condition FROM seating_condition WHERE exam_id = ? AND participant_id = ? ORDER BY condition',
  );
  const participants = db
    .prepare<[number, string], { id: number; external_id: string; last_name: string; first_name: string; middle_name: string; document_series: string; document_number: string; seat: string }>(
      `SELECT p.id, p.external_id, p.last_name, p.first_name, p.middle_name, p.document_series, p.document_number, s.seat
       FROM seating s JOIN participant p ON p.id = s.participant_id
       WHERE s.exam_id = ? AND s.auditorium_code = ? ORDER BY s.seat, p.external_id`,
    )
    .all(examId, room)
    .map((p) => ({
      id: p.external_id,
      lastName: p.last_name,
      firstName: p.first_name,
      middleName: p.middle_name,
      document: { series: p.document_series, number: p.document_number },
      seat: p.seat,
      specialConditions: conditionsOf.all(examId, p.id).map((c) => c.condition),
    }));
  const staff = db
    .prepare<[number, string], { external_id: string; last_name: string; first_name: string; middle_name: string; role_code: number }>(
      `SELECT st.external_id, st.last_name, st.first_name, st.middle_name, a.role_code
       FROM staff_assignment a JOIN staff st ON st.id = a.staff_id
       WHERE a.exam_id = ? AND (a.auditorium_code = ? OR (a.auditorium_code IS NULL AND a.role_code = ${GEK_MEMBER}))
       ORDER BY a.role_code, st.last_name, st.external_id`,
    )
    .all(examId, room)
    .map((s) => ({ id: s.external_id, lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name, roleCode: s.role_code }));
  return {
    payloadVersion: 1,
    room: { code: auditorium.code, name: auditorium.name, seats: auditorium.seats, specialConditions: auditorium.special_conditions === 1 },
    exam: {
      date: exam.exam_date,
      subjectCode: exam.subject_code,
      subjectName: exam.subject_name,
      form: exam.form,
      period: exam.period,
      dayKind: exam.day_kind,
      startLocal: exam.start_local,
      durationMin: exam.duration_min,
      specialExtraMin: exam.special_extra_min,
    },
    participants,
    staff,
  };
}

/**
 * The room station's applier for `room.data`. The payload has passed its schema; what the schema cannot see is
 * checked here, before any row is written: the room and date inside are the header's, no seat or person twice, no
 * more people than seats. Then, unless a newer room.data for this room and exam is already applied (an older one that
 * arrives late changes nothing), the room's seating and staff of that exam are replaced by the message's — within
 * the act that takes the message, so nothing is ever half written. A refusal throws TRANSFER_CONTENT_INVALID; the
 * service rolls the act back and refuses the file.
 */
export function applyRoomData(work: Work, message: { header: MessageHeader; payload: Record<string, unknown>; file: string }): void {
  const { header, file } = message;
  const data = message.payload as RoomData;
  const invalid = (reason: 'room' | 'date' | 'seats' | 'duplicate_seat' | 'duplicate_person') => new AppError('TRANSFER_CONTENT_INVALID', { file, reason });
  if (header.receiver.type !== 'room' || header.receiver.code !== data.room.code) throw invalid('room');
  if (header.examDate !== data.exam.date) throw invalid('date');
  if (data.participants.length > data.room.seats) throw invalid('seats');
  if (new Set(data.participants.map((p) => p.seat)).size !== data.participants.length) throw invalid('duplicate_seat');
  if (new Set(data.participants.map((p) => p.id)).size !== data.participants.length) throw invalid('duplicate_person');
  if (new Set(data.staff.map((s) => s.id)).size !== data.staff.length) throw invalid('duplicate_person');

  const db = work.db;
  const { room, exam } = data;
  const current = db
    .prepare<[string, string, number, string], { created_at: string; seq: number }>(
      'SELECT created_at, seq FROM room_data_applied WHERE auditorium_code = ? AND exam_date = ? AND subject_code = ? AND form = ?',
    )
    .get(room.code, exam.date, exam.subjectCode, exam.form);
  const base = { room: room.code, examDate: exam.date, subjectCode: exam.subjectCode, sender: header.sender, seq: header.seq };
  // Newer is the later creation, then the higher number: HQ's main and reserve stations number their own streams.
  if (current && (current.created_at > header.createdAt || (current.created_at === header.createdAt && current.seq >= header.seq))) {
    work.record('transfer.room_data_applied', { ...base, participants: 0, staff: 0, outdated: true });
    return;
  }

  db.prepare(
    `INSERT INTO auditorium (code, name, seats, is_headquarters, special_conditions) VALUES (?, ?, ?, 0, ?)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, seats = excluded.seats, special_conditions = excluded.special_conditions`,
  ).run(room.code, room.name, room.seats, room.specialConditions ? 1 : 0);
  const { id: examId } = db
    .prepare<[string, number, string, string, string, string, string, number, number], { id: number }>(
      `INSERT INTO exam (exam_date, subject_code, subject_name, form, period, day_kind, start_local, duration_min, special_extra_min)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (exam_date, subject_code, form) DO UPDATE SET subject_name = excluded.subject_name, period = excluded.period,
         day_kind = excluded.day_kind, start_local = excluded.start_local, duration_min = excluded.duration_min,
         special_extra_min = excluded.special_extra_min
       RETURNING id`,
    )
    .get(exam.date, exam.subjectCode, exam.subjectName, exam.form, exam.period, exam.dayKind, exam.startLocal, exam.durationMin, exam.specialExtraMin)!;

  // The room's seats of this exam are the message's: the old ones go (their special conditions with them).
  db.prepare('DELETE FROM seating WHERE exam_id = ? AND auditorium_code = ?').run(examId, room.code);
  const upsertParticipant = db.prepare<[string, string, string, string, string, string], { id: number }>(
    `INSERT INTO participant (external_id, last_name, first_name, middle_name, document_series, document_number)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (external_id) DO UPDATE SET last_name = excluded.last_name, first_name = excluded.first_name,
       middle_name = excluded.middle_name, document_series = excluded.document_series, document_number = excluded.document_number
     RETURNING id`,
  );
  const unseat = db.prepare('DELETE FROM seating WHERE exam_id = ? AND participant_id = ?');
  const seat = db.prepare('INSERT INTO seating (exam_id, participant_id, auditorium_code, seat) VALUES (?, ?, ?, ?)');
  const condition = db.prepare('INSERT INTO seating_condition (exam_id, participant_id, condition) VALUES (?, ?, ?)');
  for (const p of data.participants) {
    const { id } = upsertParticipant.get(p.id, p.lastName, p.firstName, p.middleName, p.document.series, p.document.number)!;
    // Seated elsewhere on this exam before (moved between rooms at HQ): one person, one seat.
    unseat.run(examId, id);
    seat.run(examId, id, room.code, p.seat);
    for (const c of new Set(p.specialConditions)) condition.run(examId, id, c);
  }

  db.prepare('DELETE FROM staff_assignment WHERE exam_id = ? AND auditorium_code = ?').run(examId, room.code);
  // As a distribution bundle does (apply-distribution.ts): the duty's role goes to the assignment only; a person new
  // to this station gets no base role of their own (from_bundle = 1).
  const upsertStaff = db.prepare<[string, string, string, string, number], { id: number }>(
    `INSERT INTO staff (external_id, last_name, first_name, middle_name, role_code, from_bundle) VALUES (?, ?, ?, ?, ?, 1)
     ON CONFLICT (external_id) DO UPDATE SET last_name = excluded.last_name, first_name = excluded.first_name,
       middle_name = excluded.middle_name
     RETURNING id`,
  );
  const assign = db.prepare(
    `INSERT INTO staff_assignment (exam_id, staff_id, role_code, auditorium_code) VALUES (?, ?, ?, ?)
     ON CONFLICT (exam_id, staff_id) DO UPDATE SET role_code = excluded.role_code, auditorium_code = excluded.auditorium_code`,
  );
  for (const s of data.staff) {
    const { id } = upsertStaff.get(s.id, s.lastName, s.firstName, s.middleName, s.roleCode)!;
    // A GEK member's duty is the whole PPE, as at HQ: named here so that the room station can say who activated the
    // key with their token, never made one of this room's staff.
    assign.run(examId, id, s.roleCode, s.roleCode === GEK_MEMBER ? null : room.code);
  }

  db.prepare(
    `INSERT INTO room_data_applied (auditorium_code, exam_date, subject_code, form, sender, seq, created_at, participants, staff, applied_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (auditorium_code, exam_date, subject_code, form) DO UPDATE SET sender = excluded.sender, seq = excluded.seq,
       created_at = excluded.created_at, participants = excluded.participants, staff = excluded.staff, applied_at = excluded.applied_at`,
  ).run(room.code, exam.date, exam.subjectCode, exam.form, header.sender, header.seq, header.createdAt, data.participants.length, data.staff.length, work.at.toISOString());
  work.record('transfer.room_data_applied', { ...base, participants: data.participants.length, staff: data.staff.length, outdated: false });
  work.changed('roster', 'staff', 'timeline');
}
