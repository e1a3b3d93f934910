/**
 * Calendar arithmetic in the PPE's own time zone (an IANA name from the PPE configuration: Europe/Kaliningrad ..
 * Asia/Kamchatka), with nothing but Intl. Every deadline of the exam calendar is a local wall-clock time ("09:30",
 * "17:00 the day before") while instants are stored in UTC; the screens tell the time in the PPE's zone, never the
 * zone of the computer they run on.
 *
 * One copy for both processes: pure (no Node, no DOM, no imports), so main (deadlines, the PPE's "today") and the
 * renderer (the clock, "today" on screens) import it at run time (the ESLint rule names this file). Formatting for
 * people (locale, words) stays in the renderer (renderer/time/zone.ts); this module only does the arithmetic.
 *
 * Local dates are 'YYYY-MM-DD' strings and local times 'HH:MM': plain calendar values with no zone attached.
 */

/** A wall-clock reading in a zone: what a clock on the PPE's wall shows at an instant. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{1,2}):(\d{2})$/;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for a name Intl does not know: a wrong zone must not silently become the computer's own. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    if (typeof timeZone !== 'string' || timeZone.trim() === '') throw new RangeError('A time zone name is required');
    // en-US with h23: numeric parts only, whatever the user's locale; 00..23, never "24" at midnight.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone name Intl can compute with ('Asia/Kamchatka', 'UTC'); false for 'Mars/Olympus' or ''. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in the zone at an instant. */
export function wallClockOf(instant: Date, timeZone: string): WallClock {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return {
    year: p.year!,
    month: p.month!,
    day: p.day!,
    hour: p.hour!,
    minute: p.minute!,
    second: p.second!,
  };
}

/** Offset of the zone from UTC at an instant, in minutes (Asia/Novokuznetsk → +420, Europe/Kaliningrad → +120). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const w = wallClockOf(instant, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((wallAsUtc - Math.floor(instant.getTime() / 1000) * 1000) / MINUTE_MS);
}

/** The local calendar date ('YYYY-MM-DD') of an instant in the zone: the PPE's "today". */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClockOf(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The local wall-clock time ('HH:MM') of an instant in the zone. */
export function localTimeOf(instant: Date, timeZone: string): string {
  const w = wallClockOf(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The UTC instant of a local wall-clock time ('YYYY-MM-DD', 'HH:MM') in the zone. Russia keeps no daylight saving
 * now, but zones change and the historical data has it, so both transitions are settled the way Temporal's
 * 'compatible' choice does: a time that happens twice (clocks turned back) is the earlier instant; a time that
 * never happens (clocks turned forward) is read with the offset before the jump, landing just after it.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = dateParts(date);
  const t = LOCAL_TIME.exec(time);
  if (!t) throw new RangeError(`Not a local time (HH:MM): ${time}`);
  const naive = Date.UTC(y, m - 1, d, Number(t[1]), Number(t[2]));
  // The offsets a day either side: at most one transition lies between them.
  const before = zoneOffsetMinutes(new Date(naive - DAY_MS), timeZone);
  const after = zoneOffsetMinutes(new Date(naive + DAY_MS), timeZone);
  const candidates = [naive - before * MINUTE_MS, naive - after * MINUTE_MS].sort((a, b) => a - b);
  const exact = candidates.find((c) => zoneOffsetMinutes(new Date(c), timeZone) * MINUTE_MS === naive - c);
  return new Date(exact ?? naive - before * MINUTE_MS);
}

/** A calendar date moved by whole days ('2026-02-28' + 1 → '2026-03-01'); no zone can skip or repeat a day. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** A malformed date would otherwise become NaN and surface far away as «Invalid Date». */
function dateParts(date: string): [number, number, number] {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`Not a local date (YYYY-MM-DD): ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
