import type { TransferOverview } from '../../../main/ipc/slices/transfer';
import { ActionError } from '../../components/ActionError';
import { Busy, EmptyState } from '../../components/Feedback';
import { formatSize } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { useTransferAct } from './use-transfer-act';

/**
 * Which inserted drive is the transfer drive. A drive is made one here (its role, remembered across restarts and
 * journaled); in training a practice drive can be plugged in, so the whole procedure can be rehearsed.
 */
export function DrivePanel({ overview, canManage, canSimulate }: { overview: TransferOverview; canManage: boolean; canSimulate: boolean }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const choose = useTransferAct<unknown>();
  const insert = useTransferAct<unknown>();
  const { drive, drives } = overview;
  const others = drives.filter((d) => d.id !== drive?.id);
  return (
    <section className="section" aria-labelledby="transfer-drive-title" data-testid="transfer-drive">
      <h2 id="transfer-drive-title" className="section__title">
        {i18n.t('transfer.drive.title')}
      </h2>
      {drive ? (
        <p data-testid="transfer-drive-chosen">{i18n.t('transfer.drive.chosen', { name: drive.label ?? i18n.t('transfer.drive.unnamed') })}</p>
      ) : (
        <EmptyState>{i18n.t('transfer.drive.none')}</EmptyState>
      )}
      {drives.length === 0 && <p className="muted">{i18n.t('transfer.drive.noneInserted')}</p>}
      {canManage && others.length > 0 && (
        <ul className="plain-list transfer-drives">
          {others.map((d) => (
            <li key={d.id}>
              <span>
                {d.label ?? i18n.t('transfer.drive.unnamed')} · {formatSize(i18n, d.sizeBytes)}
                {d.isTransfer && <span className="tag">{i18n.t('transfer.drive.isTransfer')}</span>}
              </span>{' '}
              <button type="button" className="button" disabled={choose.busy} onClick={() => choose.run(() => api.call('transfer/chooseDrive', { driveId: d.id }))}>
                {i18n.t('transfer.drive.choose')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {choose.busy && <Busy>{i18n.t('common.loading')}</Busy>}
      {choose.outcome && 'error' in choose.outcome && <ActionError error={choose.outcome.error} title={i18n.t('transfer.drive.chooseFailed')} />}
      {overview.simulatedDrives && canSimulate && !drive && (
        <div className="panel panel--training">
          <button
            type="button"
            className="button"
            disabled={insert.busy}
            onClick={() => insert.run(() => api.call('drives/simulate', { action: 'insert', name: 'transfer' }))}
          >
            {i18n.t('transfer.drive.training')}
          </button>
          {insert.outcome && 'error' in insert.outcome && <ActionError error={insert.outcome.error} title={i18n.t('transfer.drive.trainingFailed')} />}
        </div>
      )}
    </section>
  );
}
