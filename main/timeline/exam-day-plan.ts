import type { Exam, Room } from '../ipc/dto';
import { examEndUtc, examStartUtc } from '../roster/exam-times';
import { addWorkingDays, packagePublicationDate, technicalPreparationStart } from './working-days';
import { addDays, zonedToUtc } from '../ipc/zoned-time';
import { confirmWindow, type ConfirmWindow } from './confirmable-steps';

export interface PlanItem {
  key: string;
  at: Date;
  until: Date | null;
  deadline: boolean;
  examId: number | null;
  roomCode: string | null;
  /** A step a person confirms (confirmable-steps.ts); null for one the clock alone moves. */
  confirm: ConfirmWindow | null;
  /** One step for every exam of the day (the shared morning), though examId names the first exam's. */
  shared?: boolean;
}

/**
 * The exam day in the PPE's local time (domain README, "The calendar"): material handover by 07:30, briefing
 * 08:15, entrance 09:00, key 09:30, start at the exam's start time, warnings 30 and 5 minutes before the end,
 * the end, each extended room's own end, then collection, scanning and packing.
 */
export function examDayPlan(exam: Exam, rooms: Room[], timeZone: string): PlanItem[] {
  const at = (time: string) => zonedToUtc(exam.date, time, timeZone);
  const start = examStartUtc(exam, timeZone);
  const end = examEndUtc(exam, timeZone, false);
  const minutesBefore = (d: Date, m: number) => new Date(d.getTime() - m * 60_000);
  const item = (key: string, when: Date, until: Date | null = null, deadline = false, roomCode: string | null = null): PlanItem => ({
    key,
    at: when,
    until,
    deadline,
    examId: exam.id,
    roomCode,
    confirm: confirmWindow(key, { dayStart: at('00:00'), at: when, entrance: at('09:00'), start }),
  });
  const extendedRooms = rooms.filter((r) => r.extended && r.endUtc);
  const lastEnd = extendedRooms.reduce((max, r) => Math.max(max, Date.parse(r.endUtc!)), end.getTime());
  return [
    item('materials_handover', at('07:30'), null, true),
    item('staff_briefing', at('08:15')),
    item('entrance_opens', at('09:00'), start),
    item('key_release', at('09:30')),
    item('exam_start', start, end),
    item('warn_30', minutesBefore(end, 30)),
    item('warn_5', minutesBefore(end, 5)),
    item('exam_end', end),
    ...extendedRooms.map((r) => item('room_end', new Date(r.endUtc!), null, false, r.code)),
    item('after_exam', new Date(lastEnd)),
  ];
}

/**
 * What must happen before an exam day: the internet package appears 5 working days before a main day and 3 before
 * a reserve day; technical preparation no earlier than 5 calendar days before; the technical readiness control no
 * earlier than 2 working days before and finished by 17:00 local time the day before (seed, section 2.5.17).
 */
export function preparationPlan(exam: Exam, timeZone: string): PlanItem[] {
  const dayStart = (date: string) => zonedToUtc(date, '00:00', timeZone);
  const readinessDeadline = zonedToUtc(addDays(exam.date, -1), '17:00', timeZone);
  const packageDay = packagePublicationDate(exam.date, exam.dayKind);
  // Before the exam day nothing here is confirmed on the timeline: the package and the drives have their own screen,
  // and technical preparation and its control their own protocols.
  const base = { examId: exam.id, roomCode: null, confirm: null };
  return [
    { ...base, key: 'package_available', at: dayStart(packageDay), until: null, deadline: false },
    { ...base, key: 'tech_prep', at: dayStart(technicalPreparationStart(exam.date)), until: readinessDeadline, deadline: true },
    {
      ...base,
      key: 'readiness_control',
      at: dayStart(addWorkingDays(exam.date, -2)),
      until: readinessDeadline,
      deadline: true,
    },
    { ...base, key: 'exam_start', at: examStartUtc(exam, timeZone), until: null, deadline: false },
  ];
}
