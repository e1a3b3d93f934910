// Typed states a person can meet with the GEK member's token. The code is for main's message catalog; the Russian
// message is a fallback that already says what to do, because native/ cannot see the catalog (as drive-error.ts).

export type TokenErrorCode =
  | 'LIBRARY_MISSING'
  | 'LIBRARY_INVALID'
  | 'NO_TOKEN'
  | 'PIN_INCORRECT'
  | 'PIN_LOCKED'
  | 'PIN_NOT_SET'
  | 'NOT_LOGGED_IN'
  | 'REMOVED'
  | 'NO_KEY'
  | 'NO_MECHANISM'
  | 'TIMEOUT'
  | 'FAILED';

/**
 * What the token says about the PIN tries left. PKCS#11 has no counter, only two flags: CKF_USER_PIN_COUNT_LOW ("an
 * incorrect PIN was entered at least once since the last success") and CKF_USER_PIN_FINAL_TRY ("one more wrong PIN
 * locks it"). A token that sets neither says nothing (`unknown`). A number needs a vendor extension (Rutoken's
 * C_EX_GetTokenInfoExtended), not read yet.
 */
export type PinTriesLeft = 'unknown' | 'few' | 'last';

const MESSAGES: Record<TokenErrorCode, string> = {
  LIBRARY_MISSING:
    'Не найдена библиотека PKCS#11 токена. Установите драйвер токена (Рутокен, JaCarta) или укажите путь к библиотеке в настройках.',
  LIBRARY_INVALID:
    'Указанный файл не является библиотекой PKCS#11 или не загружается. Проверьте путь в настройках и переустановите драйвер токена.',
  NO_TOKEN: 'Токен не найден. Вставьте токен члена ГЭК и повторите.',
  PIN_INCORRECT: 'Неверный PIN-код токена. Проверьте раскладку и Caps Lock и введите PIN ещё раз.',
  PIN_LOCKED:
    'PIN-код токена заблокирован после неверных попыток. Токен может разблокировать только администратор токена (PIN администратора).',
  PIN_NOT_SET: 'На токене не задан PIN пользователя. Токен нужно подготовить заново.',
  NOT_LOGGED_IN: 'Сначала введите PIN-код токена.',
  REMOVED: 'Токен извлечён во время работы. Вставьте его снова и повторите действие.',
  NO_KEY: 'На токене нет ключа подписи. Возьмите токен с ключом члена ГЭК.',
  NO_MECHANISM:
    'Токен не поддерживает ни один известный приложению алгоритм подписи (ГОСТ Р 34.10-2012 или ECDSA P-256).',
  TIMEOUT:
    'Токен не отвечает. Извлеките и вставьте токен и повторите; если не помогло — перезапустите приложение.',
  FAILED: 'Ошибка работы с токеном. Извлеките и вставьте токен и повторите действие.',
};

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    /** The PKCS#11 return value it came from (CKR_PIN_INCORRECT, ...) or the loader's reason, for the log and hotline. */
    readonly detail: string | null = null,
    /** Only for PIN_INCORRECT: what the token said about the tries left after this refusal. */
    readonly pinTriesLeft: PinTriesLeft | null = null,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code] + pinSuffix(pinTriesLeft), options);
    this.name = 'TokenError';
  }
}

function pinSuffix(left: PinTriesLeft | null): string {
  if (left === 'last') return ' Осталась последняя попытка: следующий неверный PIN заблокирует токен.';
  if (left === 'few') return ' Число попыток ограничено: после нескольких неверных PIN токен заблокируется.';
  return '';
}

/** The CKR_* name of a pkcs11js error (it puts "CKR_PIN_INCORRECT" in .message), or null for any other error. */
export function ckrOf(e: unknown): string | null {
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string') {
    const m = /^(CKR_[A-Z0-9_]+)/.exec(e.message);
    if (m) return m[1] ?? null;
  }
  return null;
}

/** Return values that mean the token (or its reader) is no longer there, whatever call met them. */
export const GONE_CKR = new Set([
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_TOKEN_NOT_RECOGNIZED',
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'CKR_SLOT_ID_INVALID',
  'CKR_DEVICE_ERROR',
]);

/** Maps a thrown value to a TokenError by its CKR_* name. The caller decides about REMOVED for other failures. */
export function toTokenError(e: unknown, pinTriesLeft: PinTriesLeft | null = null): TokenError {
  if (e instanceof TokenError) return e;
  const ckr = ckrOf(e);
  const make = (code: TokenErrorCode, left: PinTriesLeft | null = null) => new TokenError(code, ckr, left, { cause: e });
  if (ckr === null) return new TokenError('FAILED', e instanceof Error ? e.message : String(e), null, { cause: e });
  if (GONE_CKR.has(ckr)) return make('REMOVED');
  switch (ckr) {
    case 'CKR_PIN_INCORRECT':
    case 'CKR_PIN_INVALID':
    case 'CKR_PIN_LEN_RANGE':
      return make('PIN_INCORRECT', pinTriesLeft ?? 'unknown');
    case 'CKR_PIN_LOCKED':
      return make('PIN_LOCKED');
    case 'CKR_USER_PIN_NOT_INITIALIZED':
      return make('PIN_NOT_SET');
    case 'CKR_USER_NOT_LOGGED_IN':
      return make('NOT_LOGGED_IN');
    case 'CKR_MECHANISM_INVALID':
      return make('NO_MECHANISM');
    default:
      return make('FAILED');
  }
}
