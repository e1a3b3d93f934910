import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import { checkPin, findStaff, fullName, type StaffAuthRow } from './pin-attempts';
import { hashPin, PIN_PATTERN } from './pin-hash';
import { CONFIRMER_ROLES, GUARDED_ROLES, isTrivialPin } from './pin-policy';
import { roleOfTheDay } from './role-of-the-day';

/** The second person confirming a PIN for the PPE head or a GEK member, with their own PIN. */
export interface PinConfirmation {
  staffId: number;
  pin: string;
}

/**
 * Issues a PIN. Whoever sets another person's PIN knows it, so: the PPE head's or a GEK member's PIN needs a second
 * person confirming with their own PIN, and any PIN set for someone else must be replaced by its owner at the next
 * sign-in (must_change_pin). A PIN one sets for oneself needs neither.
 */
export async function issuePin(ctx: CoreContext, actor: Actor, staffId: number, pin: string, confirmation: PinConfirmation | null): Promise<void> {
  assertIssuablePin(pin);
  const target = findStaff(ctx.db, staffId);
  const own = actor.staffId === target.id;
  let confirmer: StaffAuthRow | null = null;
  if (!own && isGuarded(ctx, target)) {
    if (!confirmation) {
      refusePin(ctx, actor, target, 'second_person_required', null);
      throw new AppError('PIN_SECOND_PERSON_REQUIRED');
    }
    confirmer = await checkConfirmer(ctx, actor, target, confirmation);
  }
  const hash = await hashPin(pin);
  act(ctx, actor, (work) => {
    work.db
      .prepare('UPDATE staff SET pin_hash = ?, failed_pin_attempts = 0, locked_until = NULL, must_change_pin = ? WHERE id = ?')
      .run(hash, own ? 0 : 1, staffId);
    work.changed('staff');
    work.record('staff.pin_issued', {
      staffId,
      staffName: fullName(target),
      mustChange: !own,
      confirmedBy: confirmer ? { staffId: confirmer.id, name: fullName(confirmer) } : null,
    });
  });
}

/**
 * Replaces a person's PIN with one they choose, proving the current one under the same lock-out as a sign-in; the
 * way out of PIN_CHANGE_REQUIRED. Returns the person's row as it now stands.
 */
export async function changeOwnPin(ctx: CoreContext, staffId: number, pin: string, newPin: string): Promise<StaffAuthRow> {
  // The new PIN is judged first, so a typo in it costs none of the five tries.
  assertIssuablePin(newPin);
  if (newPin === pin) throw new AppError('PIN_UNCHANGED');
  const row = await checkPin(ctx, staffId, pin);
  const hash = await hashPin(newPin);
  act(ctx, { staffId: row.id, name: fullName(row), roleCode: row.role_code }, (work) => {
    work.db.prepare('UPDATE staff SET pin_hash = ?, must_change_pin = 0 WHERE id = ?').run(hash, staffId);
    work.changed('staff');
    work.record('auth.pin_changed', { issuedByOther: row.must_change_pin === 1 });
  });
  return { ...row, pin_hash: hash, must_change_pin: 0 };
}

/**
 * The second person must be someone else than the issuer and the PIN's owner, on a duty that answers for the PPE
 * (CONFIRMER_ROLES), holding a PIN of their own choosing — one just issued by the issuer vouches for nothing —
 * and must prove it with that PIN, under the same lock-out as a sign-in.
 */
async function checkConfirmer(ctx: CoreContext, actor: Actor, target: StaffAuthRow, confirmation: PinConfirmation): Promise<StaffAuthRow> {
  const confirmer = findStaff(ctx.db, confirmation.staffId);
  const reason =
    confirmer.id === actor.staffId
      ? 'confirmer_is_issuer'
      : confirmer.id === target.id
        ? 'confirmer_is_owner'
        : !CONFIRMER_ROLES.includes(roleOfTheDay(ctx.db, confirmer.id, ctx.clock.now())?.roleCode ?? 0)
          ? 'confirmer_role'
          : confirmer.must_change_pin
            ? 'confirmer_pin_not_own'
            : null;
  if (reason) {
    refusePin(ctx, actor, target, reason, confirmer);
    throw new AppError('PIN_CONFIRMER_INVALID', { reason });
  }
  return checkPin(ctx, confirmer.id, confirmation.pin);
}

/**
 * Whose PIN needs a second person: anyone who is the PPE head or a GEK member by their staff record or by any
 * assignment, on any day — the head of next week's exam is worth taking over today, when they are an organiser.
 */
function isGuarded(ctx: CoreContext, target: StaffAuthRow): boolean {
  if (GUARDED_ROLES.includes(target.role_code)) return true;
  const roles = ctx.db
    .prepare<[number], { role_code: number }>('SELECT DISTINCT role_code FROM staff_assignment WHERE staff_id = ?')
    .all(target.id);
  return roles.some((r) => GUARDED_ROLES.includes(r.role_code));
}

function refusePin(ctx: CoreContext, actor: Actor, target: StaffAuthRow, reason: string, confirmer: StaffAuthRow | null): void {
  recordAct(ctx, actor, 'staff.pin_refused', { staffId: target.id, staffName: fullName(target), reason, confirmerId: confirmer?.id ?? null });
}

/** A PIN that may be issued or chosen: 4–8 digits and not one anyone would guess early. */
function assertIssuablePin(pin: string): void {
  if (!PIN_PATTERN.test(pin)) throw new AppError('PIN_FORMAT');
  if (isTrivialPin(pin)) throw new AppError('PIN_TOO_SIMPLE');
}
