import { describe, expect, it } from 'vitest';
import { TokenError, type TokenErrorCode } from '../../native/token/token-error';
import { toAppError } from '../../main/tokens/token-problem';
import { message } from '../../renderer/i18n/catalog';

// Every state of the token layer becomes an error code whose Russian message says what to do (main/tokens).
// Hung libraries and locked tokens cannot be produced on SoftHSM (tests/integration/token-softhsm.test.ts): their
// mapping is checked here.

const at = { libraryPath: '/usr/lib/librtpkcs11ecp.so', pinTriesLeft: 7 };

describe('token states → app errors', () => {
  it.each<[TokenErrorCode, string]>([
    ['LIBRARY_MISSING', 'TOKEN_LIBRARY_MISSING'],
    ['LIBRARY_INVALID', 'TOKEN_LIBRARY_INVALID'],
    ['TIMEOUT', 'TOKEN_TIMEOUT'],
    ['NO_TOKEN', 'TOKEN_NOT_INSERTED'],
    ['REMOVED', 'TOKEN_REMOVED'],
    ['PIN_INCORRECT', 'TOKEN_PIN_WRONG'],
    ['PIN_LOCKED', 'TOKEN_PIN_LOCKED'],
    ['PIN_NOT_SET', 'TOKEN_UNUSABLE'],
    ['NOT_LOGGED_IN', 'TOKEN_UNUSABLE'],
    ['NO_KEY', 'TOKEN_UNUSABLE'],
    ['NO_MECHANISM', 'TOKEN_UNUSABLE'],
    ['FAILED', 'TOKEN_UNUSABLE'],
  ])('%s → %s, worded in Russian', (state, code) => {
    const e = toAppError(new TokenError(state, 'CKR_X'), at);
    expect(e.code).toBe(code);
    const text = message('ru', `error.${e.code}` as Parameters<typeof message>[1], e.params as Record<string, string | number>);
    expect(text).toMatch(/[а-яё]/i);
    expect(text).not.toMatch(/[{}]/);
  });

  it('names the library path, or says none is installed', () => {
    expect(toAppError(new TokenError('LIBRARY_MISSING'), at).params).toEqual({ path: at.libraryPath });
    expect(toAppError(new TokenError('LIBRARY_MISSING'), { libraryPath: null }).code).toBe('TOKEN_LIBRARY_NOT_INSTALLED');
    expect(message('ru', 'error.TOKEN_LIBRARY_MISSING', { path: at.libraryPath })).toContain('/usr/lib/librtpkcs11ecp.so');
  });

  it('a wrong PIN says the tries this station counts, and 1 when the token says it is the last', () => {
    expect(toAppError(new TokenError('PIN_INCORRECT', null, 'few'), at).params).toEqual({ left: 7 });
    expect(toAppError(new TokenError('PIN_INCORRECT', null, 'last'), at).params).toEqual({ left: 1 });
    expect(message('ru', 'error.TOKEN_PIN_WRONG', { left: 1 })).toMatch(/^Неверный PIN токена\. Осталось попыток: 1\./);
    expect(message('ru', 'error.TOKEN_PIN_LOCKED')).toMatch(/^Токен заблокирован.*обратитесь/i);
  });

  it('anything else is TOKEN_UNUSABLE, never a crash', () => {
    expect(toAppError(new TypeError('boom'), at).code).toBe('TOKEN_UNUSABLE');
    expect(toAppError('??', at).code).toBe('TOKEN_UNUSABLE');
  });
});
