import { AppError } from '../kernel/app-error';
import type { Db } from '../db/open-database';
import type { BundleParticipant, BundleStaff } from './bundle-format';

export interface DistributionChange {
  added: number;
  removed: number;
  moved: number;
}

interface RoomRow {
  code: string;
  seats: number;
  is_headquarters: number;
}

/**
 * Checks a distribution against the PPE's rooms before anything is written: every room must exist and be a
 * room (not the headquarters), hold no more people than seats, and give each seat to one person only.
 */
export function checkDistribution(db: Db, participants: BundleParticipant[], staff: BundleStaff[]): void {
  const rooms = new Map(
    db.prepare<[], RoomRow>('SELECT code, seats, is_headquarters FROM auditorium').all().map((r) => [r.code, r]),
  );
  const perRoom = new Map<string, number>();
  const seats = new Set<string>();
  const ids = new Set<string>();
  for (const p of participants) {
    const room = rooms.get(p.auditoriumCode);
    if (!room || room.is_headquarters) throw new AppError('BUNDLE_UNKNOWN_AUDITORIUM', { code: p.auditoriumCode });
    if (ids.has(p.id)) throw new AppError('BUNDLE_DUPLICATE_PERSON', { id: p.id });
    ids.add(p.id);
    const seatKey = `${p.auditoriumCode}/${p.seat}`;
    if (seats.has(seatKey)) throw new AppError('BUNDLE_DUPLICATE_SEAT', { code: p.auditoriumCode, seat: p.seat });
    seats.add(seatKey);
    perRoom.set(p.auditoriumCode, (perRoom.get(p.auditoriumCode) ?? 0) + 1);
  }
  for (const [code, count] of perRoom) {
    const seatsInRoom = rooms.get(code)!.seats;
    if (count > seatsInRoom) throw new AppError('BUNDLE_ROOM_OVERFULL', { code, count, seats: seatsInRoom });
  }
  const staffIds = new Set<string>();
  for (const s of staff) {
    if (s.auditoriumCode !== null && !rooms.has(s.auditoriumCode)) {
      throw new AppError('BUNDLE_UNKNOWN_AUDITORIUM', { code: s.auditoriumCode });
    }
    if (staffIds.has(s.id)) throw new AppError('BUNDLE_DUPLICATE_PERSON', { id: s.id });
    staffIds.add(s.id);
  }
}

/**
 * Replaces the distribution of one exam: people are upserted by their regional id (a staff member keeps the PIN
 * already issued), seats and staff assignments of the exam are replaced. Must run inside the caller's transaction.
 */
export function applyDistribution(
  db: Db,
  examId: number,
  participants: BundleParticipant[],
  staff: BundleStaff[],
): DistributionChange {
  const before = new Map(
    db
      .prepare<[number], { external_id: string; place: string }>(
        `SELECT p.external_id, s.auditorium_code || '/' || s.seat AS place
         FROM seating s JOIN participant p ON p.id = s.participant_id WHERE s.exam_id = ?`,
      )
      .all(examId)
      .map((r) => [r.external_id, r.place]),
  );

  const upsertParticipant = db.prepare<[string, string, string, string, string, string], { id: number }>(
    `INSERT INTO participant (external_id, last_name, first_name, middle_name, document_series, document_number)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (external_id) DO UPDATE SET last_name = excluded.last_name, first_name = excluded.first_name,
       middle_name = excluded.middle_name, document_series = excluded.document_series,
       document_number = excluded.document_number
     RETURNING id`,
  );
  const insertSeat = db.prepare('INSERT INTO seating (exam_id, participant_id, auditorium_code, seat) VALUES (?, ?, ?, ?)');
  const insertCondition = db.prepare(
    'INSERT INTO seating_condition (exam_id, participant_id, condition) VALUES (?, ?, ?)',
  );
  db.prepare('DELETE FROM seating WHERE exam_id = ?').run(examId);
  let added = 0;
  let moved = 0;
  for (const p of participants) {
    const { id } = upsertParticipant.get(
      p.id,
      p.lastName,
      p.firstName,
      p.middleName,
      p.document.series,
      p.document.number,
    )!;
    insertSeat.run(examId, id, p.auditoriumCode, p.seat);
    for (const c of new Set(p.specialConditions)) insertCondition.run(examId, id, c);
    const was = before.get(p.id);
    if (was === undefined) added++;
    else if (was !== `${p.auditoriumCode}/${p.seat}`) moved++;
    before.delete(p.id);
  }

  const upsertStaff = db.prepare<[string, string, string, string, number], { id: number }>(
    // The bundle's role goes to staff_assignment only: staff.role_code is the base role from set-up, and a bundle for
    // another date must not change today's permissions. A person new to us gets no base role (from_bundle = 1).
    `INSERT INTO staff (external_id, last_name, first_name, middle_name, role_code, from_bundle) VALUES (?, ?, ?, ?, ?, 1)
     ON CONFLICT (external_id) DO UPDATE SET last_name = excluded.last_name, first_name = excluded.first_name,
       middle_name = excluded.middle_name
     RETURNING id`,
  );
  const insertAssignment = db.prepare(
    'INSERT INTO staff_assignment (exam_id, staff_id, role_code, auditorium_code) VALUES (?, ?, ?, ?)',
  );
  db.prepare('DELETE FROM staff_assignment WHERE exam_id = ?').run(examId);
  for (const s of staff) {
    const { id } = upsertStaff.get(s.id, s.lastName, s.firstName, s.middleName, s.roleCode)!;
    insertAssignment.run(examId, id, s.roleCode, s.auditoriumCode);
  }
  return { added, removed: before.size, moved };
}
