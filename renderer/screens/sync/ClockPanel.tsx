import { memo } from 'react';
import { formatInstant, formatSeconds } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useServerNow } from '../../state/use-now';

interface Props {
  skewSeconds: number | null;
  alarm: boolean;
  /** Set when the skew was measured before the application restarted: the instant of that contact. */
  measuredBeforeRestartAt: string | null;
}

/**
 * Server time minus this computer's, measured at the last contact; over 2 minutes it is an alarm (main decides). A
 * measurement from before a restart is still shown (a wrong clock stays wrong), marked as of when.
 */
export const ClockPanel = memo(function ClockPanel({ skewSeconds, alarm, measuredBeforeRestartAt }: Props) {
  const i18n = useI18n();
  const zone = useZone();
  const now = useServerNow(60_000);
  const state = skewSeconds === null ? 'unknown' : alarm ? 'alarm' : 'ok';
  const skew = skewSeconds === null ? '' : formatSeconds(i18n, Math.abs(skewSeconds));
  return (
    <section
      className={`panel clock-panel clock-panel--${state}`}
      aria-labelledby="sync-clock-title"
      data-testid="sync-clock"
      data-state={state}
    >
      <h2 id="sync-clock-title" className="panel__title">
        {i18n.t('sync.clock.title')}
      </h2>
      {skewSeconds === null && <p className="muted">{i18n.t('sync.clock.unknown')}</p>}
      {skewSeconds !== null && !alarm && (
        <p className="status-line status-line--ok">
          <span aria-hidden="true">✔ </span>
          {skewSeconds === 0 ? i18n.t('sync.clock.exact') : i18n.t('sync.clock.ok', { skew })}
        </p>
      )}
      {skewSeconds !== null && alarm && (
        <>
          <p className="status-line status-line--alarm">
            <span aria-hidden="true">⚠ </span>
            {i18n.t(skewSeconds > 0 ? 'sync.clock.behind' : 'sync.clock.ahead', { skew })}
          </p>
          <p>{i18n.t('sync.clock.alarmAction')}</p>
        </>
      )}
      {skewSeconds !== null && measuredBeforeRestartAt !== null && (
        <p className="muted" data-testid="sync-clock-before-restart">
          {i18n.t('sync.clock.beforeRestart', { time: formatInstant(zone, measuredBeforeRestartAt, now) })}
        </p>
      )}
    </section>
  );
});
