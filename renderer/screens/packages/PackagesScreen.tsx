import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { DrivesTable } from './DrivesTable';
import { ExamPackagesTable } from './ExamPackagesTable';
import { usePackages } from './use-packages';
import { WriteProgress } from './WriteProgress';

/**
 * «Интернет-пакеты»: for every coming exam, where its package is on the way from RCOI to the two drives in the safe,
 * and the drives themselves. The technical specialist acts here; the PPE head and GEK members see the same state.
 */
export function PackagesScreen({ canManage }: { canManage: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  const { overview, busy, actionError, act } = usePackages();
  const data = overview.data;

  return (
    <div className="page">
      <PageHead title={i18n.t('packages.title')} />
      <p className="lead">{i18n.t('packages.lead')}</p>
      {canManage && (
        <div className="toolbar" aria-busy={busy === 'packages/refresh'}>
          <button type="button" className="button button--primary" onClick={() => act('packages/refresh', {})} disabled={busy !== null}>
            <span aria-hidden="true">⟳ </span>
            {i18n.t(busy === 'packages/refresh' ? 'packages.refreshing' : 'packages.refresh')}
          </button>
          {data && (
            <span className="muted" data-testid="packages-last-refresh">
              {data.lastRefreshAt ? i18n.t('packages.lastRefresh', { time: zone.time(data.lastRefreshAt) }) : i18n.t('packages.neverRefreshed')}
            </span>
          )}
        </div>
      )}
      {actionError && <ErrorMessage error={actionError} title={i18n.t('packages.actionFailed')} />}
      {data?.lastRefreshError && !actionError && (
        <ErrorMessage error={data.lastRefreshError} title={i18n.t('packages.refreshFailed')} tone="warn" />
      )}
      {overview.error && <ErrorMessage error={overview.error} onRetry={overview.reload} />}
      {!data && !overview.error && <Busy>{i18n.t('common.loading')}</Busy>}
      {data && (
        <>
          {data.write && <WriteProgress job={data.write} />}
          {data.exams.length === 0 ? (
            <EmptyState>{i18n.t('packages.noExams')}</EmptyState>
          ) : (
            <ExamPackagesTable overview={data} canManage={canManage} busy={busy !== null} act={act} />
          )}
          <DrivesTable overview={data} canManage={canManage} busy={busy !== null} act={act} />
        </>
      )}
    </div>
  );
}
