import { useState } from 'react';
import type { TransferOverview } from '../../../main/ipc/slices/transfer';
import type { SavedFormDto } from '../../../main/ipc/slices/forms';
import { ActionError } from '../../components/ActionError';
import { Busy, EmptyState, Notice } from '../../components/Feedback';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';
import { TransferExamField } from './TransferExamField';
import { useTransferAct } from './use-transfer-act';

/**
 * HQ: the rooms' current print logs of an exam (forms/printLogs, fresh after every take: topic 'transfer') and the
 * forms made from them — ППЭ-14-02 and ППЭ-13-02-МАШ for the PPE, ППЭ-05-02 for a room — each saved as PDF in the data
 * folder's documents/, its path shown to the person.
 */
export function PrintLogsPanel({ overview }: { overview: TransferOverview }) {
  const i18n = useI18n();
  const zone = useZone();
  const { api } = useAppState();
  const act = useTransferAct<SavedFormDto>();
  const [chosen, setChosen] = useState<number | null>(null);
  const examId = chosen ?? overview.exams[0]?.id ?? null;
  const { data: logs, error, reload } = useChannel('forms/printLogs', { examId: examId ?? 1 }, { topics: ['transfer'], enabled: examId !== null });
  return (
    <section className="section" aria-labelledby="forms-hq-title" data-testid="forms-hq">
      <h2 id="forms-hq-title" className="section__title">
        {i18n.t('forms.hq.title')}
      </h2>
      <p className="muted">{i18n.t('forms.hq.lead')}</p>
      {examId === null ? (
        <EmptyState>{i18n.t('transfer.writeRoom.noExams')}</EmptyState>
      ) : (
        <>
          <div className="transfer-form">
            <TransferExamField label={i18n.t('forms.hq.exam')} exams={overview.exams} value={examId} onChange={setChosen} />
            <button type="button" className="button" disabled={act.busy} onClick={() => act.run(() => api.call('forms/issueReturn', { examId }))}>
              {i18n.t('forms.save.issueReturn')}
            </button>
            <button type="button" className="button" disabled={act.busy} onClick={() => act.run(() => api.call('forms/ppeSummary', { examId }))}>
              {i18n.t('forms.save.summary')}
            </button>
          </div>
          {error && <ErrorMessage error={error} onRetry={reload} />}
          {logs && logs.length === 0 && <EmptyState>{i18n.t('forms.hq.empty')}</EmptyState>}
          {logs && logs.length > 0 && (
            <div className="table-wrap">
              <table className="table table--compact">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('forms.col.room')}</th>
                    <th scope="col">{i18n.t('forms.col.station')}</th>
                    {(['present', 'printed', 'spoiled', 'replaced', 'reserve', 'remaining'] as const).map((c) => (
                      <th key={c} scope="col" className="num">
                        {i18n.t(`forms.col.${c}`)}
                      </th>
                    ))}
                    <th scope="col">{i18n.t('forms.col.taken')}</th>
                    <th scope="col">{i18n.t('forms.col.form')}</th>
                  </tr>
                </thead>
                <tbody>
                  {logs.map((l) => (
                    <tr key={`${l.room}/${l.station}`}>
                      <th scope="row">{l.room}</th>
                      <td>{l.station}</td>
                      <td className="num">{l.present}</td>
                      <td className="num">{l.printed}</td>
                      <td className="num">{l.spoiled}</td>
                      <td className="num">{l.replaced}</td>
                      <td className="num">{l.reserveUsed}</td>
                      <td className="num">{l.remaining}</td>
                      <td>{zone.dateTime(l.takenAt)}</td>
                      <td>
                        <button
                          type="button"
                          className="button button--small"
                          disabled={act.busy}
                          onClick={() => act.run(() => api.call('forms/roomProtocol', { examId, room: l.room }))}
                        >
                          {i18n.t('forms.save.protocol', { room: l.room })}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {act.busy && <Busy>{i18n.t('forms.save.busy')}</Busy>}
      {act.outcome && 'ok' in act.outcome && <Notice>{i18n.t('forms.save.done', { path: act.outcome.ok.path })}</Notice>}
      {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} title={i18n.t('forms.save.failed')} />}
    </section>
  );
}
