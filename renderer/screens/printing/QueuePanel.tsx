import type { PrintingOverview } from '../../../main/ipc/slices/printing';
import { ActionError } from '../../components/ActionError';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { currentKit } from './printing-text';
import { UncertainKits } from './UncertainKits';
import { usePrintingAct } from './use-printing-act';

/**
 * The queue as the organiser follows it from across the room: the kit printing now and its page («ИК 5 из 18,
 * стр. 7 из 20») with a bar, how many wait, why it stopped (the printer's fault in words that say what to do), and
 * pause / «Продолжить». Kits whose job was cut off ask their question first.
 */
export function QueuePanel({ overview, canManage }: { overview: PrintingOverview; canManage: boolean }) {
  const i18n = useI18n();
  const { queue, kits } = overview;
  const now = currentKit(kits);
  const allPrinted = queue.state === 'idle' && queue.waiting === 0 && kits.length > 0 && kits.every((k) => k.state === 'printed' || k.state === 'spoiled');
  return (
    <section className="panel printing-panel" aria-labelledby="printing-queue-title" data-testid="printing-queue" data-state={queue.state}>
      <h2 id="printing-queue-title" className="panel__title">
        {i18n.t('printing.queue.title')}
      </h2>
      <UncertainKits kits={kits} canManage={canManage} />
      {queue.fault && <ErrorMessage error={queue.fault} title={i18n.t('printing.queue.stopped')} className="printing-fault" />}
      {queue.state === 'paused' && <p className="printing-say printing-say--wait">{i18n.t('printing.queue.paused')}</p>}
      {now && (
        <div className="printing-now" data-testid="printing-now" data-kit={now.kit.kitIndex}>
          <p className="printing-big">
            {now.kit.pagesDone === null
              ? i18n.t('printing.queue.starting', { n: now.n, total: now.total })
              : i18n.t('printing.queue.current', { n: now.n, total: now.total, page: Math.min(now.kit.pagesDone + 1, now.kit.pages), pages: now.kit.pages })}
          </p>
          <progress
            className="progress"
            value={now.kit.pagesDone ?? 0}
            max={Math.max(1, now.kit.pages)}
            aria-label={i18n.t('printing.queue.pages', { index: now.kit.kitIndex })}
          />
        </div>
      )}
      {queue.waiting > 0 && <p className="printing-say">{i18n.t('printing.queue.waiting', { count: queue.waiting })}</p>}
      {allPrinted && (
        <p className="printing-say printing-say--ok" data-testid="printing-all-done">
          <span aria-hidden="true">✔ </span>
          {i18n.t('printing.queue.done')}
        </p>
      )}
      {canManage && <QueueButtons state={queue.state} />}
    </section>
  );
}

/** Pause while kits print; «Продолжить» after a pause or once the fault is fixed (main checks the printer again). */
function QueueButtons({ state }: { state: PrintingOverview['queue']['state'] }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const act = usePrintingAct<{ done: true }>();
  if (state === 'idle') return null;
  return (
    <>
      <div className="actions">
        {state === 'printing' ? (
          <button type="button" className="button button--big" disabled={act.busy} onClick={() => act.run(() => api.call('printing/pause', {}))}>
            <span aria-hidden="true">❚❚</span> {i18n.t('printing.queue.pause')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary button--big"
            disabled={act.busy}
            onClick={() => act.run(() => api.call('printing/resume', {}))}
          >
            <span aria-hidden="true">▶</span> {i18n.t('printing.queue.resume')}
          </button>
        )}
      </div>
      {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} />}
    </>
  );
}
