import type { Db } from '../db/open-database';
import type { FormExam, FormPpe, KitCounts, SignatureLine } from '../documents/forms/form-types';
import { AppError } from '../kernel/app-error';
import { readPpeConfig } from '../ppe/ppe-config';
import type { PrintLog, PrintLogKit } from '../printing/print-log-format';

/**
 * What every form's input is made of, read from this station's own database: the PPE, the exam, the people who
 * sign, and what a room's print logs say (one log, or at HQ the logs of a room's main and reserve stations together).
 */

export interface ExamRow {
  id: number;
  date: string;
  subjectCode: number;
  subjectName: string;
}

export function formPpe(db: Db): FormPpe {
  const ppe = readPpeConfig(db);
  return { code: ppe.code, name: ppe.name, regionCode: ppe.regionCode, regionName: ppe.regionName };
}

export function examRow(db: Db, examId: number): ExamRow {
  const exam = db
    .prepare<[number], ExamRow>('SELECT id, exam_date AS date, subject_code AS subjectCode, subject_name AS subjectName FROM exam WHERE id = ?')
    .get(examId);
  if (!exam) throw new AppError('FORM_UNKNOWN_EXAM');
  return exam;
}

export function formExam(exam: ExamRow): FormExam {
  return { date: exam.date, subjectCode: exam.subjectCode, subjectName: exam.subjectName };
}

/** «Петрищева Г. Н.»: how a form prints a signer's name. */
export function shortName(last: string, first: string, middle: string): string {
  const initial = (s: string) => (s.trim() ? `${s.trim()[0]!.toUpperCase()}.` : '');
  return [last.trim(), [initial(first), initial(middle)].filter(Boolean).join(' ')].filter(Boolean).join(' ');
}

/** Staff assigned to the exam with a role (in a room, or anywhere when `room` is null), by surname. */
export function assignedStaff(db: Db, examId: number, roleCode: number, room: string | null): string[] {
  return db
    .prepare<[number, number, string | null, string | null], { last_name: string; first_name: string; middle_name: string }>(
      `SELECT st.last_name, st.first_name, st.middle_name FROM staff_assignment a JOIN staff st ON st.id = a.staff_id
       WHERE a.exam_id = ? AND a.role_code = ? AND (? IS NULL OR a.auditorium_code = ?) ORDER BY st.last_name, st.first_name, st.external_id`,
    )
    .all(examId, roleCode, room, room)
    .map((s) => shortName(s.last_name, s.first_name, s.middle_name));
}

/** The PPE head (role 1) and the GEK member (role 5) on duty for the exam: the HQ forms' signatures. */
export function headAndGekSignatures(db: Db, examId: number): SignatureLine[] {
  const head = assignedStaff(db, examId, 1, null)[0] ?? headOfPpe(db);
  const gek = assignedStaff(db, examId, 5, null)[0];
  return [
    { role: 'Руководитель ППЭ', ...(head ? { name: head } : {}) },
    { role: 'Член ГЭК', ...(gek ? { name: gek } : {}) },
  ];
}

function headOfPpe(db: Db): string | undefined {
  const s = db
    .prepare<[], { last_name: string; first_name: string; middle_name: string }>('SELECT last_name, first_name, middle_name FROM staff WHERE role_code = 1 ORDER BY id LIMIT 1')
    .get();
  return s ? shortName(s.last_name, s.first_name, s.middle_name) : undefined;
}

/** A room's participants of the exam as the roster seats them: RCOI's id, name, document, seat. */
export function seatedInRoom(db: Db, examId: number, room: string): { id: string; fullName: string; document: string; seat: string }[] {
  return db
    .prepare<[number, string], { id: string; last_name: string; first_name: string; middle_name: string; document_series: string; document_number: string; seat: string }>(
      `SELECT p.external_id AS id, p.last_name, p.first_name, p.middle_name, p.document_series, p.document_number, s.seat
       FROM seating s JOIN participant p ON p.id = s.participant_id WHERE s.exam_id = ? AND s.auditorium_code = ?`,
    )
    .all(examId, room)
    .map((p) => ({
      id: p.id,
      fullName: [p.last_name, p.first_name, p.middle_name].filter((s) => s.trim()).join(' '),
      document: [p.document_series, p.document_number].filter((s) => s.trim()).join(' '),
      seat: p.seat,
    }))
    .sort((a, b) => bySeat(a.seat, b.seat) || a.id.localeCompare(b.id));
}

/** «2Б» before «10А»: the row number, then the letter. */
export function bySeat(a: string, b: string): number {
  const n = (s: string) => Number.parseInt(s, 10) || 0;
  return n(a) - n(b) || a.localeCompare(b, 'ru');
}

/** What a room's print logs say together (a room's main and reserve stations each print their own kits). */
export interface RoomPrinting {
  present: Set<string>;
  /** The kit each participant holds: the last one printed whole for them. */
  kitOf: Map<string, PrintLogKit>;
  counts: KitCounts;
}

export function roomPrinting(logs: readonly PrintLog[]): RoomPrinting {
  const present = new Set<string>();
  const kitOf = new Map<string, PrintLogKit>();
  const counts: KitCounts = { printed: 0, spoiled: 0, replaced: 0, reserveUsed: 0 };
  for (const log of logs) {
    for (const p of log.participants) if (p.present) present.add(p.participantId);
    for (const k of log.kits) {
      if (k.state !== 'printed' || k.participantId === null) continue;
      const held = kitOf.get(k.participantId);
      if (!held || (k.printedAt ?? '') >= (held.printedAt ?? '')) kitOf.set(k.participantId, k);
    }
    counts.printed += log.counters.printed;
    counts.spoiled += log.counters.spoiled;
    counts.replaced += log.counters.replaced;
    counts.reserveUsed += log.counters.reserveUsed;
  }
  return { present, kitOf, counts };
}
