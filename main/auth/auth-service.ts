import { AppError } from '../core/app-error';
import { inTransaction } from '../db/open-database';
import { record, SYSTEM_ACTOR, type Actor, type CoreContext } from '../core/context';
import type { SessionState, SignInStaff } from '../ipc/dto';
import { permissionsOf } from './permissions';
import { hashPin, PIN_PATTERN, verifyPin } from './pin-hash';
import type { Session, SessionStore } from './sessions';

export const MAX_PIN_ATTEMPTS = 5;
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

  staffList(): SignInStaff[] {
    const rows = this.ctx.db
      .prepare<[], StaffAuthRow>('SELECT * FROM staff ORDER BY role_code, last_name, first_name')
      .all();
    const now = this.ctx.clock.now().toISOString();
    return rows.map((r) => ({
      id: r.id,
      lastName: r.last_name,
      firstName: r.first_name,
      middleName: r.middle_name,
      roleCode: r.role_code,
      hasPin: r.pin_hash !== null,
      lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until : null,
    }));
  }

  state(key: string): SessionState {
    return sessionState(this.current(key), this.sessions.idleLockSeconds);
  }

  /** Any call or heartbeat from an unlocked session counts as activity and postpones the idle lock. */
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
    return session;
  }

  async signIn(key: string, staffId: number, pin: string): Promise<SessionState> {
    const row = await this.checkPin(staffId, pin);
    const previous = this.sessions.end(key);
    const session = this.sessions.start(key, toSessionStaff(row), permissionsOf(row.role_code));
    inTransaction(this.ctx.db, () => {
      if (previous) record(this.ctx, actorOf(previous), 'auth.signOut', { reason: 'another_signed_in' });
      record(this.ctx, actorOf(session), 'auth.signIn', {});
    });
    return this.publish(key);
  }

  async unlock(key: string, pin: string): Promise<SessionState> {
    const session = this.current(key);
    if (!session) throw new AppError('NOT_SIGNED_IN');
    try {
      await this.checkPin(session.staff.id, pin);
    } catch (e) {
      // Too many wrong PINs at the lock screen end the session: the next person must sign in afresh.
      if (e instanceof AppError && e.code === 'PIN_LOCKED_OUT') this.signOut(key, 'locked_out');
      throw e;
    }
    this.sessions.unlock(key);
    inTransaction(this.ctx.db, () => record(this.ctx, actorOf(session), 'auth.unlock', {}));
    return this.publish(key);
  }

  signOut(key: string, reason: 'user' | 'locked_out' | 'closed' = 'user'): SessionState {
    const session = this.sessions.end(key);
    if (session) inTransaction(this.ctx.db, () => record(this.ctx, actorOf(session), 'auth.signOut', { reason }));
    return this.publish(key);
  }

  async setPin(actor: Actor, staffId: number, pin: string): Promise<void> {
    if (!PIN_PATTERN.test(pin)) throw new AppError('PIN_FORMAT');
    const target = this.findStaff(staffId);
    const hash = await hashPin(pin);
    inTransaction(this.ctx.db, () => {
      this.ctx.db
        .prepare('UPDATE staff SET pin_hash = ?, failed_pin_attempts = 0, locked_until = NULL WHERE id = ?')
        .run(hash, staffId);
      record(this.ctx, actor, 'staff.pinIssued', { staffId, staffName: fullName(target) });
    });
    this.ctx.events.emit('all', 'data/changed', { topics: ['staff'] });
  }

  /** Locks idle sessions now and tells their windows; called by a timer so a walked-away screen goes dark. */
  sweepIdle(): void {
    for (const key of this.sessions.keys()) this.current(key);
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

  /** Verifies a PIN, counting failures in the database so a restart does not reset a lock-out. */
  private async checkPin(staffId: number, pin: string): Promise<StaffAuthRow> {
    const row = this.findStaff(staffId);
    const now = this.ctx.clock.now();
    if (row.locked_until && new Date(row.locked_until) > now) {
      throw new AppError('PIN_LOCKED_OUT', { until: row.locked_until });
    }
    if (!row.pin_hash) throw new AppError('PIN_NOT_SET', { name: fullName(row) });
    const good = PIN_PATTERN.test(pin) && (await verifyPin(pin, row.pin_hash));
    const db = this.ctx.db;
    if (good) {
      if (row.failed_pin_attempts > 0 || row.locked_until) {
        inTransaction(db, () =>
          db.prepare('UPDATE staff SET failed_pin_attempts = 0, locked_until = NULL WHERE id = ?').run(staffId),
        );
      }
      return row;
    }
    const failure = inTransaction(db, () => {
      const attempts =
        (db.prepare<[number], { n: number }>('SELECT failed_pin_attempts AS n FROM staff WHERE id = ?').get(staffId)?.n ??
          0) + 1;
      const target: Actor = { staffId: row.id, name: fullName(row), roleCode: row.role_code };
      if (attempts >= MAX_PIN_ATTEMPTS) {
        const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
        db.prepare('UPDATE staff SET failed_pin_attempts = 0, locked_until = ? WHERE id = ?').run(until, staffId);
        record(this.ctx, SYSTEM_ACTOR, 'auth.lockedOut', { staffId, staffName: target.name, until, attempts });
        return new AppError('PIN_LOCKED_OUT', { until });
      }
      db.prepare('UPDATE staff SET failed_pin_attempts = ? WHERE id = ?').run(attempts, staffId);
      record(this.ctx, SYSTEM_ACTOR, 'auth.signInFailed', { staffId, staffName: target.name, attempt: attempts });
      return new AppError('PIN_WRONG', { attemptsLeft: MAX_PIN_ATTEMPTS - attempts });
    });
    this.ctx.events.emit('all', 'data/changed', { topics: ['staff', 'journal'] });
    throw failure;
  }
}

function toSessionStaff(r: StaffAuthRow) {
  return { id: r.id, lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name, roleCode: r.role_code };
}

function fullName(r: Pick<StaffAuthRow, 'last_name' | 'first_name' | 'middle_name'>): string {
  return `${r.last_name} ${r.first_name} ${r.middle_name}`.trim();
}
