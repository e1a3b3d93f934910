import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { hasMessage, message, pluralize, type Locale, type ParamValue } from './catalog';
import type { I18n } from './i18n-types';

export type { I18n } from './i18n-types';

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
