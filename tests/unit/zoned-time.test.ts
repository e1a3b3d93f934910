import { describe, expect, it } from 'vitest';
import { addDays, localDateOf, zonedToUtc, zoneOffsetMinutes } from '../../main/kernel/zoned-time';

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
