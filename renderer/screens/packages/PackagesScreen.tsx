import { ActionError } from '../../components/ActionError';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { DrivesTable } from './DrivesTable';
import { ExamPackagesTable } from './ExamPackagesTable';
import { actionKey, usePackages } from './use-packages';
import { WriteProgress } from './WriteProgress';

/**
 * «Интернет-пакеты»: for every coming exam, where its package is on the way from RCOI to the two drives in the safe,
 * and the drives themselves. The technical specialist acts here; the PPE head and GEK members see the same state.
 */
export function PackagesScreen({ canManage }: { canManage: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  const { exams, drives, write, busy, actionError, errorFor, act, reload } = usePackages();
  // Each action's error is drawn beside its own control (ActionError); the list request's is the toolbar's.
  const refreshError = errorFor(actionKey('packages/refresh', {}));
  const list = exams.data;
  const driveList = drives.data;
  const job = write.data;
  const error = exams.error ?? drives.error ?? write.error;

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
          {list && (
            <span className="muted" data-testid="packages-last-refresh">
              {list.lastRefreshAt ? i18n.t('packages.lastRefresh', { time: zone.time(list.lastRefreshAt) }) : i18n.t('packages.neverRefreshed')}
            </span>
          )}
        </div>
      )}
      {refreshError && <ActionError error={refreshError} title={i18n.t('packages.refreshFailed')} />}
      {list?.lastRefreshError && !actionError && (
        <ErrorMessage error={list.lastRefreshError} title={i18n.t('packages.refreshFailed')} tone="warn" />
      )}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {!(list && driveList && job) && !error && <Busy>{i18n.t('common.loading')}</Busy>}
      {list && driveList && job && (
        <>
          {job.write && <WriteProgress job={job.write} />}
          {list.exams.length === 0 ? (
            <EmptyState>{i18n.t('packages.noExams')}</EmptyState>
          ) : (
            <ExamPackagesTable list={list} write={job.write} canManage={canManage} busy={busy !== null} act={act} errorFor={errorFor} />
          )}
          <DrivesTable drives={driveList} exams={list.exams} canManage={canManage} busy={busy !== null} act={act} errorFor={errorFor} />
        </>
      )}
    </div>
  );
}
