import { useState } from 'react';
import type { KitRow } from '../../../main/ipc/slices/printing';
import { errorText } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { SpoilDialog } from './SpoilDialog';

/**
 * Every kit of the room with its state: who has it (by seat), when it came out, whether it is a reserve kit or a
 * replacement, and «Испорчен» on a printed one — which opens the reason and queues a replacement.
 */
export function KitsTable({ kits, keyActive, canManage }: { kits: readonly KitRow[]; keyActive: boolean; canManage: boolean }) {
  const i18n = useI18n();
  const [spoiling, setSpoiling] = useState<KitRow | null>(null);
  return (
    <section className="panel printing-panel" aria-labelledby="printing-kits-title" data-testid="printing-kits">
      <h2 id="printing-kits-title" className="panel__title">
        {i18n.t('printing.kits.title')}
      </h2>
      {kits.length === 0 ? (
        <EmptyState>{i18n.t('printing.kits.none')}</EmptyState>
      ) : (
        <div className="table-wrap table-wrap--fit">
          <table className="table printing-table" aria-labelledby="printing-kits-title">
            <thead>
              <tr>
                <th scope="col">{i18n.t('printing.col.kit')}</th>
                <th scope="col">{i18n.t('printing.col.kim')}</th>
                <th scope="col">{i18n.t('printing.col.seat')}</th>
                <th scope="col">{i18n.t('printing.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {kits.map((kit) => (
                <tr key={kit.kitIndex} data-kit={kit.kitIndex} data-state={kit.state}>
                  <th scope="row">
                    {i18n.t('printing.kitRef', { index: kit.kitIndex })}
                    {kit.source === 'reserve' && <span className="tag tag--warn">{i18n.t('printing.kit.reserve')}</span>}
                  </th>
                  <td className="mono">{kit.kimNumber}</td>
                  <td>{kit.seat ?? '—'}</td>
                  <td>
                    <KitState kit={kit} />
                    {canManage && kit.state === 'printed' && (
                      <button
                        type="button"
                        className="button button--small printing-spoil"
                        aria-label={i18n.t('printing.kit.spoilFor', { index: kit.kitIndex })}
                        onClick={() => setSpoiling(kit)}
                      >
                        {i18n.t('printing.kit.spoil')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {spoiling && <SpoilDialog kit={spoiling} keyActive={keyActive} onClose={() => setSpoiling(null)} />}
    </section>
  );
}

function KitState({ kit }: { kit: KitRow }) {
  const i18n = useI18n();
  const zone = useZone();
  const words: string[] = [
    kit.state === 'printed' && kit.printedAt ? i18n.t('printing.kit.printedAt', { time: zone.time(kit.printedAt) }) : i18n.t(`printing.kit.state.${kit.state}`),
  ];
  if (kit.state === 'spoiled' && kit.spoilReason) words.push(i18n.t(`printing.spoil.reason.${kit.spoilReason}`));
  if (kit.replacementOf !== null) words.push(i18n.t('printing.kit.replacementOf', { index: kit.replacementOf }));
  return (
    <span className={`printing-kit-state printing-kit-state--${kit.state}`}>
      {words.join(', ')}
      {kit.problem && <span className="printing-kit-problem">{errorText(i18n, zone, kit.problem)}</span>}
    </span>
  );
}
