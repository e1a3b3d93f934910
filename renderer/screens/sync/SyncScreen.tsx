import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { useSyncStatusQuery } from '../../state/sync-status';
import { ActiveUpload } from './ActiveUpload';
import { ClockPanel } from './ClockPanel';
import { ItemsTable } from './ItemsTable';
import { LastError } from './LastError';
import { LinkPanel } from './LinkPanel';
import { QueueTable } from './QueueTable';
import { StationPanel } from './StationPanel';

/**
 * «Связь с РЦОИ»: is the link up, is anything waiting, is a large upload moving, is the clock right. Written for the
 * days RCOI cannot be reached: everything queued is shown as kept and safe, and nothing waits on the network.
 */
export function SyncScreen({ canManage }: { canManage: boolean }) {
  const i18n = useI18n();
  const { info } = useAppState();
  // Opening the screen reads the status once more, so nothing shown is old; sync/changed keeps it fresh after.
  const { status, error, refresh } = useSyncStatusQuery();
  const training = info?.ppe?.trainingMode ?? false;

  const activePercent = status?.active
    ? Math.floor((status.active.bytesSent / Math.max(1, status.active.size)) * 100)
    : null;

  return (
    <div className="page">
      <PageHead title={i18n.t('sync.title')} />
      {error && (
        <ErrorMessage
          error={error}
          title={i18n.t(status ? 'sync.readFailedStale' : 'sync.readFailed')}
          onRetry={refresh}
        />
      )}
      {!status && !error && <Busy>{i18n.t('common.loading')}</Busy>}
      {status && (
        <>
          <div className="sync-grid">
            <LinkPanel status={status} canManage={canManage} />
            <div>
              <StationPanel
                enrolled={status.enrolled}
                stationId={status.stationId}
                configured={status.rcoiUrl !== null}
                canManage={canManage}
              />
              <ClockPanel
                skewSeconds={status.clockSkewSeconds}
                alarm={status.clockSkewAlarm}
                measuredBeforeRestartAt={status.lastContactBeforeRestart ? status.lastContactAt : null}
              />
            </div>
          </div>
          <LastError
            error={status.lastError}
            at={status.lastErrorAt}
            lastContactAt={status.lastContactAt}
            configured={status.rcoiUrl !== null}
          />
          {status.active && <ActiveUpload active={status.active} />}
          <QueueTable queue={status.queue} withTrainingPacket={canManage && training} />
          <ItemsTable items={status.items} activeId={status.active?.itemId ?? null} activePercent={activePercent} />
        </>
      )}
    </div>
  );
}
