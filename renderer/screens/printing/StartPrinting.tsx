import type { PrintingOverview } from '../../../main/ipc/slices/printing';
import { ActionError } from '../../components/ActionError';
import { Notice } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { waitingForKit } from './printing-text';
import { usePrintingAct } from './use-printing-act';

/**
 * «Печатать комплекты (N)»: one kit for each participant ticked as present who has none yet. Until it can print, the
 * line under it names the one thing still missing (the key, the printer, the ticks).
 */
export function StartPrinting({ overview, onQueued }: { overview: PrintingOverview; onQueued(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const act = usePrintingAct<{ queued: number }>();
  const count = waitingForKit(overview.participants);
  const missing =
    overview.key.state !== 'active'
      ? i18n.t('printing.start.needKey')
      : overview.printer === null
        ? i18n.t('printing.start.needPrinter')
        : count === 0 && overview.kits.length === 0
          ? i18n.t('printing.start.nobody')
          : null;
  return (
    <div className="printing-start" data-testid="printing-start">
      <div className="actions">
        <button
          type="button"
          className="button button--primary button--big"
          disabled={act.busy || missing !== null || count === 0}
          onClick={() => act.run(() => api.call('printing/start', {}), onQueued)}
        >
          {i18n.t('printing.start', { count })}
        </button>
      </div>
      {missing && <p className="printing-say printing-say--wait">{missing}</p>}
      {act.outcome && 'ok' in act.outcome && <Notice>{i18n.t('printing.start.queued', { count: act.outcome.ok.queued })}</Notice>}
      {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} />}
    </div>
  );
}
