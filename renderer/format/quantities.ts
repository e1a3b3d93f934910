import type { MessageKey, ParamsArg } from '../i18n/catalog';

/**
 * Sizes, speeds, percentages and spans of time as a person reads them: «12,5 МиБ», «1,5 МиБ/с», «3 мин 20 с»,
 * «через 40 с». Digits come from Intl.NumberFormat in the chosen locale (ru: decimal comma, no-break space between
 * thousands); words from the message catalog, because Intl has no binary units (КиБ, МиБ are 1024-based, its
 * «МБ» is not) and Intl.RelativeTimeFormat says one unit only («через 3 минуты», not «через 3 мин 20 с»);
 * Intl.DurationFormat would, but Node 20 (where these are tested) lacks it.
 */

/** What these formatters need of I18n: I18n has it, and a test builds one straight from the catalog. */
export interface Words {
  readonly intlLocale: string;
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string;
}

const KIB = 1024;
const MIB = 1024 * 1024;

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Counters redraw several times a second: one formatter per locale and precision, not one per call. */
function number(words: Words, value: number, minDigits = 0, maxDigits = minDigits): string {
  const key = `${words.intlLocale}|${minDigits}|${maxDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(words.intlLocale, { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** «сейчас», «now»: the locale's own word for a moment that has come. */
function nowWord(words: Words): string {
  let f = relativeFormats.get(words.intlLocale);
  if (!f) {
    f = new Intl.RelativeTimeFormat(words.intlLocale, { numeric: 'auto' });
    relativeFormats.set(words.intlLocale, f);
  }
  return f.format(0, 'second');
}

/** «0,4 КиБ», «512 КиБ», «64 МиБ», «12,5 МиБ». */
export function formatSize(words: Words, bytes: number): string {
  if (bytes < MIB) {
    const kib = bytes / KIB;
    return words.t('size.kib', { n: number(words, Math.max(kib, bytes > 0 ? 0.1 : 0), 0, kib < 10 ? 1 : 0) });
  }
  return words.t('size.mib', { n: number(words, bytes / MIB, 0, 1) });
}

/** Always one decimal, so a moving counter does not jump in width: «12,0» (the unit is in the sentence). */
export function formatMib(words: Words, bytes: number): string {
  return number(words, bytes / MIB, 1);
}

/** «1,5 МиБ/с». */
export function formatSpeed(words: Words, bytesPerSecond: number): string {
  return words.t('size.mibps', { n: number(words, bytesPerSecond / MIB, 1) });
}

/** Whole percent, rounded down (100 only when done), without the sign: the sentence places «%». */
export function formatPercent(words: Words, part: number, whole: number): string {
  const value = whole > 0 ? Math.floor((part / whole) * 100) : 0;
  return number(words, Math.min(100, Math.max(0, value)));
}

/** A span of seconds: «45 с», «3 мин 20 с», «12 мин», «2 ч 5 мин», «3 дн 4 ч». */
export function formatSeconds(words: Words, totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const n = (value: number) => number(words, value);
  if (s < 60) return words.t('span.s', { s: n(s) });
  const minutes = Math.floor(s / 60);
  if (minutes < 10) {
    return s % 60 === 0 ? words.t('span.m', { m: n(minutes) }) : words.t('span.ms', { m: n(minutes), s: n(s % 60) });
  }
  if (minutes < 60) return words.t('span.m', { m: n(minutes) });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return minutes % 60 === 0 ? words.t('span.h', { h: n(hours) }) : words.t('span.hm', { h: n(hours), m: n(minutes % 60) });
  }
  return words.t('span.dh', { d: n(Math.floor(hours / 24)), h: n(hours % 24) });
}

/** A length in minutes, as an exam's: «3 ч 55 мин», «4 ч», «30 мин». */
export function duration(words: Words, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return words.t('duration.m', { m: number(words, m) });
  if (m === 0) return words.t('duration.h', { h: number(words, h) });
  return words.t('duration.hm', { h: number(words, h), m: number(words, m) });
}

/** «меньше минуты назад», «12 мин назад», «2 ч 5 мин назад». */
export function formatAgo(words: Words, at: string, now: Date): string {
  const seconds = (now.getTime() - Date.parse(at)) / 1000;
  if (seconds < 60) return words.t('ago.justNow');
  return words.t('ago.span', { span: formatSeconds(words, Math.floor(seconds / 60) * 60) });
}

/** «через 40 с», «через 3 мин 20 с»; «сейчас» once the moment has come. */
export function formatIn(words: Words, at: string, now: Date): string {
  const seconds = Math.ceil((Date.parse(at) - now.getTime()) / 1000);
  if (seconds <= 0) return nowWord(words);
  return words.t('in.span', { span: formatSeconds(words, seconds) });
}
