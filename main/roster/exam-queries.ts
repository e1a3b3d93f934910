import type { Db } from '../db/open-database';
import type { Exam } from '../ipc/dto';

interface ExamRow {
  id: number;
  exam_date: string;
  subject_code: number;
  subject_name: string;
  form: 'EGE' | 'GVE';
  period: 'early' | 'main' | 'additional';
  day_kind: 'main' | 'reserve';
  start_local: string;
  duration_min: number;
  special_extra_min: number;
  participants: number;
  bundle_version: number | null;
}

const EXAM_SELECT = `
  SELECT e.*, (SELECT count(*) FROM seating s WHERE s.exam_id = e.id) AS participants,
         (SELECT max(version) FROM distribution_bundle b WHERE b.exam_id = e.id) AS bundle_version
  FROM exam e`;

function toExam(r: ExamRow): Exam {
  return {
    id: r.id,
    date: r.exam_date,
    subjectCode: r.subject_code,
    subjectName: r.subject_name,
    form: r.form,
    period: r.period,
    dayKind: r.day_kind,
    startLocal: r.start_local,
    durationMin: r.duration_min,
    specialExtraMin: r.special_extra_min,
    participants: r.participants,
    bundleVersion: r.bundle_version,
  };
}

export function listExams(db: Db): Exam[] {
  return db.prepare<[], ExamRow>(`${EXAM_SELECT} ORDER BY e.exam_date, e.subject_code`).all().map(toExam);
}

export function examsOn(db: Db, date: string): Exam[] {
  return db
    .prepare<[string], ExamRow>(`${EXAM_SELECT} WHERE e.exam_date = ? ORDER BY e.subject_code`)
    .all(date)
    .map(toExam);
}

export function firstExamAfter(db: Db, date: string): Exam | null {
  const row = db
    .prepare<[string], ExamRow>(`${EXAM_SELECT} WHERE e.exam_date > ? ORDER BY e.exam_date, e.subject_code LIMIT 1`)
    .get(date);
  return row ? toExam(row) : null;
}

export function findExam(db: Db, date: string, subjectCode: number, form: string): Exam | null {
  const row = db
    .prepare<[string, number, string], ExamRow>(
      `${EXAM_SELECT} WHERE e.exam_date = ? AND e.subject_code = ? AND e.form = ?`,
    )
    .get(date, subjectCode, form);
  return row ? toExam(row) : null;
}

export function examById(db: Db, id: number): Exam | null {
  const row = db.prepare<[number], ExamRow>(`${EXAM_SELECT} WHERE e.id = ?`).get(id);
  return row ? toExam(row) : null;
}
