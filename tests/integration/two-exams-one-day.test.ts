import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../support/core-harness';
import { SECOND_EXAM, addSecondExam, secondExamBundleFile } from '../support/second-exam';

// Issue 11, item 5: two subjects on one day in different rooms. The demo's exam day (1 June, Русский язык in
// 0101–0103) gets a second exam in a room of its own; its lists arrive as a signed bundle through bundles/import.

let h: Harness;
let secondId: number;
const HEAD = 'head';

beforeEach(async () => {
  h = await openHarness({}, new Date('2026-06-01T02:10:00Z')); // 09:10 in Kemerovo
  secondId = addSecondExam(h.core.db, '2026-06-01');
  await h.signInAs(HEAD, 1);
  const bundle = secondExamBundleFile('2026-06-01');
  const result = await h.call(HEAD, 'bundles/import', { fileName: 'informatika.json', content: bundle.text });
  expect(result.status).toBe('imported');
});
afterEach(() => h.close());

describe('several exams on one day', () => {
  it('the timeline carries both exams, each exam’s rooms, the shared morning once and each exam’s own steps', async () => {
    const t = await h.call(HEAD, 'timeline/get', { date: null });
    expect(t.exams.map((e) => e.subjectName).sort()).toEqual(['Русский язык', SECOND_EXAM.subjectName].sort());
    const russian = t.exams.find((e) => e.subjectName === 'Русский язык')!;

    // Every room of both exams, each with its exam.
    expect(t.rooms.map((r) => [r.code, r.examId, r.participants])).toEqual([
      ['0101', russian.id, 25],
      ['0102', russian.id, 25],
      ['0103', russian.id, 4],
      [SECOND_EXAM.room.code, secondId, 12],
    ].sort((a, b) => (a[1] as number) - (b[1] as number)));

    // The morning is shared: one handover, briefing, entrance, key release — marked as serving both exams.
    for (const key of ['materials_handover', 'staff_briefing', 'entrance_opens', 'key_release']) {
      const items = t.items.filter((i) => i.key === key);
      expect(items, key).toHaveLength(1);
      expect(items[0]!.shared, key).toBe(true);
    }
    // Each exam its own start, warnings and end: Russian 3 h 30 min ends 13:30, Informatics 3 h 55 min ends 13:55.
    const ends = t.items.filter((i) => i.key === 'exam_end').map((i) => [i.examId, i.atUtc, i.shared]);
    expect(ends).toEqual([
      [russian.id, '2026-06-01T06:30:00.000Z', false],
      [secondId, '2026-06-01T06:55:00.000Z', false],
    ]);
    expect(t.items.filter((i) => i.key === 'exam_start').map((i) => i.examId).sort()).toEqual([russian.id, secondId].sort());
    expect(t.items.filter((i) => i.state === 'next')).toHaveLength(1);
  });

  it('rooms/list for the day lists each exam’s rooms with its exam, and the rooms no exam uses once', async () => {
    const exams = await h.call(HEAD, 'exams/list', {});
    const russian = exams.find((e) => e.date === '2026-06-01' && e.subjectName === 'Русский язык')!;
    const rooms = await h.call(HEAD, 'rooms/list', { examId: null, date: '2026-06-01' });
    expect(rooms.map((r) => [r.code, r.examId, r.participants])).toEqual([
      ['0101', russian.id, 25],
      ['0102', russian.id, 25],
      ['0103', russian.id, 4],
      [SECOND_EXAM.room.code, secondId, 12],
      ['7777', null, 0],
    ]);
    const informatics = rooms.find((r) => r.examId === secondId)!;
    // The second exam's room ends at its own time, and its organiser is listed (the PPE head may read staff names).
    expect(informatics.endUtc).toBe('2026-06-01T06:55:00.000Z');
    expect(informatics.organizers).toHaveLength(1);

    // One exam chosen: only its rooms carry participants, each row saying which exam it is for.
    const one = await h.call(HEAD, 'rooms/list', { examId: secondId });
    expect(one.filter((r) => r.participants > 0).map((r) => [r.code, r.examId])).toEqual([[SECOND_EXAM.room.code, secondId]]);
    expect(new Set(one.map((r) => r.examId))).toEqual(new Set([secondId]));
    // With neither an exam nor a day: the rooms alone.
    expect((await h.call(HEAD, 'rooms/list', { examId: null })).every((r) => r.examId === null && r.participants === 0)).toBe(true);
  });

  it('the attention alarms name each exam of the day whose package is not ready', async () => {
    const alarms = (await h.call(HEAD, 'attention/today', {})).alarms.filter((a) => a.kind === 'package_not_ready');
    expect(alarms.map((a) => a.kind === 'package_not_ready' && a.subjectName).sort()).toEqual(['Русский язык', SECOND_EXAM.subjectName].sort());
  });

  it('staff/search for the day shows each person’s duty in either exam', async () => {
    const staff = await h.call(HEAD, 'staff/search', { query: '', examId: null, date: '2026-06-01' });
    const roomOf = (lastName: string) => staff.find((s) => s.lastName === lastName)?.auditoriumCode;
    expect(roomOf(SECOND_EXAM.organiser.lastName)).toBe(SECOND_EXAM.room.code);
    // The first exam's organisers keep their rooms.
    expect(staff.filter((s) => s.roleCode === 2 && s.auditoriumCode !== null).map((s) => s.auditoriumCode).sort()).toEqual(
      ['0101', '0101', '0102', '0102', '0103', '0103', SECOND_EXAM.room.code].sort(),
    );
    // One exam chosen: the second exam's organiser has a room only in it.
    const russian = (await h.call(HEAD, 'exams/list', {})).find((e) => e.date === '2026-06-01' && e.subjectCode === 1)!;
    const inRussian = await h.call(HEAD, 'staff/search', { query: SECOND_EXAM.organiser.lastName, examId: russian.id });
    expect(inRussian.map((s) => s.auditoriumCode)).toEqual([null]);
  });

  it('nobody signed in is refused the day’s rooms', async () => {
    const error = await h.fail('nobody', 'rooms/list', { examId: null, date: '2026-06-01' });
    expect(error.code).toBe('NOT_SIGNED_IN');
  });
});
