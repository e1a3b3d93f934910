import type { Database } from 'better-sqlite3';
import { loadDemoSigningKey, signBundle } from '../rcoi-server/bundle-signer';
import { buildDemoBundle, loadDemoDataset } from '../rcoi-server/demo-bundles';

/**
 * A test-only fixture for issue 11, item 5 (several exams on one day): the demo PPE has one exam a day, so the tests
 * add a second subject on the demo's exam day, in a room of its own. The schedule (the exam row) and the extra room
 * are what the PPE's configuration would bring, written straight into the station's database; the participants
 * and staff arrive the real way, as a distribution bundle signed with the demo RCOI key and imported.
 */
export const SECOND_EXAM = {
  subjectCode: 25,
  subjectName: 'Информатика (КЕГЭ)',
  durationMin: 235,
  room: { code: '0104', name: 'Аудитория 104', seats: 15 },
  organiser: { id: 'W-42-5901', lastName: 'Кириллова', firstName: 'Вера', middleName: 'Олеговна', roleCode: 2 },
} as const;

/** The exam row and its room, on `date` (the PPE's local date of the demo's exam day). Returns the exam id. */
export function addSecondExam(db: Database, date: string): number {
  const { room } = SECOND_EXAM;
  db.prepare('INSERT INTO auditorium (code, name, seats, is_headquarters, special_conditions) VALUES (?, ?, ?, 0, 0)').run(
    room.code,
    room.name,
    room.seats,
  );
  const row = db
    .prepare<[string, number, string, number], { id: number }>(
      `INSERT INTO exam (exam_date, subject_code, subject_name, form, period, day_kind, duration_min)
       VALUES (?, ?, ?, 'EGE', 'main', 'main', ?) RETURNING id`,
    )
    .get(date, SECOND_EXAM.subjectCode, SECOND_EXAM.subjectName, SECOND_EXAM.durationMin)!;
  return row.id;
}

/**
 * The signed distribution bundle of the second exam: a dozen participants of the demo data set who do not sit the
 * day's first exam, all in the second exam's own room, with an organiser there. `today` is day 0 of the demo.
 */
export function secondExamBundleFile(today: string): { text: string; participants: number } {
  const dataset = loadDemoDataset();
  const first = dataset.exams.find((e) => e.dayOffset === 0)!;
  const busy = new Set(first.seating.map((s) => s.participant));
  const source = dataset.exams.find((e) => e.dayOffset !== 0 && e.seating.length >= 12)!;
  const free = source.seating.filter((s) => !busy.has(s.participant));
  // Rows of four desks, А–Г: «1А» … «3Г»; no special conditions, so the room ends with its exam.
  const seating = (free.length >= 12 ? free : source.seating).slice(0, 12).map((s, i) => ({
    ...s,
    auditoriumCode: SECOND_EXAM.room.code,
    seat: `${Math.floor(i / 4) + 1}${'АБВГ'[i % 4]}`,
    specialConditions: [],
  }));
  // Every demo worker is on duty for the first exam: the second brings its own organiser, new to the PPE (as a
  // bundle may), so the day's staff list shows one person in the second exam's room.
  const person = SECOND_EXAM.organiser;
  const withOrganiser = { ...dataset, staff: [...dataset.staff, person] };
  const organiser = { staff: dataset.staff.length, roleCode: 2, auditoriumCode: SECOND_EXAM.room.code };
  const payload = buildDemoBundle(
    withOrganiser,
    {
      ...source,
      dayOffset: 0,
      subjectCode: SECOND_EXAM.subjectCode,
      subjectName: SECOND_EXAM.subjectName,
      seating,
      staffAssignments: [organiser],
    },
    { today },
  );
  return { text: signBundle(payload, loadDemoSigningKey()), participants: seating.length };
}
