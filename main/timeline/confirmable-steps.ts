/**
 * Which steps of the exam day a person confirms, who, and when (issue 10, item 2: passed is not done). Every other
 * step is moved by the clock alone: the entrance opens at 09:00 and the exam starts at its time whether or not anyone
 * clicks. A confirmable step is done only when confirmed; once its time has passed unconfirmed it is overdue.
 *
 * From the regional order (seed, section 6.5, 6.6) and the domain README's calendar:
 * - materials_handover «Приём ЭМ от члена ГЭК»: the GEK member brings the return and safe packets no later than
 *   07:30 and hands them to the PPE head, who from then on answers for them. The receiving side confirms the
 *   receipt: the PPE head. There is no earliest time («не позднее 07:30»), so it may be confirmed from the start of
 *   the exam day; unconfirmed at 07:30 it is overdue.
 * - staff_briefing «Инструктаж работников ППЭ» at 08:15: the PPE head holds it (ППЭ-07). Confirmed once it has
 *   begun; overdue if unconfirmed when the entrance opens at 09:00, since the staff must be at their posts by then.
 * - key_release «Получение ключа доступа к ЭМ» at 09:30: the key is received at the HQ authorisation station only
 *   with the GEK member's token, so the GEK member confirms it; the PPE head, who owns the exam day and is in the HQ
 *   when it happens, may too. Overdue if unconfirmed when the exam starts: the key must be in the rooms by then.
 * Roles are the regional database's codes: 1 PPE head, 5 GEK member (main/auth/permissions.ts).
 */

export interface ConfirmWindow {
  /** Role codes that may confirm it, the one who usually does first. */
  roles: readonly number[];
  /** The earliest moment it may be confirmed: nobody confirms what cannot have happened yet. */
  from: Date;
  /** Unconfirmed from this moment on, the step is overdue. */
  due: Date;
}

/** The moments of the exam day a window is built from (UTC instants of the PPE-local times). */
export interface DayMoments {
  /** 00:00 of the exam day. */
  dayStart: Date;
  /** The step's own time. */
  at: Date;
  /** 09:00, the entrance opens. */
  entrance: Date;
  /** The exam's start. */
  start: Date;
}

const PPE_HEAD = 1;
const GEK_MEMBER = 5;

/** The roles that may confirm any step at all: the holders of the 'timeline.confirm' permission. */
export const CONFIRMING_ROLES: readonly number[] = [PPE_HEAD, GEK_MEMBER];

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/** The confirm window of an exam-day step, or null for a step the clock alone moves. */
export function confirmWindow(key: string, day: DayMoments): ConfirmWindow | null {
  switch (key) {
    case 'materials_handover':
      return { roles: [PPE_HEAD], from: day.dayStart, due: day.at };
    case 'staff_briefing':
      return { roles: [PPE_HEAD], from: day.at, due: later(day.entrance, day.at) };
    case 'key_release':
      return { roles: [GEK_MEMBER, PPE_HEAD], from: day.at, due: later(day.start, day.at) };
    default:
      return null;
  }
}
