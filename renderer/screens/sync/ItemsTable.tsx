import { memo } from 'react';
import type { SyncStatus } from '../../../main/ipc/dto';
import { hotlineDetails } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/Feedback';
import { formatInstant, formatSize, itemKindLabel, syncErrorShort } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { serverNow } from '../../time/server-clock';

type Item = SyncStatus['items'][number];

/** The newest outbox items (main sends up to 100; waiting and refused ones first). */
export const ItemsTable = memo(function ItemsTable({
  items,
  activeId,
  activePercent,
}: {
  items: SyncStatus['items'];
  activeId: string | null;
  activePercent: number | null;
}) {
  const i18n = useI18n();
  return (
    <section className="section" aria-labelledby="sync-items-title" data-testid="sync-items">
      <h2 id="sync-items-title" className="section__title">
        {i18n.t('sync.items.title')}
      </h2>
      {items.length === 0 ? (
        <EmptyState>{i18n.t('sync.items.empty')}</EmptyState>
      ) : (
        <>
          <p className="muted">{i18n.t('sync.items.lead', { count: items.length })}</p>
          <div className="table-wrap">
            <table className="table table--sync-items" aria-labelledby="sync-items-title">
              <thead>
                <tr>
                  <th scope="col">{i18n.t('sync.col.item')}</th>
                  <th scope="col">{i18n.t('sync.col.created')}</th>
                  <th scope="col" className="num">
                    {i18n.t('sync.col.size')}
                  </th>
                  <th scope="col">{i18n.t('sync.col.state')}</th>
                  <th scope="col" className="num">
                    {i18n.t('sync.col.attempts')}
                  </th>
                  <th scope="col">{i18n.t('sync.col.next')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <ItemRow key={item.id} item={item} sendingPercent={item.id === activeId ? activePercent : null} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
});

/** One row; memoised: during an upload only the row being sent changes. */
const ItemRow = memo(function ItemRow({ item, sendingPercent }: { item: Item; sendingPercent: number | null }) {
  const i18n = useI18n();
  const zone = useZone();
  const now = serverNow();
  return (
    <tr data-id={item.id} data-kind={item.kind} data-state={item.state}>
      <th scope="row">{itemKindLabel(i18n, item.kind)}</th>
      <td className="mono">{formatInstant(zone, item.createdAt, now)}</td>
      <td className="num mono">{formatSize(i18n, item.size)}</td>
      <td className={`item-state item-state--${item.state}`}>
        <ItemState item={item} sendingPercent={sendingPercent} />
      </td>
      <td className="num">{item.attempts}</td>
      <td className="mono">
        {item.state === 'pending' && item.nextAttemptAt ? formatInstant(zone, item.nextAttemptAt, now) : i18n.t('common.none')}
      </td>
    </tr>
  );
});

function ItemState({ item, sendingPercent }: { item: Item; sendingPercent: number | null }) {
  const i18n = useI18n();
  const zone = useZone();
  if (item.state === 'delivered') {
    return (
      <>
        <span aria-hidden="true">✔ </span>
        {i18n.t('sync.state.delivered', { time: item.deliveredAt ? formatInstant(zone, item.deliveredAt, serverNow()) : '' })}
      </>
    );
  }
  if (item.state === 'failed') {
    return (
      <span title={item.lastError ? hotlineDetails(zone, item.lastError) : undefined}>
        <span aria-hidden="true">✖ </span>
        {i18n.t('sync.state.failed', {
          error: item.lastError ? syncErrorShort(i18n, item.lastError) : i18n.t('sync.short.unknown'),
        })}
      </span>
    );
  }
  if (sendingPercent !== null) {
    return (
      <>
        <span aria-hidden="true">⇅ </span>
        {i18n.t('sync.state.sending', { percent: sendingPercent })}
      </>
    );
  }
  return (
    <>
      <span aria-hidden="true">○ </span>
      {i18n.t('sync.state.pending')}
      {item.lastError && (
        <span className="item-state__last muted">
          {i18n.t('sync.state.lastTry', { error: syncErrorShort(i18n, item.lastError) })}
        </span>
      )}
    </>
  );
}
