import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  hasMessage,
  message,
  pluralize,
  type Locale,
  type MessageKey,
  type ParamsArg,
  type ParamValue,
} from './catalog';

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

const STORAGE_KEY = 'ppe.locale';
const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ru';
  } catch {
    return 'ru';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // The choice then lasts for this window only.
    }
  }, []);

  const value = useMemo<I18n>(
    () => ({
      locale,
      intlLocale: locale === 'ru' ? 'ru-RU' : 'en-GB',
      setLocale,
      t: (key, ...params) => message(locale, key, params[0] as Record<string, ParamValue> | undefined),
      plural: (key, count) => pluralize(locale, key, count),
      maybe: (key, params) => (hasMessage(key) ? message(locale, key, params) : null),
    }),
    [locale, setLocale],
  );
  useEffect(() => {
    document.title = value.t('app.title');
  }, [value]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
