import { Fragment } from 'react';
import type { ExamPackage, PackagesExams, WriteJob } from '../../../main/ipc/dto';
import { ActionError } from '../../components/ActionError';
import { errorText } from '../../components/ErrorMessage';
import { formatMib, formatPercent, formatSeconds, formatSize, formatSpeed } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { examTitle } from './packages-text';
import { actionKey, type PackagesState } from './use-packages';

interface Props {
  list: PackagesExams;
  /** The write job, if any: while it runs, the write buttons wait. */
  write: WriteJob | null;
  canManage: boolean;
  busy: boolean;
  act: PackagesState['act'];
  errorFor: PackagesState['errorFor'];
}

/** One row per coming exam: its package's state, the deadline, the copies on the drives, and the next step. */
export function ExamPackagesTable({ list, write, canManage, busy, act, errorFor }: Props) {
  const i18n = useI18n();
  const writing = write?.targets.some((t) => t.phase === 'write' || t.phase === 'verify') ?? false;
  return (
    <div className="table-wrap">
      <table className="table table--packages" data-testid="packages-table">
        <thead>
          <tr>
            <th scope="col">{i18n.t('packages.col.exam')}</th>
            <th scope="col">{i18n.t('packages.col.state')}</th>
            <th scope="col" className="num">
              {i18n.t('packages.col.size')}
            </th>
            <th scope="col">{i18n.t('packages.col.drives')}</th>
            {canManage && <th scope="col">{i18n.t('packages.col.action')}</th>}
          </tr>
        </thead>
        <tbody>
          {list.exams.map((exam) => {
            const packageId = exam.package?.packageId;
            // A refused download or write shows on the line right under its button, not at the top of the page.
            const failed =
              packageId === undefined
                ? null
                : (errorFor(actionKey('packages/writeToDrives', { packageId })) ?? errorFor(actionKey('packages/download', { packageId })));
            return (
              <Fragment key={exam.examId}>
                <tr data-exam-date={exam.examDate} data-subject={exam.subjectCode} data-state={exam.state}>
                  <ExamCell exam={exam} />
                  <StateCell exam={exam} today={list.today} listAsked={list.lastRefreshAt !== null} />
                  <td className="num mono">{exam.package ? formatSize(i18n, exam.package.size) : i18n.t('common.none')}</td>
                  <CopiesCell exam={exam} />
                  {canManage && (
                    <td>
                      <NextStep exam={exam} disabled={busy || (writing && isWriteStep(exam))} act={act} />
                    </td>
                  )}
                </tr>
                {canManage && failed && (
                  <tr className="table__error-row" data-testid="package-action-error">
                    <td colSpan={5}>
                      <ActionError error={failed} title={i18n.t('packages.actionFailed')} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ExamCell({ exam }: { exam: ExamPackage }) {
  const i18n = useI18n();
  const zone = useZone();
  return (
    <th scope="row">
      {examTitle(zone, exam)}
      <div className="muted">
        {i18n.t(exam.dayKind === 'main' ? 'packages.dayKind.main' : 'packages.dayKind.reserve')}
        {exam.package?.kits !== null && exam.package?.kits !== undefined && (
          <> · {i18n.t('packages.kits', { kits: exam.package.kits, reserve: exam.package.reserveKits ?? 0 })}</>
        )}
      </div>
    </th>
  );
}

function StateCell({ exam, today, listAsked }: { exam: ExamPackage; today: string; listAsked: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  return (
    <td className={`package-state package-state--${exam.state}`}>
      <span data-testid="package-state">{i18n.t(`packages.state.${exam.state}`)}</span>
      {exam.state === 'not_published' && (
        <div className="muted">
          {exam.expectedFrom > today
            ? i18n.t('packages.expected', { date: zone.shortDate(exam.expectedFrom) })
            : i18n.t(listAsked ? 'packages.overdue' : 'packages.dueUnchecked', { date: zone.shortDate(exam.expectedFrom) })}
        </div>
      )}
      {exam.download && <DownloadProgress download={exam.download} />}
      {exam.urgency === 'none' && exam.state !== 'verified' && (
        // A reserve day's package published after preparation could open: due the day it appears, never before.
        <div className="muted">
          {i18n.t(exam.onPublicationDay ? 'packages.deadlineOnPublication' : 'packages.deadline', { date: zone.shortDate(exam.deadline) })}
        </div>
      )}
      {exam.urgency !== 'none' && (
        <div className="tag tag--warn" role="status">
          <span aria-hidden="true">⚠ </span>
          {i18n.t(
            exam.urgency === 'late' ? 'packages.urgency.late' : exam.onPublicationDay ? 'packages.urgency.publicationDay' : 'packages.urgency.soon',
            { date: zone.shortDate(exam.deadline) },
          )}
        </div>
      )}
      {exam.lastError && !exam.download && (
        <div className="warn-text">
          {i18n.t('packages.lastError')}: {errorText(i18n, zone, exam.lastError)}
        </div>
      )}
    </td>
  );
}

function DownloadProgress({ download }: { download: NonNullable<ExamPackage['download']> }) {
  const i18n = useI18n();
  const p = formatPercent(i18n, download.bytesDone, download.bytesTotal);
  return (
    <div className="package-progress" data-testid="package-download">
      <progress className="progress" value={download.bytesDone} max={Math.max(1, download.bytesTotal)} aria-label={i18n.t('packages.state.downloading')}>
        {p} %
      </progress>
      <div className="mono">
        {i18n.t('packages.downloadProgress', { done: formatMib(i18n, download.bytesDone), total: formatMib(i18n, download.bytesTotal), percent: p })}
      </div>
      <div className="muted">
        {download.secondsLeft === null || download.bytesPerSecond <= 0
          ? i18n.t('packages.speedUnknown')
          : i18n.t('packages.speed', { speed: formatSpeed(i18n, download.bytesPerSecond), time: formatSeconds(i18n, Math.max(1, download.secondsLeft)) })}
      </div>
      <div className="muted">{i18n.t('packages.resumeHint')}</div>
    </div>
  );
}

function CopiesCell({ exam }: { exam: ExamPackage }) {
  const i18n = useI18n();
  const zone = useZone();
  return (
    <td data-testid="package-copies">
      <ul className="plain-list">
        {(['main', 'reserve'] as const).map((role) => {
          const copy = exam.copies.find((c) => c.role === role);
          return (
            <li key={role} data-role={role} data-copy={copy?.state ?? 'none'} className={copy?.state === 'failed' ? 'copy--failed' : undefined}>
              <span aria-hidden="true">{copy?.state === 'verified' ? '✔ ' : copy?.state === 'failed' ? '✖ ' : '○ '}</span>
              {i18n.t('packages.copyLine', { role: i18n.t(`drive.role.${role}`), state: i18n.t(`packages.copy.${copy?.state ?? 'none'}`) })}
              {copy?.problem && <div className="warn-text">{errorText(i18n, zone, copy.problem)}</div>}
            </li>
          );
        })}
      </ul>
    </td>
  );
}

function isWriteStep(exam: ExamPackage): boolean {
  return exam.state === 'downloaded' || exam.state === 'on_drives' || exam.state === 'verified';
}

function NextStep({ exam, disabled, act }: { exam: ExamPackage; disabled: boolean; act: PackagesState['act'] }) {
  const i18n = useI18n();
  const pkg = exam.package;
  if (!pkg) return null;
  if (exam.state === 'available' || exam.state === 'interrupted') {
    return (
      <button type="button" className="button button--primary" disabled={disabled} onClick={() => act('packages/download', { packageId: pkg.packageId })}>
        <span aria-hidden="true">⇩ </span>
        {i18n.t(exam.state === 'available' ? 'packages.download' : 'packages.resume')}
      </button>
    );
  }
  if (isWriteStep(exam)) {
    return (
      <button
        type="button"
        className={`button ${exam.state === 'verified' ? '' : 'button--primary'}`}
        disabled={disabled}
        onClick={() => act('packages/writeToDrives', { packageId: pkg.packageId, roles: ['main', 'reserve'] })}
      >
        <span aria-hidden="true">⛁ </span>
        {i18n.t(exam.state === 'downloaded' ? 'packages.write' : 'packages.rewrite')}
      </button>
    );
  }
  return null;
}
