import type { AppErrorPayload, ErrorCode, ErrorParams } from '../ipc/errors';

/** An error a person can meet. It travels to the renderer as {code, params}; the message catalog words it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'AppError';
  }

  toPayload(): AppErrorPayload {
    return { code: this.code, params: this.params };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
