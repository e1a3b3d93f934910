import { describe, expect, it } from 'vitest';
import {
  addDays,
  isTimeZone,
  localDateOf,
  localTimeOf,
  wallClockOf,
  zonedToUtc,
  zoneOffsetMinutes,
} from '../../main/ipc/zoned-time';

// The one time-zone module main and the renderer share (main/ipc/zoned-time.ts).

describe('time in the PPE zone', () => {
  it('converts local wall-clock times of different Russian zones to UTC', () => {
    expect(zonedToUtc('2026-06-01', '10:00', 'Asia/Novokuznetsk').toISOString()).toBe('2026-06-01T03:00:00.000Z');
    expect(zonedToUtc('2026-06-01', '10:00', 'Europe/Moscow').toISOString()).toBe('2026-06-01T07:00:00.000Z');
    expect(zonedToUtc('2026-06-01', '10:00', 'Europe/Kaliningrad').toISOString()).toBe('2026-06-01T08:00:00.000Z');
    expect(zonedToUtc('2026-06-01', '10:00', 'Asia/Kamchatka').toISOString()).toBe('2026-05-31T22:00:00.000Z');
  });

  it('handles zones with daylight saving time too', () => {
    expect(zonedToUtc('2026-07-01', '10:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedToUtc('2026-01-15', '10:00', 'Europe/Berlin').toISOString()).toBe('2026-01-15T09:00:00.000Z');
  });

  it('knows the local date of an instant: after 17:00 UTC it is already tomorrow in Kemerovo', () => {
    expect(localDateOf(new Date('2026-11-24T16:59:00Z'), 'Asia/Novokuznetsk')).toBe('2026-11-24');
    expect(localDateOf(new Date('2026-11-24T17:00:00Z'), 'Asia/Novokuznetsk')).toBe('2026-11-25');
    expect(zoneOffsetMinutes(new Date('2026-11-24T17:00:00Z'), 'Asia/Novokuznetsk')).toBe(420);
  });

  it('counts calendar days (working days: working-days.test.ts)', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('the shared zone module at the edges of Russia', () => {
  it('Kamchatka (+12) is already on the next calendar day while UTC is still on the previous one', () => {
    const instant = new Date('2026-06-14T13:30:00Z');
    expect(localDateOf(instant, 'UTC')).toBe('2026-06-14');
    expect(localDateOf(instant, 'Asia/Kamchatka')).toBe('2026-06-15');
    expect(localTimeOf(instant, 'Asia/Kamchatka')).toBe('01:30');
    expect(zoneOffsetMinutes(instant, 'Asia/Kamchatka')).toBe(720);
    expect(wallClockOf(instant, 'Asia/Kamchatka')).toEqual({ year: 2026, month: 6, day: 15, hour: 1, minute: 30, second: 0 });
    // And back: 09:30 on the 15th in Petropavlovsk is 21:30 UTC on the 14th.
    expect(zonedToUtc('2026-06-15', '09:30', 'Asia/Kamchatka').toISOString()).toBe('2026-06-14T21:30:00.000Z');
  });

  it('Kaliningrad (+2) is behind UTC+3 Moscow by an hour', () => {
    const instant = new Date('2026-06-14T22:30:00Z');
    expect(zoneOffsetMinutes(instant, 'Europe/Kaliningrad')).toBe(120);
    expect(localDateOf(instant, 'Europe/Kaliningrad')).toBe('2026-06-15');
    expect(localTimeOf(instant, 'Europe/Kaliningrad')).toBe('00:30');
    expect(localTimeOf(instant, 'Europe/Moscow')).toBe('01:30');
    expect(zonedToUtc('2026-06-15', '00:30', 'Europe/Kaliningrad').toISOString()).toBe(instant.toISOString());
  });

  it('a local date and time go to an instant and back unchanged, in every Russian zone', () => {
    const zones = [
      'Europe/Kaliningrad',
      'Europe/Moscow',
      'Europe/Samara',
      'Asia/Yekaterinburg',
      'Asia/Omsk',
      'Asia/Novokuznetsk',
      'Asia/Irkutsk',
      'Asia/Yakutsk',
      'Asia/Vladivostok',
      'Asia/Magadan',
      'Asia/Kamchatka',
    ];
    for (const zone of zones) {
      for (const [date, time] of [
        ['2026-06-15', '00:00'],
        ['2026-06-15', '09:30'],
        ['2026-12-31', '23:59'],
        ['2027-01-01', '00:00'],
      ] as const) {
        const instant = zonedToUtc(date, time, zone);
        expect([localDateOf(instant, zone), localTimeOf(instant, zone)], zone).toEqual([date, time]);
      }
    }
  });

  it('an instant goes to local wall-clock time and back to the same instant', () => {
    const instant = new Date('2026-03-01T02:45:00Z');
    for (const zone of ['Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Kamchatka', 'UTC']) {
      expect(zonedToUtc(localDateOf(instant, zone), localTimeOf(instant, zone), zone).toISOString(), zone).toBe(
        instant.toISOString(),
      );
    }
  });

  it('Moscow in 2010 still kept daylight saving time: +4 in summer, +3 in winter (Intl carries the history)', () => {
    expect(zoneOffsetMinutes(new Date('2010-07-01T12:00:00Z'), 'Europe/Moscow')).toBe(240);
    expect(zoneOffsetMinutes(new Date('2010-01-15T12:00:00Z'), 'Europe/Moscow')).toBe(180);
    expect(zonedToUtc('2010-07-01', '10:00', 'Europe/Moscow').toISOString()).toBe('2010-07-01T06:00:00.000Z');
    expect(zonedToUtc('2010-01-15', '10:00', 'Europe/Moscow').toISOString()).toBe('2010-01-15T07:00:00.000Z');
  });

  it('across the 2010 transitions in Moscow: a time that never happened moves forward, a repeated one is the earlier', () => {
    // 28 March 2010: 02:00 MSK became 03:00 MSD, so 02:30 did not exist; it is read as 03:30 MSD.
    const skipped = zonedToUtc('2010-03-28', '02:30', 'Europe/Moscow');
    expect(skipped.toISOString()).toBe('2010-03-27T23:30:00.000Z');
    expect(localTimeOf(skipped, 'Europe/Moscow')).toBe('03:30');
    // 31 October 2010: 03:00 MSD became 02:00 MSK, so 02:30 happened twice; the first (still +4) is taken.
    const repeated = zonedToUtc('2010-10-31', '02:30', 'Europe/Moscow');
    expect(repeated.toISOString()).toBe('2010-10-30T22:30:00.000Z');
    expect(localTimeOf(repeated, 'Europe/Moscow')).toBe('02:30');
    expect(zoneOffsetMinutes(repeated, 'Europe/Moscow')).toBe(240);
  });

  it('refuses a zone it does not know instead of falling back to the computer’s own zone', () => {
    expect(isTimeZone('Asia/Kamchatka')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    const instant = new Date('2026-06-14T12:00:00Z');
    expect(() => localDateOf(instant, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => zoneOffsetMinutes(instant, '')).toThrow(RangeError);
    expect(() => zonedToUtc('2026-06-14', '09:30', 'Europe/Atlantis')).toThrow(RangeError);
  });

  it('refuses a malformed local date or time rather than computing with NaN', () => {
    expect(() => zonedToUtc('14.06.2026', '09:30', 'Europe/Moscow')).toThrow(RangeError);
    expect(() => zonedToUtc('2026-06-14', '9.30', 'Europe/Moscow')).toThrow(RangeError);
    expect(() => addDays('2026-6-1', 1)).toThrow(RangeError);
  });
});
