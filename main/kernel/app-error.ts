import { errorCatalog, type AppErrorPayload, type ErrorCode, type ErrorParams, type ErrorParamsOf } from '../ipc/errors';

/** `new AppError('PIN_FORMAT')` for a code without params; `new AppError('PIN_WRONG', { attemptsLeft })` otherwise. */
export type AppErrorArgs<C extends ErrorCode> = Record<never, never> extends ErrorParamsOf<C> ? [params?: ErrorParamsOf<C>] : [params: ErrorParamsOf<C>];

/**
 * Tests (and a developer who sets PPE_CHECK_ERRORS=1) refuse params that do not match the code's catalog entry:
 * the type system catches most of it, this catches values (an instant that is not ISO, a reason not listed). In
 * the field a person still gets the error main meant, params as given.
 */
const CHECK_PARAMS = typeof process !== 'undefined' && (process.env.VITEST !== undefined || process.env.PPE_CHECK_ERRORS === '1');

/** An error a person can meet. It travels to the renderer as {code, params}; the message catalog words it. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly params: ErrorParams;

  constructor(
    readonly code: C,
    ...[params]: AppErrorArgs<C>
  ) {
    const given = (params ?? {}) as ErrorParams;
    super(`${code} ${JSON.stringify(given)}`);
    this.name = 'AppError';
    this.params = given;
    if (CHECK_PARAMS) {
      const checked = errorCatalog[code].params.safeParse(given);
      if (!checked.success) throw new Error(`AppError ${code}: params do not match errorCatalog: ${checked.error.message}`);
    }
  }

  toPayload(): AppErrorPayload {
    return { code: this.code, params: this.params };
  }
}

/**
 * A {code, params} kept inside data (a copy's problem, a queued item's last error), typed and checked like an
 * AppError: `errorPayload('DRIVE_COPY_FILE_MISSING', { path, others: 0 })` rather than a hand-written literal.
 */
export function errorPayload<C extends ErrorCode>(code: C, ...params: AppErrorArgs<C>): AppErrorPayload {
  return new AppError(code, ...params).toPayload();
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
