import { memo } from 'react';
import type { SyncStatus } from '../../../main/ipc/dto';
import { EmptyState } from '../../components/Feedback';
import { streamLabel } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { TrainingPacketButton } from './SyncActions';

/** Counts by stream: waiting, delivered, refused. Re-renders only when a count changes. */
export const QueueTable = memo(function QueueTable({
  queue,
  withTrainingPacket,
}: {
  queue: SyncStatus['queue'];
  withTrainingPacket: boolean;
}) {
  const i18n = useI18n();
  const total = queue.reduce(
    (sum, q) => ({ pending: sum.pending + q.pending, delivered: sum.delivered + q.delivered, failed: sum.failed + q.failed }),
    { pending: 0, delivered: 0, failed: 0 },
  );
  return (
    <section className="section" aria-labelledby="sync-queue-title" data-testid="sync-queue">
      <h2 id="sync-queue-title" className="section__title">
        {i18n.t('sync.queue.title')}
      </h2>
      {queue.length === 0 ? (
        <EmptyState>{i18n.t('sync.queue.empty')}</EmptyState>
      ) : (
        <div className="table-wrap table-wrap--fit">
          <table className="table" aria-labelledby="sync-queue-title">
            <thead>
              <tr>
                <th scope="col">{i18n.t('sync.col.kind')}</th>
                <th scope="col" className="num">
                  {i18n.t('sync.col.pending')}
                </th>
                <th scope="col" className="num">
                  {i18n.t('sync.col.delivered')}
                </th>
                <th scope="col" className="num">
                  {i18n.t('sync.col.failed')}
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.map((q) => (
                <tr key={q.stream} data-stream={q.stream}>
                  <th scope="row">{streamLabel(i18n, q.stream)}</th>
                  <td className="num" data-col="pending">
                    {q.pending}
                  </td>
                  <td className="num" data-col="delivered">
                    {q.delivered}
                  </td>
                  <td className={`num ${q.failed > 0 ? 'cell-failed' : ''}`} data-col="failed">
                    {q.failed > 0 && <span aria-hidden="true">✖ </span>}
                    {q.failed}
                  </td>
                </tr>
              ))}
            </tbody>
            {queue.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row">{i18n.t('sync.queue.total')}</th>
                  <td className="num">{total.pending}</td>
                  <td className="num">{total.delivered}</td>
                  <td className="num">{total.failed}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
      {total.failed > 0 && <p className="warn-text sync-failed-note">{i18n.t('sync.queue.failedNote')}</p>}
      {withTrainingPacket && <TrainingPacketButton />}
    </section>
  );
});
