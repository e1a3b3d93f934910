import { AppError } from '../core/app-error';
import { inTransaction } from '../db/open-database';
import { record, SYSTEM_ACTOR, type Actor, type CoreContext } from '../core/context';
import type { Permission, SessionState, SignInStaff } from '../ipc/dto';
import { participantScopeOf, permissionsOf, type ParticipantScope } from './permissions';
import { roleOfTheDay, rolesOfTheDay, type RoleOfTheDay } from './role-of-the-day';
import { hashPin, PIN_PATTERN, verifyPin } from './pin-hash';
import { CONFIRMER_ROLES, GUARDED_ROLES, isTrivialPin } from './pin-policy';
import type { Session, SessionStore } from './sessions';

export const MAX_PIN_ATTEMPTS = 5;
/** A refused call is journaled at most once a minute per session and channel. */
const FORBIDDEN_JOURNAL_MS = 60_000;
export const LOCKOUT_MINUTES = 5;

interface StaffAuthRow {
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

/** The second person confirming a PIN for the PPE head or a GEK member, with their own PIN. */
export interface PinConfirmation {
  staffId: number;
  pin: string;
}

export function actorOf(session: Session): Actor {
  const s = session.staff;
  return { staffId: s.id, name: `${s.lastName} ${s.firstName} ${s.middleName}`.trim(), roleCode: s.roleCode };
}

export function sessionState(session: Session | undefined, idleLockSeconds: number): SessionState {
  if (!session) return { state: 'signedOut' };
  const { id, lastName, firstName, middleName, roleCode } = session.staff;
  return {
    state: session.locked ? 'locked' : 'active',
    staff: { id, lastName, firstName, middleName, roleCode },
    permissions: session.permissions,
    duties: session.duties,
    idleLockSeconds,
    signedInAt: session.signedInAt.toISOString(),
  };
}

/** Sign-in with a personal PIN, lock-out after repeated wrong PINs, idle lock and sign-out; all journaled. */
export class AuthService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly sessions: SessionStore,
  ) {}

  /**
   * The sign-in list: everyone with a duty today, under the role of the day. Lock-out states are shown only to a
   * caller who manages PINs (at the sign-in screen nobody is signed in, so nobody's lock-out is on show there; the
   * refusal itself tells the person concerned until when).
   */
  staffList(key: string): SignInStaff[] {
    const rows = this.ctx.db.prepare<[], StaffAuthRow>('SELECT * FROM staff').all();
    const now = this.ctx.clock.now();
    const roles = rolesOfTheDay(this.ctx.db, now);
    const caller = this.current(key);
    const showLockOuts = !!caller && !caller.locked && caller.permissions.includes('staff.managePins');
    const nowIso = now.toISOString();
    return rows
      .filter((r) => roles.has(r.id))
      .map((r) => ({
        id: r.id,
        lastName: r.last_name,
        firstName: r.first_name,
        middleName: r.middle_name,
        roleCode: roles.get(r.id)!,
        hasPin: r.pin_hash !== null,
        lockedUntil: showLockOuts && r.locked_until && r.locked_until > nowIso ? r.locked_until : null,
      }))
      .sort(
        (a, b) =>
          a.roleCode - b.roleCode || a.lastName.localeCompare(b.lastName, 'ru') || a.firstName.localeCompare(b.firstName, 'ru'),
      );
  }

  state(key: string): SessionState {
    return sessionState(this.current(key), this.sessions.idleLockSeconds);
  }

  /**
   * The person is here: postpones the idle lock. Called for the renderer's heartbeat (sent on real keyboard, pointer
   * and wheel input) and for actions only a person takes — never for the reads screens make by themselves.
   */
  touch(key: string): void {
    this.sessions.touch(key);
  }

  /** The caller's session as it stands now. An idle one locks on the way, and that is journaled and announced. */
  current(key: string): Session | undefined {
    const { session, justLocked } = this.sessions.get(key);
    if (justLocked && session) {
      this.recordIdleLock(session);
      this.publish(key);
    }
    return session ? this.withRoleOfTheDay(key, session) : undefined;
  }

  async signIn(key: string, staffId: number, pin: string): Promise<SessionState> {
    const row = await this.checkPin(staffId, pin);
    // A PIN someone else chose proves only that one knows it: it opens nothing until its owner sets their own.
    if (row.must_change_pin) throw new AppError('PIN_CHANGE_REQUIRED');
    return this.startSession(key, row);
  }

  /**
   * Replaces a PIN with a new one the person chooses, then signs them in. The way out of PIN_CHANGE_REQUIRED; also
   * open to anyone who knows their current PIN. The current PIN is checked under the same lock-out as a sign-in.
   */
  async changePin(key: string, staffId: number, pin: string, newPin: string): Promise<SessionState> {
    // The new PIN is judged first, so a typo in it costs none of the five tries.
    assertIssuablePin(newPin);
    if (newPin === pin) throw new AppError('PIN_UNCHANGED');
    const row = await this.checkPin(staffId, pin);
    const hash = await hashPin(newPin);
    inTransaction(this.ctx.db, () => {
      this.ctx.db.prepare('UPDATE staff SET pin_hash = ?, must_change_pin = 0 WHERE id = ?').run(hash, staffId);
      record(this.ctx, staffActor(row), 'auth.pinChanged', { issuedByOther: row.must_change_pin === 1 });
    });
    this.ctx.events.emit('all', 'data/changed', { topics: ['staff'] });
    return this.startSession(key, { ...row, pin_hash: hash, must_change_pin: 0 });
  }

  private startSession(key: string, row: StaffAuthRow): SessionState {
    const duty = this.dutyOf(row);
    const previous = this.sessions.end(key);
    const staff = { ...toSessionStaff(row), roleCode: duty.roleCode };
    const session = this.sessions.start(key, staff, permissionsOf(duty.roleCode), duty.duties);
    inTransaction(this.ctx.db, () => {
      if (previous) record(this.ctx, actorOf(previous), 'auth.signOut', { reason: 'another_signed_in' });
      record(this.ctx, actorOf(session), 'auth.signIn', {});
    });
    return this.publish(key);
  }

  async unlock(key: string, pin: string): Promise<SessionState> {
    const session = this.current(key);
    if (!session) throw new AppError('NOT_SIGNED_IN');
    let row: StaffAuthRow;
    try {
      row = await this.checkPin(session.staff.id, pin);
    } catch (e) {
      // Too many wrong PINs at the lock screen end the session: the next person must sign in afresh.
      if (e instanceof AppError && e.code === 'PIN_LOCKED_OUT') this.signOut(key, 'locked_out');
      throw e;
    }
    // The PIN was re-issued by someone else while this session was locked: whoever knows it must not inherit it.
    if (row.must_change_pin) {
      this.signOut(key, 'pin_reissued');
      throw new AppError('PIN_CHANGE_REQUIRED');
    }
    this.sessions.unlock(key);
    inTransaction(this.ctx.db, () => record(this.ctx, actorOf(session), 'auth.unlock', {}));
    return this.publish(key);
  }

  signOut(key: string, reason: 'user' | 'locked_out' | 'closed' | 'pin_reissued' | 'no_duty_today' = 'user'): SessionState {
    const session = this.sessions.end(key);
    if (session) inTransaction(this.ctx.db, () => record(this.ctx, actorOf(session), 'auth.signOut', { reason }));
    return this.publish(key);
  }

  /**
   * Issues a PIN. Whoever sets another person's PIN knows it, so: the PPE head's or a GEK member's PIN needs a second
   * person confirming with their own PIN, and any PIN set for someone else must be replaced by its owner at the next
   * sign-in (must_change_pin). A PIN one sets for oneself needs neither.
   */
  async setPin(actor: Actor, staffId: number, pin: string, confirmation: PinConfirmation | null = null): Promise<void> {
    assertIssuablePin(pin);
    const target = this.findStaff(staffId);
    const own = actor.staffId === target.id;
    let confirmer: StaffAuthRow | null = null;
    if (!own && this.isGuarded(target)) {
      if (!confirmation) {
        this.refusePin(actor, target, 'second_person_required', null);
        throw new AppError('PIN_SECOND_PERSON_REQUIRED');
      }
      confirmer = await this.checkConfirmer(actor, target, confirmation);
    }
    const hash = await hashPin(pin);
    inTransaction(this.ctx.db, () => {
      this.ctx.db
        .prepare(
          'UPDATE staff SET pin_hash = ?, failed_pin_attempts = 0, locked_until = NULL, must_change_pin = ? WHERE id = ?',
        )
        .run(hash, own ? 0 : 1, staffId);
      record(this.ctx, actor, 'staff.pinIssued', {
        staffId,
        staffName: fullName(target),
        mustChange: !own,
        confirmedBy: confirmer ? { staffId: confirmer.id, name: fullName(confirmer) } : null,
      });
    });
    this.ctx.events.emit('all', 'data/changed', { topics: ['staff', 'journal'] });
  }

  /**
   * The second person must be someone else than the issuer and the PIN's owner, on a duty that answers for the PPE
   * (CONFIRMER_ROLES), holding a PIN of their own choosing — one just issued by the issuer vouches for nothing —
   * and must prove it with that PIN, under the same lock-out as a sign-in.
   */
  private async checkConfirmer(actor: Actor, target: StaffAuthRow, confirmation: PinConfirmation): Promise<StaffAuthRow> {
    const confirmer = this.findStaff(confirmation.staffId);
    const reason =
      confirmer.id === actor.staffId
        ? 'confirmer_is_issuer'
        : confirmer.id === target.id
          ? 'confirmer_is_owner'
          : !CONFIRMER_ROLES.includes(roleOfTheDay(this.ctx.db, confirmer.id, this.ctx.clock.now())?.roleCode ?? 0)
            ? 'confirmer_role'
            : confirmer.must_change_pin
              ? 'confirmer_pin_not_own'
              : null;
    if (reason) {
      this.refusePin(actor, target, reason, confirmer);
      throw new AppError('PIN_CONFIRMER_INVALID', { reason });
    }
    return this.checkPin(confirmer.id, confirmation.pin);
  }

  /**
   * Whose PIN needs a second person: anyone who is the PPE head or a GEK member by their staff record or by any
   * assignment, on any day — the head of next week's exam is worth taking over today, when they are an organiser.
   */
  private isGuarded(target: StaffAuthRow): boolean {
    if (GUARDED_ROLES.includes(target.role_code)) return true;
    const roles = this.ctx.db
      .prepare<[number], { role_code: number }>('SELECT DISTINCT role_code FROM staff_assignment WHERE staff_id = ?')
      .all(target.id);
    return roles.some((r) => GUARDED_ROLES.includes(r.role_code));
  }

  private refusePin(actor: Actor, target: StaffAuthRow, reason: string, confirmer: StaffAuthRow | null): void {
    inTransaction(this.ctx.db, () =>
      record(this.ctx, actor, 'staff.pinRefused', {
        staffId: target.id,
        staffName: fullName(target),
        reason,
        confirmerId: confirmer?.id ?? null,
      }),
    );
    this.ctx.events.emit('all', 'data/changed', { topics: ['journal'] });
  }

  /** Locks idle sessions now and tells their windows; called by a timer so a walked-away screen goes dark. */
  sweepIdle(): void {
    for (const key of this.sessions.keys()) this.current(key);
  }

  /** The «Заблокировать» button: the screen goes dark now; the same person unlocks with the PIN. */
  lock(key: string): SessionState {
    const session = this.current(key);
    if (!session) throw new AppError('NOT_SIGNED_IN');
    if (!session.locked) {
      this.sessions.lock(key);
      inTransaction(this.ctx.db, () => record(this.ctx, actorOf(session), 'auth.lock', {}));
    }
    return this.publish(key);
  }

  /** Which participants the caller may see today (see permissions.ts); none for a caller without a session. */
  participantScope(key: string): ParticipantScope {
    const session = this.current(key);
    if (!session || session.locked) return { kind: 'duties', exams: new Map() };
    return participantScopeOf(session.staff.roleCode, session.duties);
  }

  /** True when the caller's role of the day holds the permission. */
  can(key: string, permission: Permission): boolean {
    const session = this.current(key);
    return !!session && !session.locked && session.permissions.includes(permission);
  }

  /**
   * Journals a refused call (FORBIDDEN): someone asked for what their duty does not cover. Once per session and
   * channel a minute, so a screen retrying on its timer does not flood the journal.
   */
  noteForbidden(key: string, channel: string, params: Record<string, unknown>): void {
    const now = this.ctx.clock.now().getTime();
    const mark = `${key}\u0000${channel}`;
    const last = this.forbiddenNoted.get(mark);
    if (last !== undefined && now - last < FORBIDDEN_JOURNAL_MS) return;
    for (const [k, at] of this.forbiddenNoted) if (now - at >= FORBIDDEN_JOURNAL_MS) this.forbiddenNoted.delete(k);
    this.forbiddenNoted.set(mark, now);
    const session = this.sessions.get(key).session;
    try {
      inTransaction(this.ctx.db, () =>
        record(this.ctx, session ? actorOf(session) : SYSTEM_ACTOR, 'auth.forbidden', { channel, ...params }),
      );
    } catch {
      // The caller is refused either way; a journal that cannot be written now is reported by its own check.
      return;
    }
    this.ctx.events.emit('all', 'data/changed', { topics: ['journal'] });
  }

  private readonly forbiddenNoted = new Map<string, number>();

  /** The role of the day for a person about to be signed in; a person with no duty today is refused. */
  private dutyOf(row: StaffAuthRow): RoleOfTheDay {
    const duty = roleOfTheDay(this.ctx.db, row.id, this.ctx.clock.now());
    if (!duty) {
      inTransaction(this.ctx.db, () =>
        record(this.ctx, SYSTEM_ACTOR, 'auth.noDutyToday', { staffId: row.id, staffName: fullName(row) }),
      );
      this.ctx.events.emit('all', 'data/changed', { topics: ['journal'] });
      throw new AppError('NO_DUTY_TODAY');
    }
    return duty;
  }

  /**
   * Roles belong to exam days, so a session's role is re-read on every call: past the PPE's midnight, or after a
   * new version of today's bundle, the next call already runs under the new day's role (and the window is told).
   * A person left with no duty at all is signed out.
   */
  private withRoleOfTheDay(key: string, session: Session): Session | undefined {
    const duty = roleOfTheDay(this.ctx.db, session.staff.id, this.ctx.clock.now());
    if (!duty) {
      this.signOut(key, 'no_duty_today');
      return undefined;
    }
    const permissions = permissionsOf(duty.roleCode);
    const sameDuties = JSON.stringify(duty.duties) === JSON.stringify(session.duties);
    if (duty.roleCode === session.staff.roleCode && sameDuties) return session;
    const from = session.staff.roleCode;
    session.staff = { ...session.staff, roleCode: duty.roleCode };
    session.permissions = permissions;
    session.duties = duty.duties;
    if (from !== duty.roleCode) {
      inTransaction(this.ctx.db, () =>
        record(this.ctx, actorOf(session), 'auth.roleOfTheDay', { from, to: duty.roleCode, date: duty.date }),
      );
    }
    this.publish(key);
    return session;
  }

  private recordIdleLock(session: Session): void {
    inTransaction(this.ctx.db, () =>
      record(this.ctx, actorOf(session), 'auth.idleLock', { idleSeconds: this.sessions.idleLockSeconds }),
    );
  }

  private publish(key: string): SessionState {
    const state = sessionState(this.sessions.get(key).session, this.sessions.idleLockSeconds);
    this.ctx.events.emit({ sessionKey: key }, 'session/changed', state);
    this.ctx.events.emit('all', 'data/changed', { topics: ['journal'] });
    return state;
  }

  private findStaff(staffId: number): StaffAuthRow {
    const row = this.ctx.db.prepare<[number], StaffAuthRow>('SELECT * FROM staff WHERE id = ?').get(staffId);
    if (!row) throw new AppError('STAFF_NOT_FOUND', { staffId });
    return row;
  }

  /**
   * Verifies a PIN, counting failures in the database so a restart does not reset a lock-out. The lock-out check and
   * the count are one IMMEDIATE transaction made BEFORE the slow hash: each attempt first reserves one of the five
   * tries, so a burst of parallel attempts cannot all pass the check while their hashes run — the sixth and later
   * are refused without hashing. A right PIN gives the count back (resets it, the owner is here); a wrong one keeps
   * its reservation.
   */
  private async checkPin(staffId: number, pin: string): Promise<StaffAuthRow> {
    const db = this.ctx.db;
    const reserved = inTransaction(db, () => this.reserveAttempt(staffId));
    if ('refused' in reserved) {
      this.ctx.events.emit('all', 'data/changed', { topics: ['journal'] });
      throw reserved.refused;
    }
    const { row, attempt, until } = reserved;
    const good = PIN_PATTERN.test(pin) && (await verifyPin(pin, row.pin_hash ?? ''));
    if (good) {
      inTransaction(db, () =>
        db.prepare('UPDATE staff SET failed_pin_attempts = 0, locked_until = NULL WHERE id = ?').run(staffId),
      );
      if (until || attempt > 1) this.ctx.events.emit('all', 'data/changed', { topics: ['staff'] });
      return row;
    }
    const failure = inTransaction(db, () => {
      const staffName = fullName(row);
      // The fifth try set the lock-out when it was reserved; it stands unless a right PIN has since lifted it.
      const stillLocked = until !== null && this.findStaff(staffId).locked_until === until;
      if (stillLocked) {
        record(this.ctx, SYSTEM_ACTOR, 'auth.lockedOut', { staffId, staffName, until, attempts: attempt });
        return new AppError('PIN_LOCKED_OUT', { until });
      }
      record(this.ctx, SYSTEM_ACTOR, 'auth.signInFailed', { staffId, staffName, attempt });
      const left = until === null ? MAX_PIN_ATTEMPTS - attempt : MAX_PIN_ATTEMPTS - this.findStaff(staffId).failed_pin_attempts;
      return new AppError('PIN_WRONG', { attemptsLeft: Math.max(1, left) });
    });
    this.ctx.events.emit('all', 'data/changed', { topics: ['staff', 'journal'] });
    throw failure;
  }

  /** The atomic step of checkPin; runs inside one IMMEDIATE transaction, so no other attempt interleaves. */
  private reserveAttempt(staffId: number): Reservation {
    const db = this.ctx.db;
    const row = this.findStaff(staffId);
    const now = this.ctx.clock.now();
    if (row.locked_until && new Date(row.locked_until) > now) {
      // Each refused attempt is an event of its own: a burst shows in the journal as what it was.
      record(this.ctx, SYSTEM_ACTOR, 'auth.signInRefused', {
        staffId,
        staffName: fullName(row),
        reason: 'locked_out',
        until: row.locked_until,
      });
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
}

/**
 * The lock-out ends on a whole minute, at least LOCKOUT_MINUTES from now: screens show it to the minute («до 08:06»),
 * and the refusal must end exactly then, not at 08:06:41.
 */
function lockOutEnd(now: Date): string {
  const earliest = now.getTime() + LOCKOUT_MINUTES * 60_000;
  return new Date(Math.ceil(earliest / 60_000) * 60_000).toISOString();
}

/** A PIN that may be issued or chosen: 4–8 digits and not one anyone would guess early. */
function assertIssuablePin(pin: string): void {
  if (!PIN_PATTERN.test(pin)) throw new AppError('PIN_FORMAT');
  if (isTrivialPin(pin)) throw new AppError('PIN_TOO_SIMPLE');
}

function staffActor(row: StaffAuthRow): Actor {
  return { staffId: row.id, name: fullName(row), roleCode: row.role_code };
}

function toSessionStaff(r: StaffAuthRow) {
  return { id: r.id, lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name, roleCode: r.role_code };
}

function fullName(r: Pick<StaffAuthRow, 'last_name' | 'first_name' | 'middle_name'>): string {
  return `${r.last_name} ${r.first_name} ${r.middle_name}`.trim();
}
