import type { PackageState } from '../ipc/dto';
import { addDays } from '../ipc/zoned-time';
import { packagePublicationDate, technicalPreparationStart } from '../timeline/working-days';

export interface PackageDates {
  /** The day RCOI publishes the package by the schedule. */
  expectedFrom: string;
  /** The day the package must be on both drives by. */
  deadline: string;
  /**
   * True when the package is published after technical preparation could open: it cannot be needed before it
   * exists, so the deadline is its publication day — download and write it that day, preparation starts then.
   */
  onPublicationDay: boolean;
}

/**
 * When an exam's package appears and when it must be on the drives. A reserve day's package appears 3 working days
 * before the exam and technical preparation may open 5 calendar days before: for a Thursday that is Monday and the
 * Saturday before, and «нужен до» a date before «ожидается с» must never reach a screen. Then the deadline is the
 * publication day itself (working-days.ts: preparation simply starts later).
 */
export function packageDates(examDate: string, dayKind: 'main' | 'reserve'): PackageDates {
  const expectedFrom = packagePublicationDate(examDate, dayKind);
  const preparation = technicalPreparationStart(examDate);
  return expectedFrom > preparation
    ? { expectedFrom, deadline: expectedFrom, onPublicationDay: true }
    : { expectedFrom, deadline: preparation, onPublicationDay: false };
}

/**
 * soon: the deadline is tomorrow (or, for a package due on its publication day, that day itself); late: preparation
 * may already run (from the deadline day on; the day after, for a package due on its publication day) and the
 * package is not yet verified on both drives.
 */
export function packageUrgency(state: PackageState, today: string, dates: Pick<PackageDates, 'deadline' | 'onPublicationDay'>): 'none' | 'soon' | 'late' {
  if (state === 'verified') return 'none';
  const lateFrom = dates.onPublicationDay ? addDays(dates.deadline, 1) : dates.deadline;
  if (today >= lateFrom) return 'late';
  if (today >= addDays(lateFrom, -1)) return 'soon';
  return 'none';
}
