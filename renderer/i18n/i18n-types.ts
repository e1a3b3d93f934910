import type { Locale, MessageKey, ParamsArg, ParamValue } from './catalog';

/**
 * The words of the chosen locale, as screens and the pure text modules (journal lines, error texts) use them. Kept
 * apart from i18n.tsx (the React provider, which touches document and localStorage) so that those modules and their
 * unit tests need no DOM.
 */
export interface I18n {
  locale: Locale;
  /** The BCP 47 tag for Intl formatters; en-GB for a 24-hour clock and day-month order. */
  intlLocale: string;
  setLocale(locale: Locale): void;
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string;
  /** A count with its noun in the right form: plural('plural.participants', 21) → «21 участник». */
  plural(key: MessageKey, count: number): string;
  /** For keys built at run time (error codes, timeline keys, journal actions): null when the catalog lacks it. */
  maybe(key: string, params?: Record<string, ParamValue>): string | null;
}
