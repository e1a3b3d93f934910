/**
 * The working-day calendar of internet packages (интернет-пакеты): a package appears 5 working days before a main
 * exam day and 3 before a reserve day, and technical preparation may start no earlier than 5 calendar days before.
 * Pure (no I/O, no clock): both the app and the reference RCOI server compute the same dates with it.
 *
 * Dates are the PPE's local calendar dates 'YYYY-MM-DD'; the arithmetic is done on UTC midnights, so no
 * daylight-saving shift of the machine's zone can skip or repeat a day.
 *
 * Non-working days are Saturdays, Sundays and the public holidays of the Labour Code, art. 112 part 1, with the
 * carry-over of part 2 (a holiday falling on a Saturday or Sunday makes the next working day a day off; the January
 * holidays do not carry over). NOT modelled: the government's yearly decree that moves days off (e.g. the January
 * weekend days moved to 9 January or 31 December), nor one-off regional holidays. Around such days the dates here can
 * be one working day off from the official production calendar; RCOI's own schedule is what counts.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Month-day of each non-working public holiday (art. 112 part 1). */
const NEW_YEAR_HOLIDAYS = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08'];
/** The holidays that, falling on a weekend, move the day off to the next working day (art. 112 part 2). */
const CARRIED_HOLIDAYS = ['02-23', '03-08', '05-01', '05-09', '06-12', '11-04'];
const HOLIDAYS = new Set([...NEW_YEAR_HOLIDAYS, ...CARRIED_HOLIDAYS]);
const CARRIED = new Set(CARRIED_HOLIDAYS);

/** Mon–Fri, not a public holiday and not the day off carried over from a holiday that fell on a weekend. */
export function isWorkingDay(date: string): boolean {
  const day = toUtcDays(date);
  if (!isWeekdayAndNoHoliday(day)) return false;
  // Walk back over the days off just before this weekday: if one of them is a carried holiday on a weekend, this is
  // the first working day after it and takes its place. (Carried holidays are months apart: one at most.)
  for (let d = day - 1; !isWeekdayAndNoHoliday(d); d--) {
    if (isWeekend(d) && CARRIED.has(monthDay(d))) return false;
  }
  return true;
}

/** The date n working days after (n > 0) or before (n < 0) the date, which itself need not be a working day; n = 0 is the date. */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
  let day = toUtcDays(date);
  const step = Math.sign(n);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDay(fromUtcDays(day))) left--;
  }
  return fromUtcDays(day);
}

/** The PPE-local date the internet package for the exam appears: 5 working days before a main day, 3 before a reserve day. */
export function packagePublicationDate(examDate: string, dayKind: 'main' | 'reserve'): string {
  return addWorkingDays(examDate, dayKind === 'main' ? -5 : -3);
}

/**
 * The earliest day technical preparation may take place: 5 calendar days before the exam. The package has to be on
 * both flash drives before preparation starts; for a reserve day it can appear later than this date (3 working days
 * before a Thursday is the Monday), so preparation then simply starts later.
 */
export function technicalPreparationStart(examDate: string): string {
  return fromUtcDays(toUtcDays(examDate) - 5);
}

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD' date; RangeError for anything else (2026-02-30 included). */
function toUtcDays(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || fromUtcDays(ms / DAY_MS) !== date) throw new RangeError(`no such date: ${date}`);
  return ms / DAY_MS;
}

function fromUtcDays(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function monthDay(day: number): string {
  return fromUtcDays(day).slice(5);
}

function isWeekend(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function isWeekdayAndNoHoliday(day: number): boolean {
  return !isWeekend(day) && !HOLIDAYS.has(monthDay(day));
}
