import { AppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type CoreContext } from '../kernel/context';
import { act, type Work } from '../kernel/unit-of-work';
import type { Db } from '../db/open-database';
import { PIN_PATTERN, verifyPin } from './pin-hash';

export const MAX_PIN_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 5;

export interface StaffAuthRow {
  id: number;
  last_name: string;
  first_name: string;
  middle_name: string;
  role_code: number;
  pin_hash: string | null;
  failed_pin_attempts: number;
  locked_until: string | null;
  /** 1 while the PIN is one someone else chose: it opens no session, only auth/changePin. */
  must_change_pin: number;
}

/** One of the five tries, taken before the slow hash runs; `until` is set when it was the fifth. */
type Reservation = { row: StaffAuthRow; attempt: number; until: string | null } | { refused: AppError };

export function findStaff(db: Db, staffId: number): StaffAuthRow {
  const row = db.prepare<[number], StaffAuthRow>('SELECT * FROM staff WHERE id = ?').get(staffId);
  if (!row) throw new AppError('STAFF_NOT_FOUND', { staffId });
  return row;
}

export function fullName(r: Pick<StaffAuthRow, 'last_name' | 'first_name' | 'middle_name'>): string {
  return `${r.last_name} ${r.first_name} ${r.middle_name}`.trim();
}

/**
 * Verifies a person's PIN — at sign-in, at the lock screen, when a second person confirms, when one changes one's
 * own — counting failures in the database so a restart does not reset a lock-out. The lock-out check and the count
 * are one IMMEDIATE transaction made BEFORE the slow hash: each attempt first reserves one of the five tries, so a
 * burst of parallel attempts cannot all pass the check while their hashes run — the sixth and later are refused
 * without hashing. A right PIN gives the count back (resets it: the owner is here); a wrong one keeps its reservation.
 */
export async function checkPin(ctx: CoreContext, staffId: number, pin: string): Promise<StaffAuthRow> {
  const reserved = act(ctx, SYSTEM_ACTOR, (work) => reserveAttempt(work, staffId));
  if ('refused' in reserved) throw reserved.refused;
  const { row, attempt, until } = reserved;
  const good = PIN_PATTERN.test(pin) && (await verifyPin(pin, row.pin_hash ?? ''));
  if (good) {
    act(ctx, SYSTEM_ACTOR, (work) => {
      work.db.prepare('UPDATE staff SET failed_pin_attempts = 0, locked_until = NULL WHERE id = ?').run(staffId);
      if (until || attempt > 1) work.changed('staff');
    });
    return row;
  }
  throw act(ctx, SYSTEM_ACTOR, (work) => {
    const staffName = fullName(row);
    work.changed('staff');
    // The fifth try set the lock-out when it was reserved; it stands unless a right PIN has since lifted it.
    const stillLocked = until !== null && findStaff(work.db, staffId).locked_until === until;
    if (stillLocked) {
      work.record('auth.locked_out', { staffId, staffName, until, attempts: attempt });
      return new AppError('PIN_LOCKED_OUT', { until });
    }
    work.record('auth.sign_in_failed', { staffId, staffName, attempt });
    const left = until === null ? MAX_PIN_ATTEMPTS - attempt : MAX_PIN_ATTEMPTS - findStaff(work.db, staffId).failed_pin_attempts;
    return new AppError('PIN_WRONG', { attemptsLeft: Math.max(1, left) });
  });
}

/** The atomic step of checkPin; runs inside one IMMEDIATE transaction, so no other attempt interleaves. */
function reserveAttempt(work: Work, staffId: number): Reservation {
  const db = work.db;
  const row = findStaff(db, staffId);
  const now = work.at;
  if (row.locked_until && new Date(row.locked_until) > now) {
    // Each refused attempt is an event of its own: a burst shows in the journal as what it was.
    work.record('auth.sign_in_refused', { staffId, staffName: fullName(row), reason: 'locked_out', until: row.locked_until });
    return { refused: new AppError('PIN_LOCKED_OUT', { until: row.locked_until }) };
  }
  if (!row.pin_hash) throw new AppError('PIN_NOT_SET', { name: fullName(row) });
  const attempt = row.failed_pin_attempts + 1;
  if (attempt >= MAX_PIN_ATTEMPTS) {
    const until = lockOutEnd(now);
    // The count starts afresh once the lock-out has passed.
    db.prepare('UPDATE staff SET failed_pin_attempts = 0, locked_until = ? WHERE id = ?').run(until, staffId);
    return { row, attempt, until };
  }
  db.prepare('UPDATE staff SET failed_pin_attempts = ?, locked_until = NULL WHERE id = ?').run(attempt, staffId);
  return { row, attempt, until: null };
}

/**
 * The lock-out ends on a whole minute, at least LOCKOUT_MINUTES from now: screens show it to the minute («до 08:06»),
 * and the refusal must end exactly then, not at 08:06:41.
 */
function lockOutEnd(now: Date): string {
  const earliest = now.getTime() + LOCKOUT_MINUTES * 60_000;
  return new Date(Math.ceil(earliest / 60_000) * 60_000).toISOString();
}
