import type { Locale } from '../i18n/catalog';
import { useI18n } from '../i18n/i18n';

const LOCALES: Locale[] = ['ru', 'en'];

/** RU / EN as two toggle buttons: one press, and the pressed state is announced. */
export function LocaleSwitch({ className }: { className?: string }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className={`locale-switch ${className ?? ''}`} role="group" aria-label={t('locale.label')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          className="locale-switch__button"
          aria-pressed={locale === l}
          lang={l}
          onClick={() => setLocale(l)}
        >
          {t(l === 'ru' ? 'locale.ru' : 'locale.en')}
        </button>
      ))}
    </div>
  );
}
