import type { PlainKey } from '../i18n/catalog';
import { useI18n } from '../i18n/i18n';
import { SECTIONS, type Section } from '../state/router';

const TITLES: Record<Section, PlainKey> = {
  home: 'nav.home',
  rooms: 'nav.rooms',
  participants: 'nav.participants',
  staff: 'nav.staff',
  bundles: 'nav.bundles',
  packages: 'nav.packages',
  journal: 'nav.journal',
  sync: 'nav.sync',
  transfer: 'nav.transfer',
  tokens: 'nav.tokens',
  examKeys: 'nav.examKeys',
  stations: 'nav.stations',
  printing: 'nav.printing',
};

const ICONS: Record<Section, string> = {
  home: '⌂',
  rooms: '▦',
  participants: '☺',
  staff: '♟',
  bundles: '⇩',
  packages: '⛁',
  journal: '☰',
  sync: '⇅',
  transfer: '⇄',
  tokens: '◈',
  examKeys: '⚷',
  stations: '⌨',
  printing: '⎙',
};

export function sectionTitle(section: Section): PlainKey {
  return TITLES[section];
}

interface Props {
  current: Section;
  allowed: (section: Section) => boolean;
  onNavigate(section: Section): void;
}

/** The left navigation; Alt+N shortcuts are shown beside each entry and announced via aria-keyshortcuts. */
export function Nav({ current, allowed, onNavigate }: Props) {
  const { t } = useI18n();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {SECTIONS.map((section, index) =>
          allowed(section) ? (
            <li key={section}>
              <a
                href={`#/${section}`}
                className="nav__link"
                aria-current={section === current ? 'page' : undefined}
                // Alt+1 … Alt+9 only (Shell listens for Digit1–9): a tenth section has no shortcut to announce.
                aria-keyshortcuts={index < 9 ? `Alt+${index + 1}` : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  onNavigate(section);
                }}
              >
                <span className="nav__icon" aria-hidden="true">
                  {ICONS[section]}
                </span>
                <span className="nav__text">{t(TITLES[section])}</span>
                {index < 9 && (
                  <kbd className="nav__key" aria-hidden="true">
                    {t('nav.shortcut', { n: index + 1 })}
                  </kbd>
                )}
              </a>
            </li>
          ) : null,
        )}
      </ul>
    </nav>
  );
}
