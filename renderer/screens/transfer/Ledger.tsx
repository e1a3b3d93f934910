import type { TransferOverview } from '../../../main/ipc/slices/transfer';
import { EmptyState } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { gapWords, kindWords, receiverWords } from './transfer-text';

/** What is still missing per stream: «не хватает сообщений № …», and what to do about it. */
export function Gaps({ overview }: { overview: TransferOverview }) {
  const i18n = useI18n();
  return (
    <section className="section" aria-labelledby="transfer-gaps-title" data-testid="transfer-gaps">
      <h2 id="transfer-gaps-title" className="section__title">
        {i18n.t('transfer.gaps.title')}
      </h2>
      {overview.missing.length === 0 ? (
        <p>{i18n.t('transfer.gaps.none')}</p>
      ) : (
        <>
          <ul className="plain-list">
            {overview.missing.map((g) => (
              <li key={`${g.sender}/${g.receiver}`} className="transfer-gap">
                <span aria-hidden="true">⚠ </span>
                {gapWords(i18n, g)}
              </li>
            ))}
          </ul>
          <p className="muted">{i18n.t('transfer.gaps.hint')}</p>
        </>
      )}
    </section>
  );
}

/** What this station took from the drive, or wrote to it, newest first. */
export function LedgerTable({ lines, direction }: { lines: TransferOverview['taken']; direction: 'taken' | 'written' }) {
  const i18n = useI18n();
  const zone = useZone();
  const title = direction === 'taken' ? i18n.t('transfer.taken.title') : i18n.t('transfer.written.title');
  return (
    <section className="section" aria-labelledby={`transfer-${direction}-title`} data-testid={`transfer-${direction}`}>
      <h2 id={`transfer-${direction}-title`} className="section__title">
        {title}
      </h2>
      {lines.length === 0 ? (
        <EmptyState>{direction === 'taken' ? i18n.t('transfer.taken.empty') : i18n.t('transfer.written.empty')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{i18n.t('transfer.col.what')}</th>
                <th scope="col">{direction === 'taken' ? i18n.t('transfer.col.from') : i18n.t('transfer.col.to')}</th>
                <th scope="col" className="num">
                  {i18n.t('transfer.col.number')}
                </th>
                <th scope="col">{i18n.t('transfer.col.exam')}</th>
                <th scope="col">{i18n.t('transfer.col.when')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.sender}/${l.receiver}/${l.seq}`}>
                  <th scope="row">{kindWords(i18n, l.kind)}</th>
                  <td>{direction === 'taken' ? l.sender : receiverWords(i18n, l.receiver)}</td>
                  <td className="num">{l.seq}</td>
                  <td>{l.examDate ? zone.shortDate(l.examDate) : '—'}</td>
                  <td>{zone.dateTime(l.recordedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
