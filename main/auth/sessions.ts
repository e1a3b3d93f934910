import type { Clock } from '../core/clock';
import type { Permission } from '../ipc/dto';

export interface SessionStaff {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string;
  roleCode: number;
}

export interface Session {
  key: string;
  staff: SessionStaff;
  permissions: Permission[];
  signedInAt: Date;
  lastActivity: Date;
  locked: boolean;
}

/**
 * Signed-in people, one per window (Electron) or per bridge connection. Kept in memory on purpose: a restart of
 * the application signs everybody out, which is the safe default for a shared headquarters computer.
 * An idle session locks itself; the check is made on every access, so no timer is needed for correctness.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    readonly idleLockSeconds: number,
  ) {}

  start(key: string, staff: SessionStaff, permissions: Permission[]): Session {
    const now = this.clock.now();
    const session: Session = { key, staff, permissions, signedInAt: now, lastActivity: now, locked: false };
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

  keys(): string[] {
    return [...this.sessions.keys()];
  }
}
