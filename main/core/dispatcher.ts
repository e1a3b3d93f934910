import type { z } from 'zod';
import { AppError, isAppError } from './app-error';
import type { Actor } from './context';
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

export interface Logger {
  error(message: string, detail?: unknown): void;
}

/**
 * The single entrance to main's services, shared by Electron's IPC and the bridge. Every call is checked in this
 * order: the channel exists, the request matches its schema, the caller's session and role allow it. Only then does
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
      if (!isInvokeChannel(channel)) throw new AppError('UNKNOWN_CHANNEL', { channel: String(channel).slice(0, 80) });
      const spec = invokeChannels[channel];
      const parsed = spec.request.safeParse(request ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError('VALIDATION_FAILED', { path: issue?.path.join('.') ?? '', detail: issue?.message ?? '' });
      }
      const actor = this.authorize(sessionKey, spec.access);
      const handler = this.handlers[channel] as (req: unknown, call: CallContext) => unknown;
      const value = await handler(parsed.data, { sessionKey, actor });
      return { ok: true, value: spec.response.parse(value) };
    } catch (e) {
      if (isAppError(e)) return { ok: false, error: e.toPayload() };
      this.log.error(`channel ${String(channel)} failed`, e);
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
    this.auth.touch(sessionKey);
    return actorOf(session);
  }
}
