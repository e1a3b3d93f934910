import type { I18n } from '../../i18n/i18n-types';

/** 'ECDSA-P256-SHA256' → «ECDSA P-256», 'GOST3410-2012-256' → «ГОСТ Р 34.10-2012»; no algorithm: no signing key. */
export function algorithmWords(i18n: I18n, algorithms: readonly string[]): string {
  if (algorithms.length === 0) return i18n.t('tokens.algorithm.none');
  return algorithms.map((a) => (a.startsWith('GOST') ? 'ГОСТ Р 34.10-2012' : a.startsWith('ECDSA-P256') ? 'ECDSA P-256' : a)).join(', ');
}
