import type { Db } from '../db/open-database';
import { AppError } from '../kernel/app-error';
import { localDateOf } from '../ipc/zoned-time';
import { readPpeConfig, readSetting } from '../ppe/ppe-config';
import type { RoomPackageRow } from './local-package';

/**
 * Where this station prints today: its room (a station of the organiser's role, from its set-up), today's exam in
 * that room by the PPE's own date (the roster that room.data brought), and the package HQ brought for that exam
 * (room_package). With two exams in one day, the one whose package is here comes first, then the earlier start.
 */
export interface PrintingPlace {
  stationNumber: string;
  room: { code: string; name: string };
  exam: { id: number; date: string; subjectCode: number; subjectName: string; form: string; startLocal: string } | null;
  pkg: (RoomPackageRow & { roomKits: number | null; reserveKits: number | null }) | null;
}

export function printingPlace(db: Db, now: Date): PrintingPlace | null {
  const stationNumber = readSetting(db, 'station_number');
  if (!stationNumber) return null;
  const station = db
    .prepare<[string], { role: string; code: string; name: string }>(
      'SELECT s.role, a.code, a.name FROM station s JOIN auditorium a ON a.code = s.auditorium_code WHERE s.number = ?',
    )
    .get(stationNumber);
  if (!station || station.role !== 'organizer') return null;
  const today = localDateOf(now, readPpeConfig(db).timeZone);
  const exams = db
    .prepare<[string, string], { id: number; date: string; subjectCode: number; subjectName: string; form: string; startLocal: string }>(
      `SELECT e.id, e.exam_date AS date, e.subject_code AS subjectCode, e.subject_name AS subjectName, e.form, e.start_local AS startLocal
       FROM exam e WHERE e.exam_date = ? AND EXISTS (SELECT 1 FROM seating s WHERE s.exam_id = e.id AND s.auditorium_code = ?)
       ORDER BY e.start_local, e.subject_code`,
    )
    .all(today, station.code);
  const packageOf = db.prepare<[string, number, string], { packageId: string; manifestSha256: string; folder: string; roomKits: number | null; reserveKits: number | null }>(
    `SELECT package_id AS packageId, manifest_sha256 AS manifestSha256, folder, kits AS roomKits, reserve_kits AS reserveKits
     FROM room_package WHERE exam_date = ? AND subject_code = ? AND form = ? ORDER BY verified_at DESC LIMIT 1`,
  );
  const withPackage = exams.map((exam) => ({ exam, pkg: packageOf.get(exam.date, exam.subjectCode, exam.form) ?? null }));
  const chosen = withPackage.find((e) => e.pkg !== null) ?? withPackage[0] ?? null;
  const room = { code: station.code, name: station.name };
  if (!chosen) return { stationNumber, room, exam: null, pkg: null };
  const { exam, pkg } = chosen;
  return {
    stationNumber,
    room,
    exam,
    pkg: pkg && { ...pkg, examDate: exam.date, subjectCode: exam.subjectCode, form: exam.form },
  };
}

/** Today's package at this station, as `PrintingPlace.pkg` names it once it is there. */
export type PlacePackage = NonNullable<PrintingPlace['pkg']>;

/** A place where printing can happen: an organiser's station, an exam today, its package here. */
export type ReadyPlace = PrintingPlace & { pkg: PlacePackage; exam: NonNullable<PrintingPlace['exam']> };

/** The place, or the reason this station cannot print now (the first thing missing, in the order it is fixed). */
export function requirePrintingPlace(db: Db, now: Date): ReadyPlace {
  const place = printingPlace(db, now);
  if (!place) throw new AppError('PRINTING_NOT_ROOM_STATION');
  if (!place.exam) throw new AppError('PRINTING_NO_EXAM_TODAY');
  if (!place.pkg) throw new AppError('PRINTING_NO_PACKAGE');
  return place as ReadyPlace;
}

/** The room's participants on the exam, by seat, with whether the organiser marked them present. */
export function roomParticipants(db: Db, examId: number, room: string): { participantId: string; name: string; seat: string; present: boolean }[] {
  return db
    .prepare<[number, string], { participantId: string; name: string; seat: string; present: number | null }>(
      `SELECT p.external_id AS participantId, trim(p.last_name || ' ' || p.first_name || ' ' || p.middle_name) AS name, s.seat,
              (SELECT a.present FROM print_attendance a JOIN exam e ON e.id = s.exam_id
                WHERE a.exam_date = e.exam_date AND a.subject_code = e.subject_code AND a.participant_id = p.external_id) AS present
       FROM seating s JOIN participant p ON p.id = s.participant_id
       WHERE s.exam_id = ? AND s.auditorium_code = ? ORDER BY s.seat, p.external_id`,
    )
    .all(examId, room)
    .map((r) => ({ participantId: r.participantId, name: r.name, seat: r.seat, present: r.present === 1 }));
}
