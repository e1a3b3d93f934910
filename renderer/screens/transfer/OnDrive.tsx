import type { TransferImport, TransferOverview } from '../../../main/ipc/slices/transfer';
import { ActionError } from '../../components/ActionError';
import { ErrorMessage, errorText } from '../../components/ErrorMessage';
import { Busy, EmptyState, Notice } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { kindWords } from './transfer-text';
import { useTransferAct } from './use-transfer-act';

/**
 * What the drive holds for this station (read from the files' headers: nothing is believed or applied before it is
 * taken), the button that takes it all, and what the last reading refused — each refusal in words with what to do.
 */
export function OnDrive({ overview, canManage }: { overview: TransferOverview; canManage: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  const { api } = useAppState();
  const take = useTransferAct<TransferImport>();
  const onDrive = overview.onDrive;
  const files = onDrive?.files ?? [];
  const report = overview.lastImport?.report ?? null;
  return (
    <section className="section" aria-labelledby="transfer-ondrive-title" data-testid="transfer-on-drive">
      <h2 id="transfer-ondrive-title" className="section__title">
        {i18n.t('transfer.onDrive.title')}
      </h2>
      {onDrive?.problem && <ErrorMessage error={onDrive.problem} title={i18n.t('transfer.onDrive.readFailed')} />}
      {onDrive && files.length === 0 && !onDrive.problem && <EmptyState>{i18n.t('transfer.onDrive.empty')}</EmptyState>}
      {files.length > 0 && (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="transfer-files">
            <thead>
              <tr>
                <th scope="col">{i18n.t('transfer.col.what')}</th>
                <th scope="col">{i18n.t('transfer.col.from')}</th>
                <th scope="col" className="num">
                  {i18n.t('transfer.col.number')}
                </th>
                <th scope="col">{i18n.t('transfer.col.exam')}</th>
                <th scope="col">{i18n.t('transfer.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.file} data-state={f.state}>
                  <th scope="row">
                    {kindWords(i18n, f.kind)}
                    <div className="muted mono transfer-file">{f.file}</div>
                  </th>
                  <td>{f.sender ?? '—'}</td>
                  <td className="num">{f.seq ?? '—'}</td>
                  <td>{f.examDate ? zone.shortDate(f.examDate) : '—'}</td>
                  <td>
                    <span className={`tag${f.state === 'unreadable' ? ' tag--warn' : ''}`}>{i18n.t(`transfer.state.${f.state}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {onDrive && onDrive.more > 0 && <p className="muted">{i18n.t('transfer.onDrive.more', { count: onDrive.more })}</p>}
      {canManage && overview.drive && (
        <div className="transfer-action">
          <button type="button" className="button button--primary" disabled={take.busy || overview.busy !== null} onClick={() => take.run(() => api.call('transfer/take', {}))}>
            <span aria-hidden="true">⇩ </span>
            {i18n.t('transfer.take')}
          </button>
          {take.busy && <Busy>{i18n.t('transfer.take.busy')}</Busy>}
          {take.outcome && 'error' in take.outcome && <ActionError error={take.outcome.error} title={i18n.t('transfer.take.failed')} />}
        </div>
      )}
      {report && (
        <div data-testid="transfer-last-import">
          <Notice tone={report.refused.length > 0 ? 'info' : 'ok'}>
            {i18n.t('transfer.take.result', { taken: report.taken.length, already: report.already.length, refused: report.refused.length })}
          </Notice>
          {report.leftUnread > 0 && <p className="muted">{i18n.t('transfer.take.unread', { count: report.leftUnread })}</p>}
          {report.refused.length > 0 && (
            <>
              <h3 className="transfer-subtitle">{i18n.t('transfer.refused.title')}</h3>
              <ul className="plain-list" data-testid="transfer-refused">
                {report.refused.map((r) => (
                  <li key={r.file} data-code={r.error.code}>
                    <ErrorMessage error={r.error} message={errorText(i18n, zone, r.error)} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
