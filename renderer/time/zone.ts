/**
 * Every time on screen is the exam point's local time (its IANA zone from app/info), never the zone of the
 * computer the window happens to run on: deadlines like 07:30 and 09:30 are set in the PPE's time.
 */
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
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const short = new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
  const long = new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });

  const wallClock = (at: Instant) => {
    const p: Record<string, number> = {};
    for (const part of parts.formatToParts(toDate(at))) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    return p as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  };

  return {
    timeZone,
    time: (at) => hm.format(toDate(at)),
    timeWithSeconds: (at) => hms.format(toDate(at)),
    dateTime: (at) => dt.format(toDate(at)),
    localDate(at) {
      const w = wallClock(at);
      return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    },
    shortDate: (localDate) => short.format(calendarNoon(localDate)),
    longDate: (localDate) => long.format(calendarNoon(localDate)),
    offset(at) {
      const date = toDate(at);
      const w = wallClock(date);
      const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
      const minutes = Math.round((wallAsUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
      const sign = minutes < 0 ? '−' : '+';
      const abs = Math.abs(minutes);
      const h = Math.floor(abs / 60);
      const m = abs % 60;
      return m === 0 ? `${sign}${h}` : `${sign}${h}:${String(m).padStart(2, '0')}`;
    },
  };
}
