import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, packagePublicationDate, technicalPreparationStart } from '../../main/timeline/working-days';

// Real calendar cases, checked against the Russian production calendar where art. 112 alone decides.

describe('working days (Labour Code art. 112)', () => {
  it('takes Monday to Friday as working days and weekends as not', () => {
    expect(isWorkingDay('2026-06-01')).toBe(true); // Monday
    expect(isWorkingDay('2026-06-05')).toBe(true); // Friday
    expect(isWorkingDay('2026-06-06')).toBe(false); // Saturday
    expect(isWorkingDay('2026-06-07')).toBe(false); // Sunday
  });

  it('knows the public holidays of every year', () => {
    for (const day of ['01-01', '01-02', '01-05', '01-06', '01-07', '01-08', '02-23', '05-01', '06-12', '11-04']) {
      expect({ day, working: isWorkingDay(`2027-${day}`) }).toEqual({ day, working: false });
    }
    expect(isWorkingDay('2026-06-12')).toBe(false); // Friday, Russia Day
    expect(isWorkingDay('2026-11-04')).toBe(false); // Wednesday, Unity Day
    expect(isWorkingDay('2026-11-05')).toBe(true);
  });

  it('moves a holiday that falls on a weekend to the next working day, except the January ones', () => {
    expect(isWorkingDay('2026-03-09')).toBe(false); // 8 March 2026 is a Sunday
    expect(isWorkingDay('2026-03-10')).toBe(true);
    expect(isWorkingDay('2026-05-11')).toBe(false); // 9 May 2026 is a Saturday
    expect(isWorkingDay('2027-05-10')).toBe(false); // 9 May 2027 is a Sunday
    expect(isWorkingDay('2028-11-06')).toBe(false); // 4 November 2028 is a Saturday
    expect(isWorkingDay('2028-11-07')).toBe(true);
    // 3 and 4 January 2026 fall on a weekend: only the government's decree moves them (to 9 January and
    // 31 December), which is not modelled, so 9 January 2026 counts as a working day here.
    expect(isWorkingDay('2026-01-09')).toBe(true);
  });

  it('counts n working days forward and backward, from any day', () => {
    expect(addWorkingDays('2026-06-01', -5)).toBe('2026-05-25');
    expect(addWorkingDays('2026-05-25', 5)).toBe('2026-06-01');
    expect(addWorkingDays('2026-06-11', 1)).toBe('2026-06-15'); // over Russia Day and the weekend
    expect(addWorkingDays('2026-06-15', -1)).toBe('2026-06-11');
    expect(addWorkingDays('2026-06-06', 1)).toBe('2026-06-08'); // from a Saturday
    expect(addWorkingDays('2026-06-06', -1)).toBe('2026-06-05');
    expect(addWorkingDays('2026-06-06', 0)).toBe('2026-06-06');
    expect(addWorkingDays('2025-12-30', 2)).toBe('2026-01-09'); // across the year and the New Year holidays (31 December, a day off only by decree, counts)
    expect(addWorkingDays('2026-01-09', -2)).toBe('2025-12-30');
  });

  it('refuses what is not a date with a RangeError', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-6-1', '01.06.2026', '', '2026-06-01T00:00:00Z']) {
      expect(() => isWorkingDay(bad)).toThrow(RangeError);
      expect(() => addWorkingDays(bad, 1)).toThrow(RangeError);
      expect(() => packagePublicationDate(bad, 'main')).toThrow(RangeError);
      expect(() => technicalPreparationStart(bad)).toThrow(RangeError);
    }
    expect(isWorkingDay('2028-02-29')).toBe(true); // a leap day is a date
    expect(() => addWorkingDays('2026-06-01', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-06-01', Number.NaN)).toThrow(RangeError);
  });
});

describe('the internet package calendar', () => {
  it('publishes 5 working days before a main day', () => {
    expect(packagePublicationDate('2026-06-01', 'main')).toBe('2026-05-25'); // Monday → the Monday before
    expect(packagePublicationDate('2026-06-04', 'main')).toBe('2026-05-28'); // Thursday → the Thursday before
    // Monday 15 June 2026, right after Russia Day (Friday 12 June): Friday 5 June, not Monday 8 June.
    expect(packagePublicationDate('2026-06-15', 'main')).toBe('2026-06-05');
    // Thursday 14 May 2026: 11 May is the day off carried from 9 May.
    expect(packagePublicationDate('2026-05-14', 'main')).toBe('2026-05-06');
  });

  it('publishes 3 working days before a reserve day', () => {
    expect(packagePublicationDate('2026-06-01', 'reserve')).toBe('2026-05-27');
    expect(packagePublicationDate('2026-06-15', 'reserve')).toBe('2026-06-09');
    expect(packagePublicationDate('2026-06-25', 'reserve')).toBe('2026-06-22'); // Thursday → Monday
  });

  it('starts technical preparation no earlier than 5 calendar days before', () => {
    expect(technicalPreparationStart('2026-06-01')).toBe('2026-05-27');
    expect(technicalPreparationStart('2026-03-03')).toBe('2026-02-26');
    expect(technicalPreparationStart('2026-01-02')).toBe('2025-12-28');
  });
});
