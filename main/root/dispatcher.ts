import type { z } from 'zod';
import { AppError, isAppError } from '../kernel/app-error';
import type { Actor } from '../kernel/context';
import type { Logger } from '../kernel/logger';
import { actorOf } from '../auth/auth-service';
import type { AuthService } from '../auth/auth-service';
import { invokeChannels, isInvokeChannel, type InvokeChannel, type ResponseOf, type Result } from '../ipc/contract';

export interface CallContext {
  sessionKey: string;
  /** The signed-in person, for channels that need a session; null on public channels called signed out. */
  actor: Actor | null;
}

type RequestData<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>;

export type Handlers = {
  [C in InvokeChannel]: (request: RequestData<C>, call: CallContext) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/**
 * The single entrance to main's services, shared by Electron's IPC and the bridge. Every call is checked in this
 * order: the channel exists, the caller's session and role allow it, the request matches its schema. Only then does
 * a handler run; whatever it returns is checked against the response schema, so the contract cannot drift.
 */
export class Dispatcher {
  constructor(
    private readonly handlers: Handlers,
    private readonly auth: AuthService,
    private readonly log: Logger,
  ) {}

  async dispatch(sessionKey: string, channel: unknown, request: unknown): Promise<Result<unknown>> {
    try {
      if (!isInvokeChannel(channel)) throw new AppError('UNKNOWN_CHANNEL', { channel: describe(channel) });
      const spec = invokeChannels[channel];
      // Who is calling comes before what they sent: a caller who may not use the channel learns nothing about
      // its request shape (a signed-out, locked or unpermitted caller never sees VALIDATION_FAILED).
      const actor = this.authorize(sessionKey, spec.access);
      const parsed = spec.request.safeParse(request ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError('VALIDATION_FAILED', { path: issue?.path.join('.') ?? '', detail: issue?.message ?? '' });
      }
      const handler = this.handlers[channel] as (req: unknown, call: CallContext) => unknown;
      const value = await handler(parsed.data, { sessionKey, actor });
      return { ok: true, value: spec.response.parse(value) };
    } catch (e) {
      // Asking for what one's duty does not cover is journaled (rate-limited), whether the role or the scope refused.
      if (isAppError(e) && e.code === 'FORBIDDEN') this.auth.noteForbidden(sessionKey, describe(channel), e.params);
      if (isAppError(e)) return { ok: false, error: e.toPayload() };
      this.log.error(`channel ${describe(channel)} failed`, e);
      return { ok: false, error: { code: 'INTERNAL', params: {} } };
    }
  }

  private authorize(sessionKey: string, access: (typeof invokeChannels)[InvokeChannel]['access']): Actor | null {
    const session = this.auth.current(sessionKey);
    if (access === 'public') return session && !session.locked ? actorOf(session) : null;
    if (!session) throw new AppError('NOT_SIGNED_IN');
    if (access === 'locked') return actorOf(session);
    if (session.locked) throw new AppError('SESSION_LOCKED');
    if (access !== 'session' && !session.permissions.includes(access)) {
      throw new AppError('FORBIDDEN', { permission: access });
    }
    // No touch here: a call is not a person. Screens read on timers; only the heartbeat (real input) and the
    // actions only a person takes keep a session open (see AuthService.touch).
    return actorOf(session);
  }
}

/** A caller-supplied channel name for messages; never throws, whatever arrived (an object without a prototype…). */
function describe(channel: unknown): string {
  return typeof channel === 'string' ? channel.slice(0, 80) : `(${channel === null ? 'null' : typeof channel})`;
}
