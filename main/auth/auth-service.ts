import { AppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type Actor, type CoreContext } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import type { Permission, SessionState, SignInStaff } from '../ipc/dto';
import { participantScopeOf, permissionsOf, type ParticipantScope } from './permissions';
import { readSetupState } from '../ppe/ppe-config';
import { roleOfTheDay, rolesOfTheDay, type RoleOfTheDay } from './role-of-the-day';
import { checkPin, fullName, type StaffAuthRow } from './pin-attempts';
import { changeOwnPin, issuePin, type PinConfirmation } from './pin-issuance';
import type { Session, SessionStore } from './sessions';

export { LOCKOUT_MINUTES, MAX_PIN_ATTEMPTS } from './pin-attempts';
/** A refused call is journaled at most once a minute per session and channel. */
const FORBIDDEN_JOURNAL_MS = 60_000;

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
    // Nobody works at a station that is not set up yet: the sign-in list is empty rather than an error.
    if (readSetupState(this.ctx.db) === 'notSetUp') return [];
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
    const row = await checkPin(this.ctx, staffId, pin);
    // A PIN someone else chose proves only that one knows it: it opens nothing until its owner sets their own.
    if (row.must_change_pin) throw new AppError('PIN_CHANGE_REQUIRED');
    return this.startSession(key, row);
  }

  /**
   * Replaces a PIN with a new one the person chooses, then signs them in. The way out of PIN_CHANGE_REQUIRED; also
   * open to anyone who knows their current PIN. The current PIN is checked under the same lock-out as a sign-in.
   */
  async changePin(key: string, staffId: number, pin: string, newPin: string): Promise<SessionState> {
    return this.startSession(key, await changeOwnPin(this.ctx, staffId, pin, newPin));
  }

  private startSession(key: string, row: StaffAuthRow): SessionState {
    const duty = this.dutyOf(row);
    const previous = this.sessions.end(key);
    const staff = { ...toSessionStaff(row), roleCode: duty.roleCode };
    const session = this.sessions.start(key, staff, permissionsOf(duty.roleCode), duty.duties);
    act(this.ctx, actorOf(session), (work) => {
      if (previous) work.record('auth.sign_out', { reason: 'another_signed_in' }, actorOf(previous));
      work.record('auth.sign_in', {});
    });
    return this.publish(key);
  }

  async unlock(key: string, pin: string): Promise<SessionState> {
    const session = this.current(key);
    if (!session) throw new AppError('NOT_SIGNED_IN');
    let row: StaffAuthRow;
    try {
      row = await checkPin(this.ctx, session.staff.id, pin);
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
    recordAct(this.ctx, actorOf(session), 'auth.unlock', {});
    return this.publish(key);
  }

  signOut(key: string, reason: 'user' | 'locked_out' | 'closed' | 'pin_reissued' | 'no_duty_today' = 'user'): SessionState {
    const session = this.sessions.end(key);
    if (session) recordAct(this.ctx, actorOf(session), 'auth.sign_out', { reason });
    return this.publish(key);
  }

  /** Issues a PIN (pin-issuance.ts: a second person for the head and GEK members; the owner replaces it). */
  setPin(actor: Actor, staffId: number, pin: string, confirmation: PinConfirmation | null = null): Promise<void> {
    return issuePin(this.ctx, actor, staffId, pin, confirmation);
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
      recordAct(this.ctx, actorOf(session), 'auth.lock', {});
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
   * Whether the session, as it stood at its last call, is signed in, unlocked and holds the permission. For event
   * delivery: it changes nothing (no idle lock, no role re-read), so it is safe inside an event listener; an idle
   * session is locked by the sweep within seconds, and a locked one receives nothing but its own session events.
   */
  holds(key: string, permission: Permission): boolean {
    const session = this.sessions.peek(key);
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
      recordAct(this.ctx, session ? actorOf(session) : SYSTEM_ACTOR, 'auth.forbidden', { channel, ...params });
    } catch {
      // The caller is refused either way; a journal that cannot be written now is reported by its own check.
    }
  }

  private readonly forbiddenNoted = new Map<string, number>();

  /** The role of the day for a person about to be signed in; a person with no duty today is refused. */
  private dutyOf(row: StaffAuthRow): RoleOfTheDay {
    const duty = roleOfTheDay(this.ctx.db, row.id, this.ctx.clock.now());
    if (!duty) {
      recordAct(this.ctx, SYSTEM_ACTOR, 'auth.no_duty_today', { staffId: row.id, staffName: fullName(row) });
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
      recordAct(this.ctx, actorOf(session), 'auth.role_of_the_day', { from, to: duty.roleCode, date: duty.date });
    }
    this.publish(key);
    return session;
  }

  private recordIdleLock(session: Session): void {
    recordAct(this.ctx, actorOf(session), 'auth.idle_lock', { idleSeconds: this.sessions.idleLockSeconds });
  }

  /** Tells the session's own window; what the act wrote was announced by its unit of work. */
  private publish(key: string): SessionState {
    const state = sessionState(this.sessions.get(key).session, this.sessions.idleLockSeconds);
    this.ctx.events.emit({ sessionKey: key }, 'session/changed', state);
    return state;
  }
}

function toSessionStaff(r: StaffAuthRow) {
  return { id: r.id, lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name, roleCode: r.role_code };
}
