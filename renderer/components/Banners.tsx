import { skewMinutes } from '../format/sync';
import { useI18n } from '../i18n/i18n';
import { useAppState } from '../state/app-state';
import { useSyncStatus } from '../state/sync-status';
import { useLocalNow } from '../state/use-now';

/** Shown on every screen in training mode, so nobody mistakes the demo exam point for a real one. */
export function TrainingBanner() {
  const { t } = useI18n();
  const { info } = useAppState();
  if (!info?.ppe?.trainingMode) return null;
  return (
    <div className="training-banner" data-testid="training-banner">
      <span aria-hidden="true">⚑ </span>
      <strong>{t('training.banner')}</strong>
    </div>
  );
}

/** «Нет связи с приложением» while the bridge reconnects; the screen below stays readable but is stale. */
export function ConnectionBanner() {
  const { t } = useI18n();
  const { connection, api } = useAppState();
  const now = useLocalNow(1000); // re-render each second so the countdown moves
  if (connection.state !== 'reconnecting' && !(connection.state === 'connecting' && connection.epoch > 0)) return null;
  const seconds = connection.retryAt ? Math.max(0, Math.ceil((connection.retryAt - now) / 1000)) : 0;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-lost">
      <span className="connection-banner__icon" aria-hidden="true">
        ⚠
      </span>
      <div>
        <strong>{t('conn.lost.title')}.</strong>{' '}
        {seconds > 0
          ? t('conn.lost.body', { seconds, attempt: connection.attempt })
          : t('conn.lost.trying', { attempt: connection.attempt })}
      </div>
      <button type="button" className="button button--light" onClick={() => api.transport.reconnectNow()}>
        {t('conn.retryNow')}
      </button>
    </div>
  );
}

/**
 * On every screen while this computer's clock is more than 2 minutes off RCOI's: acts and the journal carry this
 * clock's time, so it must be fixed before anything is signed.
 */
export function ClockAlarmBanner() {
  const { t } = useI18n();
  const alarm = useSyncStatus((s) => s?.clockSkewAlarm ?? false);
  const skew = useSyncStatus((s) => s?.clockSkewSeconds ?? null);
  if (!alarm || skew === null) return null;
  return (
    <div className="clock-alarm" role="alert" data-testid="clock-alarm">
      <span className="clock-alarm__icon" aria-hidden="true">
        ⚠
      </span>
      <p className="clock-alarm__text">
        <strong>{t('clockAlarm.title', { minutes: skewMinutes(skew) })}</strong> {t('clockAlarm.action')}
      </p>
    </div>
  );
}
