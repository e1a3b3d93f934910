import { useMemo } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { roleName } from '../../format/labels';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useExams } from '../../state/exams';
import { actionTitle, entryDetails, subjectNames } from './journal-text';
import { JournalStatus } from './JournalStatus';
import { useJournalPages } from './use-journal';

/** The audit journal, newest first, with its integrity check on top. */
export function JournalScreen() {
  const i18n = useI18n();
  const zone = useZone();
  const journal = useJournalPages();
  const { entries } = journal;
  const { exams } = useExams();
  const names = useMemo(() => subjectNames(exams ?? []), [exams]);

  return (
    <div className="page">
      <PageHead title={i18n.t('journal.title')} />
      <JournalStatus />
      {journal.error && <ErrorMessage error={journal.error} onRetry={journal.reload} />}
      {journal.loading && entries.length === 0 && <Busy>{i18n.t('common.loading')}</Busy>}
      {!journal.loading && entries.length === 0 && !journal.error && <EmptyState>{i18n.t('journal.empty')}</EmptyState>}
      {entries.length > 0 && (
        <>
          <p className="summary" aria-live="polite">
            {i18n.t('journal.total', { total: journal.total, shown: entries.length })}
          </p>
          <div className="table-wrap">
            <table className="table table--journal" data-testid="journal-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {i18n.t('journal.col.seq')}
                  </th>
                  <th scope="col">{i18n.t('journal.col.time')}</th>
                  <th scope="col">{i18n.t('journal.col.who')}</th>
                  <th scope="col">{i18n.t('journal.col.station')}</th>
                  <th scope="col">{i18n.t('journal.col.action')}</th>
                  <th scope="col">{i18n.t('journal.col.details')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.seq} data-seq={entry.seq}>
                    <td className="num mono">{entry.seq}</td>
                    <td>
                      <time dateTime={entry.at} title={i18n.t('journal.utc', { time: utcWords(entry.at) })}>
                        {zone.dateTime(entry.at)}
                      </time>
                    </td>
                    <td>
                      {entry.actorName}
                      {entry.actorRoleCode !== null && (
                        <div className="muted">{roleName(i18n, entry.actorRoleCode)}</div>
                      )}
                    </td>
                    <td className="mono">{entry.station}</td>
                    <th scope="row" className="cell-action">
                      {actionTitle(i18n, entry.action)}
                    </th>
                    <td>{entryDetails(i18n, zone, entry, names)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {entries.length < journal.total && (
            <div className="actions">
              <button type="button" className="button" onClick={journal.loadMore} disabled={journal.loadingMore}>
                {journal.loadingMore ? i18n.t('journal.loadingMore') : i18n.t('journal.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

/** The instant in UTC as well, for a hotline that asks (the column itself is the PPE's time): «03.12.2026 05:40:12». */
function utcWords(at: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(at);
  return m ? `${m[3]}.${m[2]}.${m[1]} ${m[4]}` : at;
}
