import { AppError } from '../kernel/app-error';
import { TokenError } from '../../native/token/token';

// The token layer's typed states (native/token/token-error.ts) as the app's error codes, whose Russian messages say
// what to do (renderer/i18n). The PKCS#11 return value stays in the details, for the hotline; a PIN never appears in
// either (pkcs11js puts none in its messages, and nothing here adds one).

/** What the service counts of wrong PINs when the token says nothing more (Rutoken and JaCarta ship with 10 tries). */
export const ASSUMED_PIN_TRIES = 10;

export function toAppError(e: unknown, context: { libraryPath: string | null; pinTriesLeft?: number }): AppError {
  if (e instanceof AppError) return e;
  if (!(e instanceof TokenError)) {
    return new AppError('TOKEN_UNUSABLE', { state: 'FAILED', detail: e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200) });
  }
  const detail = e.detail ?? undefined;
  switch (e.code) {
    case 'LIBRARY_MISSING':
      return context.libraryPath === null ? new AppError('TOKEN_LIBRARY_NOT_INSTALLED') : new AppError('TOKEN_LIBRARY_MISSING', { path: context.libraryPath });
    case 'LIBRARY_INVALID':
      return new AppError('TOKEN_LIBRARY_INVALID', { path: context.libraryPath ?? '', detail: detail?.slice(0, 200) });
    case 'TIMEOUT':
      return new AppError('TOKEN_TIMEOUT', { detail });
    case 'NO_TOKEN':
      return new AppError('TOKEN_NOT_INSERTED');
    case 'REMOVED':
      return new AppError('TOKEN_REMOVED', { detail });
    case 'PIN_INCORRECT':
      return new AppError('TOKEN_PIN_WRONG', { left: e.pinTriesLeft === 'last' ? 1 : (context.pinTriesLeft ?? ASSUMED_PIN_TRIES - 1) });
    case 'PIN_LOCKED':
      return new AppError('TOKEN_PIN_LOCKED');
    default:
      // PIN_NOT_SET, NOT_LOGGED_IN, NO_KEY, NO_MECHANISM, FAILED: not a GEK member's usable token, or a fault in it.
      return new AppError('TOKEN_UNUSABLE', { state: e.code, detail });
  }
}
