import type { SyncStatus } from '../../../main/ipc/dto';
import { formatAgo, formatIn, formatInstant, linkState } from '../../format/sync';
import type { PlainKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useServerNow } from '../../state/use-now';
import { SendNowButton } from './SyncActions';

const HEAD: Record<'online' | 'offline' | 'unknown' | 'notConfigured', { icon: string; title: PlainKey }> = {
  online: { icon: '✔', title: 'sync.link.online' },
  offline: { icon: '✖', title: 'sync.link.offline' },
  unknown: { icon: '?', title: 'sync.link.unknown' },
  notConfigured: { icon: '–', title: 'sync.link.notConfigured' },
};

/** The link in one glance: up or down, since when, when the next try is, and that queued data is safe. */
export function LinkPanel({ status, canManage }: { status: SyncStatus; canManage: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  const now = useServerNow(1000);
  const state = linkState(status);
  const configured = status.rcoiUrl !== null;
  const look = configured ? state : 'notConfigured';
  const pending = status.queue.reduce((n, q) => n + q.pending, 0);
  const { lastContactAt, nextAttemptAt, inbound } = status;

  // What happens to the queued data: the reassurance matters most while the link is down.
  const queueLine = () => {
    if (pending > 0 && !status.enrolled) return i18n.t('sync.link.waitEnrol', { count: pending });
    if (state === 'online') return pending > 0 ? i18n.t('sync.link.sending', { count: pending }) : i18n.t('sync.link.allSent');
    return pending > 0 ? i18n.t('sync.link.safeQueued', { count: pending }) : i18n.t('sync.link.safe');
  };

  return (
    <section
      className={`panel link-panel link-panel--${look}`}
      aria-labelledby="sync-link-title"
      data-testid="sync-link-state"
      data-state={state}
    >
      <h2 id="sync-link-title" className="link-panel__title">
        <span className="link-panel__icon" aria-hidden="true">
          {HEAD[look].icon}
        </span>
        {i18n.t(HEAD[look].title)}
      </h2>

      {!configured && <p>{i18n.t('sync.link.notConfiguredBody')}</p>}

      {configured && (
        <ul className="plain-list link-panel__facts">
          <li>
            {lastContactAt ? (
              // Kept across a restart: said as of when, so nobody takes yesterday's contact for a live link.
              i18n.t(status.lastContactBeforeRestart ? 'sync.link.lastContactBeforeRestart' : 'sync.link.lastContact', {
                time: formatInstant(zone, lastContactAt, now),
                ago: formatAgo(i18n, lastContactAt, now),
              })
            ) : state === 'offline' ? (
              i18n.t('sync.link.noContactYet')
            ) : (
              i18n.t('sync.link.checking')
            )}
          </li>
          {state === 'offline' && nextAttemptAt && (
            <li>
              {i18n.t('sync.link.nextAttempt', {
                time: formatInstant(zone, nextAttemptAt, now),
                in: formatIn(i18n, nextAttemptAt, now),
              })}
            </li>
          )}
        </ul>
      )}

      <p className="link-panel__queue">
        {state !== 'online' && (
          <span className="link-panel__safe-icon" aria-hidden="true">
            ✔{' '}
          </span>
        )}
        {queueLine()}
      </p>

      {configured && (
        <p className="muted">
          {inbound.received > 0 && inbound.lastReceivedAt
            ? i18n.t('sync.link.inbound', {
                count: inbound.received,
                time: formatInstant(zone, inbound.lastReceivedAt, now),
              })
            : i18n.t('sync.link.inboundNone')}
          <br />
          <span className="link-panel__url">{i18n.t('sync.link.url', { url: status.rcoiUrl ?? '' })}</span>
        </p>
      )}

      {canManage && <SendNowButton />}
    </section>
  );
}
