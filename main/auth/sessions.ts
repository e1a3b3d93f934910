import type { Clock } from '../kernel/clock';
import type { Permission } from '../ipc/dto';
import type { Duty } from './role-of-the-day';

export interface SessionStaff {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string;
  roleCode: number;
}

export interface Session {
  key: string;
  /** staff.roleCode is the role of the day, re-evaluated on every call (AuthService.current). */
  staff: SessionStaff;
  permissions: Permission[];
  /** The day's assignments behind the role; they scope which participants the session sees. */
  duties: Duty[];
  signedInAt: Date;
  lastActivity: Date;
  locked: boolean;
}

/**
 * Signed-in people, one per window (Electron) or per bridge connection. Kept in memory on purpose: a restart of
 * the application signs everybody out, which is the safe default for a shared headquarters computer.
 * An idle session locks itself; the check is made on every access, so no timer is needed for correctness.
 * Only a person's own doing counts as activity (touch): the heartbeat the renderer sends on real input, signing in
 * and unlocking — never the reads screens make by themselves, or a walked-away screen would never lock.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    readonly idleLockSeconds: number,
  ) {}

  start(key: string, staff: SessionStaff, permissions: Permission[], duties: Duty[] = []): Session {
    const now = this.clock.now();
    const session: Session = { key, staff, permissions, duties, signedInAt: now, lastActivity: now, locked: false };
    this.sessions.set(key, session);
    return session;
  }

  /** The session as it stands now; an idle one is locked on the way. Returns whether it just became locked. */
  get(key: string): { session: Session | undefined; justLocked: boolean } {
    const session = this.sessions.get(key);
    if (!session || session.locked) return { session, justLocked: false };
    const idleMs = this.clock.now().getTime() - session.lastActivity.getTime();
    if (idleMs >= this.idleLockSeconds * 1000) {
      session.locked = true;
      return { session, justLocked: true };
    }
    return { session, justLocked: false };
  }

  touch(key: string): void {
    const session = this.sessions.get(key);
    if (session && !session.locked) session.lastActivity = this.clock.now();
  }

  /** The «Заблокировать» button: locks at once, as if the idle time had run out. */
  lock(key: string): Session | undefined {
    const session = this.sessions.get(key);
    if (session) session.locked = true;
    return session;
  }

  unlock(key: string): void {
    const session = this.sessions.get(key);
    if (session) {
      session.locked = false;
      session.lastActivity = this.clock.now();
    }
  }

  end(key: string): Session | undefined {
    const session = this.sessions.get(key);
    this.sessions.delete(key);
    return session;
  }

  /** The session as last seen, without the idle check (and so without locking it on the way). */
  peek(key: string): Session | undefined {
    return this.sessions.get(key);
  }

  keys(): string[] {
    return [...this.sessions.keys()];
  }
}
