import { describe, expect, it } from 'vitest';
import {
  duration,
  formatAgo,
  formatIn,
  formatMib,
  formatPercent,
  formatSeconds,
  formatSize,
  formatSpeed,
  type Words,
} from '../../renderer/format/quantities';
import { message, type Locale, type ParamValue } from '../../renderer/i18n/catalog';
import { createZoneFormat } from '../../renderer/time/zone';

// What the screens show for sizes, speeds, spans and times, in both catalog locales, with the real message catalog.
// The texts are the ones the screens showed before Intl took over the digits: they must not change.

const NBSP = '\u00a0';
const MIB = 1024 * 1024;

function words(locale: Locale): Words {
  return {
    intlLocale: locale === 'ru' ? 'ru-RU' : 'en-GB',
    t: (key, ...params) => message(locale, key, params[0] as Record<string, ParamValue> | undefined),
  };
}
const ru = words('ru');
const en = words('en');

describe('sizes and speeds', () => {
  it('binary units with a decimal comma in Russian and a point in English', () => {
    expect(formatSize(ru, 0)).toBe('0 КиБ');
    expect(formatSize(ru, 1)).toBe('0,1 КиБ');
    expect(formatSize(ru, 400)).toBe('0,4 КиБ');
    expect(formatSize(ru, 512 * 1024)).toBe('512 КиБ');
    expect(formatSize(ru, 64 * MIB)).toBe('64 МиБ');
    expect(formatSize(ru, 12.5 * MIB)).toBe('12,5 МиБ');
    expect(formatSize(en, 12.5 * MIB)).toBe('12.5 MiB');
    expect(formatSpeed(ru, 1.5 * MIB)).toBe('1,5 МиБ/с');
    expect(formatSpeed(en, 1.5 * MIB)).toBe('1.5 MiB/s');
    expect(formatMib(ru, 12 * MIB)).toBe('12,0');
    expect(formatMib(en, 12 * MIB)).toBe('12.0');
  });

  it('groups thousands the way each locale does: a no-break space in Russian, a comma in English', () => {
    expect(formatSize(ru, 1536 * MIB)).toBe(`1${NBSP}536 МиБ`);
    expect(formatSize(ru, 15_000 * MIB)).toBe(`15${NBSP}000 МиБ`);
    expect(formatSize(en, 1536 * MIB)).toBe('1,536 MiB');
  });

  it('percent is whole, rounded down, and kept within 0..100', () => {
    expect(formatPercent(ru, 1, 3)).toBe('33');
    expect(formatPercent(ru, 999, 1000)).toBe('99');
    expect(formatPercent(ru, 5, 0)).toBe('0');
    expect(formatPercent(en, 150, 100)).toBe('100');
  });
});

describe('spans of time', () => {
  it('compound spans in short words', () => {
    expect(formatSeconds(ru, 45)).toBe('45 с');
    expect(formatSeconds(ru, 200)).toBe('3 мин 20 с');
    expect(formatSeconds(ru, 180)).toBe('3 мин');
    expect(formatSeconds(ru, 725)).toBe('12 мин');
    expect(formatSeconds(ru, 7500)).toBe('2 ч 5 мин');
    expect(formatSeconds(ru, 7200)).toBe('2 ч');
    expect(formatSeconds(ru, 3 * 86_400 + 4 * 3600)).toBe('3 дн 4 ч');
    expect(formatSeconds(en, 200)).toBe('3 min 20 s');
    expect(formatSeconds(en, 3 * 86_400 + 4 * 3600)).toBe('3 d 4 h');
  });

  it('an exam length', () => {
    expect(duration(ru, 235)).toBe('3 ч 55 мин');
    expect(duration(ru, 240)).toBe('4 ч');
    expect(duration(ru, 30)).toBe('30 мин');
    expect(duration(en, 235)).toBe('3 h 55 min');
  });

  it('«через …», «… назад» and the word for a moment that has come', () => {
    const now = new Date('2026-06-15T06:00:00Z');
    expect(formatIn(ru, '2026-06-15T06:00:40Z', now)).toBe('через 40 с');
    expect(formatIn(ru, '2026-06-15T06:03:20Z', now)).toBe('через 3 мин 20 с');
    expect(formatIn(ru, '2026-06-15T05:59:00Z', now)).toBe('сейчас');
    expect(formatIn(en, '2026-06-15T06:00:40Z', now)).toBe('in 40 s');
    expect(formatIn(en, '2026-06-15T06:00:00Z', now)).toBe('now');
    expect(formatAgo(ru, '2026-06-15T05:59:30Z', now)).toBe('меньше минуты назад');
    expect(formatAgo(ru, '2026-06-15T05:47:30Z', now)).toBe('12 мин назад');
    expect(formatAgo(ru, '2026-06-15T03:55:00Z', now)).toBe('2 ч 5 мин назад');
    expect(formatAgo(en, '2026-06-15T05:47:30Z', now)).toBe('12 min ago');
  });
});

describe('times on screen are the PPE’s, through the shared zone module', () => {
  // 13:30 UTC on 14 June: already 01:30 on Monday 15 June in Petropavlovsk-Kamchatsky.
  const instant = '2026-06-14T13:30:00Z';

  it('Kamchatka: the wall clock and the date are the zone’s, not UTC’s', () => {
    const zone = createZoneFormat('Asia/Kamchatka', 'ru-RU');
    expect(zone.time(instant)).toBe('01:30');
    expect(zone.timeWithSeconds(instant)).toBe('01:30:00');
    expect(zone.dateTime(instant)).toBe('15.06.2026, 01:30');
    expect(zone.localDate(instant)).toBe('2026-06-15');
    expect(zone.shortDate('2026-06-15')).toBe('15.06.2026');
    expect(zone.longDate('2026-06-15')).toBe('понедельник, 15 июня');
    expect(zone.offset(instant)).toBe('+12');
  });

  it('Kaliningrad, in English', () => {
    const zone = createZoneFormat('Europe/Kaliningrad', 'en-GB');
    expect(zone.time(instant)).toBe('15:30');
    expect(zone.localDate(instant)).toBe('2026-06-14');
    expect(zone.shortDate('2026-06-14')).toBe('14/06/2026');
    expect(zone.longDate('2026-06-14')).toBe('Sunday 14 June');
    expect(zone.offset(instant)).toBe('+2');
  });

  it('offsets with minutes and west of Greenwich', () => {
    expect(createZoneFormat('Asia/Kolkata', 'ru-RU').offset(instant)).toBe('+5:30');
    expect(createZoneFormat('America/Sao_Paulo', 'ru-RU').offset(instant)).toBe('−3');
    expect(createZoneFormat('UTC', 'ru-RU').offset(instant)).toBe('+0');
  });

  it('a zone Intl does not know is refused', () => {
    expect(() => createZoneFormat('Mars/Olympus_Mons', 'ru-RU')).toThrow(RangeError);
  });
});
