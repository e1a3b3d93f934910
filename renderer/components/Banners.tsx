import { useI18n } from '../i18n/i18n';
import { useAppState } from '../state/app-state';
import { useLocalNow } from '../state/use-now';

/**
 * Shown on every screen in training mode, so nobody mistakes the demo exam point for a real one: a thin stripe
 * above the header, in a landmark of its own (a region named by its words) so a screen reader's landmark list
 * holds it and nothing on the page lies outside a landmark.
 *
 * The alarms (what stops today's exam, the clock against RCOI's included) are not banners: AlarmBar draws them in
 * the shell, under the header, from main's attention/today.
 */
export function TrainingBanner() {
  const { t } = useI18n();
  const { info } = useAppState();
  if (!info?.ppe?.trainingMode) return null;
  return (
    <section className="training-banner" aria-labelledby="training-banner-text" data-testid="training-banner">
      <span aria-hidden="true">⚑ </span>
      <strong id="training-banner-text">{t('training.banner')}</strong>
    </section>
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
