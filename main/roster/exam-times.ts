import type { Exam } from '../ipc/dto';
import { zonedToUtc } from '../ipc/zoned-time';

export function examStartUtc(exam: Exam, timeZone: string): Date {
  return zonedToUtc(exam.date, exam.startLocal, timeZone);
}

/** The end of the exam for a room; extended rooms get the exam's extra minutes for special conditions. */
export function examEndUtc(exam: Exam, timeZone: string, extended: boolean): Date {
  const minutes = exam.durationMin + (extended ? exam.specialExtraMin : 0);
  return new Date(examStartUtc(exam, timeZone).getTime() + minutes * 60_000);
}
