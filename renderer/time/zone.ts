/**
 * Every time on screen is the exam point's local time (its IANA zone from app/info), never the zone of the
 * computer the window happens to run on: deadlines like 07:30 and 09:30 are set in the PPE's time.
 * The arithmetic (the PPE's "today", its offset) is main's own module, shared: main/ipc/zoned-time.ts. Here only
 * the words and digits a person reads, by Intl.DateTimeFormat in the chosen locale.
 */
import { localDateOf, zoneOffsetMinutes } from '../../main/ipc/zoned-time';

export type Instant = string | number | Date;

export interface ZoneFormat {
  readonly timeZone: string;
  /** 09:30 */
  time(at: Instant): string;
  /** 09:30:15 */
  timeWithSeconds(at: Instant): string;
  /** 15.06.2025, 09:30 */
  dateTime(at: Instant): string;
  /** The calendar date in the zone, as YYYY-MM-DD. */
  localDate(at: Instant): string;
  /** A calendar date (YYYY-MM-DD, no zone attached) as 15.06.2025. */
  shortDate(localDate: string): string;
  /** A calendar date as «понедельник, 15 июня». */
  longDate(localDate: string): string;
  /** The zone's offset from UTC at that instant, as "+7" or "+5:30". */
  offset(at: Instant): string;
}

const toDate = (at: Instant) => (at instanceof Date ? at : new Date(at));

/** A calendar date parsed as noon UTC, to be formatted in UTC: no zone can shift it to another day. */
const calendarNoon = (localDate: string) => new Date(`${localDate}T12:00:00Z`);

/** Throws RangeError for a zone Intl does not know (main refuses such a PPE configuration first). */
export function createZoneFormat(timeZone: string, intlLocale: string): ZoneFormat {
  const hm = new Intl.DateTimeFormat(intlLocale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const hms = new Intl.DateTimeFormat(intlLocale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const dt = new Intl.DateTimeFormat(intlLocale, {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const short = new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
  const long = new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });

  return {
    timeZone,
    time: (at) => hm.format(toDate(at)),
    timeWithSeconds: (at) => hms.format(toDate(at)),
    dateTime: (at) => dt.format(toDate(at)),
    localDate: (at) => localDateOf(toDate(at), timeZone),
    shortDate: (localDate) => short.format(calendarNoon(localDate)),
    longDate: (localDate) => long.format(calendarNoon(localDate)),
    offset: (at) => offsetLabel(zoneOffsetMinutes(toDate(at), timeZone)),
  };
}

/**
 * "+7", "+5:30", "−1" (a true minus sign). Intl's timeZoneName 'shortOffset' says "GMT+7" and the prefix differs
 * by locale, so the label is built from the offset itself.
 */
function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return m === 0 ? `${sign}${h}` : `${sign}${h}:${String(m).padStart(2, '0')}`;
}
