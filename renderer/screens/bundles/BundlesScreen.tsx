import { useRef } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useExams } from '../../state/exams';
import { useLocalNow } from '../../state/use-now';
import { useChannel } from '../../state/query/use-channel';
import { ImportOutcomeView } from './ImportOutcomeView';
import { useBundleImport, type ImportJob } from './import-job';

/** Distribution lists loaded so far, and (for those allowed) loading new ones from a file or from RCOI. */
export function BundlesScreen({ canImport }: { canImport: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  const { exams } = useExams();
  const { running, outcome, importFile, fetchFromRcoi } = useBundleImport();
  const fileInput = useRef<HTMLInputElement>(null);
  const bundles = useChannel('bundles/list', {}, { topics: ['bundles'] });
  const rows = [...(bundles.data ?? [])].sort((a, b) => b.importedAt.localeCompare(a.importedAt));

  const examTitle = (examId: number) => {
    const exam = exams?.find((e) => e.id === examId);
    return exam ? `${zone.shortDate(exam.date)} — ${exam.subjectName}` : i18n.t('bundles.unknownExam', { id: examId });
  };

  return (
    <div className="page">
      <PageHead title={i18n.t('bundles.title')} />
      <p className="lead">{i18n.t('bundles.lead')}</p>
      {canImport && (
        <div className="toolbar" aria-busy={running !== null}>
          <span className={`file-button ${running ? 'file-button--disabled' : ''}`}>
            <input
              ref={fileInput}
              id="bundle-file"
              type="file"
              accept=".json,.ppebundle"
              className="file-button__input"
              disabled={running !== null}
              onChange={(e) => {
                const file = e.target.files?.[0];
                // Cleared at once, so choosing the same file again (after a fix at RCOI) fires a change.
                e.target.value = '';
                if (file) importFile(file);
              }}
            />
            <label htmlFor="bundle-file" className="button button--primary">
              {i18n.t('bundles.file')}
            </label>
          </span>
          <button type="button" className="button" onClick={fetchFromRcoi} disabled={running !== null}>
            <span aria-hidden="true">⇩ </span>
            {i18n.t('bundles.fetch')}
          </button>
        </div>
      )}
      {running && <ImportProgress job={running} />}
      {outcome && !running && <ImportOutcomeView outcome={outcome} />}

      {bundles.error && <ErrorMessage error={bundles.error} onRetry={bundles.reload} />}
      {bundles.loading && !bundles.data && <Busy>{i18n.t('common.loading')}</Busy>}
      {bundles.data && rows.length === 0 && (
        <EmptyState>{i18n.t(canImport ? 'bundles.empty' : 'bundles.emptyNoRight')}</EmptyState>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-busy={bundles.loading} data-testid="bundles-table">
            <thead>
              <tr>
                <th scope="col">{i18n.t('bundles.col.exam')}</th>
                <th scope="col" className="num">
                  {i18n.t('bundles.col.version')}
                </th>
                <th scope="col">{i18n.t('bundles.col.issued')}</th>
                <th scope="col">{i18n.t('bundles.col.imported')}</th>
                <th scope="col">{i18n.t('bundles.col.by')}</th>
                <th scope="col" className="num">
                  {i18n.t('bundles.col.participants')}
                </th>
                <th scope="col" className="num">
                  {i18n.t('bundles.col.staff')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.bundleId}>
                  <th scope="row">{examTitle(b.examId)}</th>
                  <td className="num">{b.version}</td>
                  <td>{zone.dateTime(b.issuedAt)}</td>
                  <td>{zone.dateTime(b.importedAt)}</td>
                  <td>{b.importedBy ?? i18n.t('common.none')}</td>
                  <td className="num">{b.participants}</td>
                  <td className="num">{b.staff}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The running import: what it is doing and for how long; the rest of the app stays usable. */
function ImportProgress({ job }: { job: ImportJob }) {
  const i18n = useI18n();
  const now = useLocalNow(1000);
  const seconds = Math.max(0, Math.floor((now - job.startedAt) / 1000));
  return (
    <Busy className="busy--big">
      {job.source.kind === 'file'
        ? i18n.t('bundles.busyFile', { file: job.source.fileName })
        : i18n.t('bundles.busyRcoi')}{' '}
      {/* The ticking seconds are for the eye; a screen reader would otherwise repeat the whole line every second. */}
      <span aria-hidden="true">{i18n.t('bundles.elapsed', { seconds })}</span>{' '}
      <span className="muted">{i18n.t('bundles.busyNote')}</span>
    </Busy>
  );
}
