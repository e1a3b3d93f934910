import type { KitRow } from '../../../main/ipc/slices/printing';
import { ActionError } from '../../components/ActionError';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { uncertainKits } from './printing-text';
import { usePrintingAct } from './use-printing-act';

/**
 * A kit whose job was cut off (power, a crash) is neither printed nor lost until the organiser looks at the tray:
 * whole — it counts as printed; not whole — the same kit is printed again (never a second kit, never a gap).
 */
export function UncertainKits({ kits, canManage }: { kits: readonly KitRow[]; canManage: boolean }) {
  const asks = uncertainKits(kits);
  if (asks.length === 0) return null;
  return (
    <>
      {asks.map((kit) => (
        <UncertainKit key={kit.kitIndex} kit={kit} canManage={canManage} />
      ))}
    </>
  );
}

function UncertainKit({ kit, canManage }: { kit: KitRow; canManage: boolean }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const act = usePrintingAct<{ done: true }>();
  const answer = (cameOutWhole: boolean) => act.run(() => api.call('printing/resolveUncertain', { kitIndex: kit.kitIndex, cameOutWhole }));
  return (
    <div className="alert alert--warn alert--big" role="group" aria-labelledby={`printing-uncertain-${kit.kitIndex}`} data-testid="printing-uncertain">
      <span className="alert__icon" aria-hidden="true">
        ?
      </span>
      <div className="alert__body">
        <p id={`printing-uncertain-${kit.kitIndex}`} className="alert__title">
          {i18n.t('printing.uncertain.question', { kim: kit.kimNumber, index: kit.kitIndex })}
        </p>
        <p>{i18n.t('printing.uncertain.lead')}</p>
        {canManage && (
          <div className="actions">
            <button type="button" className="button button--big" disabled={act.busy} onClick={() => answer(true)}>
              {i18n.t('printing.uncertain.yes')}
            </button>
            <button type="button" className="button button--big" disabled={act.busy} onClick={() => answer(false)}>
              {i18n.t('printing.uncertain.no')}
            </button>
          </div>
        )}
        {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} />}
      </div>
    </div>
  );
}
