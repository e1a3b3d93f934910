import type { PrintingOverview } from '../../../main/ipc/slices/printing';
import { useI18n } from '../../i18n/i18n';

const ORDER = ['printed', 'spoiled', 'replaced', 'reserveUsed', 'remaining'] as const;

/** The room's totals, the numbers the organiser reads out and writes in the room's protocol. */
export function Counters({ counters }: { counters: PrintingOverview['counters'] }) {
  const i18n = useI18n();
  return (
    <section className="panel printing-panel" aria-labelledby="printing-counters-title" data-testid="printing-counters">
      <h2 id="printing-counters-title" className="panel__title">
        {i18n.t('printing.counters.title')}
      </h2>
      <dl className="printing-counters">
        {ORDER.map((name) => (
          <div key={name} className="printing-counter" data-counter={name}>
            <dt>{i18n.t(`printing.counters.${name}`)}</dt>
            <dd>{counters[name]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
