import { memo } from 'react';
import type { SyncStatus } from '../../../main/ipc/dto';
import { ErrorMessage, hotlineDetails } from '../../components/ErrorMessage';
import { formatInstant, isTransient, syncErrorShort, syncErrorText } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { serverNow } from '../../time/server-clock';

interface Props {
  error: SyncStatus['lastError'];
  at: string | null;
  lastContactAt: string | null;
  configured: boolean;
}

/**
 * The worker's last error with what to do about it. One that came before the latest successful contact is over:
 * it shrinks to a line, so a morning's outage does not shout all afternoon.
 */
export const LastError = memo(function LastError({ error, at, lastContactAt, configured }: Props) {
  const i18n = useI18n();
  const { zone } = useAppState();
  if (!error || !zone) return null;
  // «Not configured» is already the headline of the link panel.
  if (error.code === 'RCOI_NOT_CONFIGURED' && !configured) return null;
  const time = at ? formatInstant(zone, at, serverNow()) : '';
  const over = at !== null && lastContactAt !== null && Date.parse(at) < Date.parse(lastContactAt);
  if (over) {
    return (
      <p className="muted sync-last-error" data-testid="sync-last-error" data-current="false">
        {i18n.t('sync.lastError.over', { time })}{' '}
        <span title={hotlineDetails(zone, error)}>{syncErrorShort(i18n, error)}</span>
      </p>
    );
  }
  return (
    <div data-testid="sync-last-error" data-current="true" data-code={error.code}>
      <ErrorMessage
        error={error}
        tone={isTransient(error.code) ? 'warn' : 'error'}
        title={time ? i18n.t('sync.lastError.at', { time }) : undefined}
        message={syncErrorText(i18n, zone, error)}
      />
    </div>
  );
});
