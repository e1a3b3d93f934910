import { linkState } from '../format/sync';
import type { PlainKey } from '../i18n/catalog';
import { useI18n } from '../i18n/i18n';
import { SECTIONS } from '../state/router';
import { useSyncStatus } from '../state/sync-status';

const SYMBOL = { online: '✔', offline: '✖', unknown: '?', notConfigured: '–' } as const;
/** The same Alt+N the navigation gives «Связь с РЦОИ» (Shell maps Alt+1…8 to SECTIONS in order). */
const SHORTCUT = `Alt+${SECTIONS.indexOf('sync') + 1}`;

const TEXT: Record<keyof typeof SYMBOL, PlainKey> = {
  online: 'sync.marker.online',
  offline: 'sync.marker.offline',
  unknown: 'sync.marker.unknown',
  notConfigured: 'sync.marker.notConfigured',
};

/**
 * The RCOI link in the header, in words and a symbol (never colour alone); a link to «Связь с РЦОИ». Rendered only
 * for people with sync.read (see Header). Re-renders only when the link state itself changes.
 */
export function SyncMarker() {
  const { t } = useI18n();
  const state = useSyncStatus(linkState);
  const configured = useSyncStatus((s) => s === null || s.rcoiUrl !== null);
  const pending = useSyncStatus((s) => s?.queue.reduce((n, q) => n + q.pending, 0) ?? 0);
  const shown = configured ? state : 'notConfigured';
  return (
    <a
      href="#/sync"
      className={`sync-marker sync-marker--${shown}`}
      data-testid="sync-marker"
      data-state={state}
      title={t('sync.marker.hint', { shortcut: SHORTCUT })}
      aria-keyshortcuts={SHORTCUT}
    >
      <span className="sync-marker__symbol" aria-hidden="true">
        {SYMBOL[shown]}
      </span>
      <span className="sync-marker__text">
        {t(TEXT[shown])}
        {state !== 'online' && pending > 0 && (
          <span className="sync-marker__queue">{t('sync.marker.queued', { count: pending })}</span>
        )}
      </span>
    </a>
  );
}
