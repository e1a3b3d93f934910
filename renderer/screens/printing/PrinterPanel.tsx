import { useId, useState, type FormEvent } from 'react';
import type { PrintingOverview } from '../../../main/ipc/slices/printing';
import { ActionError } from '../../components/ActionError';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useI18n } from '../../i18n/i18n';
import type { I18n } from '../../i18n/i18n-types';
import { useAppState } from '../../state/app-state';
import { usePrintingAct } from './use-printing-act';

type Printer = NonNullable<PrintingOverview['printer']>;

export function printerName(i18n: I18n, p: Printer): string {
  if (p.simulated) return i18n.t('printing.printer.simulated', { name: p.name });
  return p.isDefault ? i18n.t('printing.printer.default', { name: p.name }) : p.name;
}

/**
 * The printer: the one in use and its state, each fault it reports in words that say what to do (paper out, jam,
 * offline — the catalog's), and the choice of another from the system's list.
 */
export function PrinterPanel({ overview, canManage }: { overview: PrintingOverview; canManage: boolean }) {
  const i18n = useI18n();
  const { printer, printers } = overview;
  const [otherOpen, setOtherOpen] = useState(false);
  return (
    <section className="panel printing-panel" aria-labelledby="printing-printer-title" data-testid="printing-printer">
      <h2 id="printing-printer-title" className="panel__title">
        {i18n.t('printing.printer.title')}
      </h2>
      {printer ? (
        <p className="printing-say" data-testid="printing-printer-state" data-state={printer.state}>
          {i18n.t('printing.printer.line', { name: printerName(i18n, printer), state: i18n.t(`printing.printer.state.${printer.state}`) })}
        </p>
      ) : (
        <p className="printing-say printing-say--wait">{printers.length === 0 ? i18n.t('printing.printer.noneFound') : i18n.t('printing.printer.none')}</p>
      )}
      {/* A fault that stopped the queue is said once, in the queue's panel beside «Продолжить». */}
      {printer?.problems
        .filter((problem) => problem.code !== overview.queue.fault?.code)
        .map((problem) => <ErrorMessage key={problem.code} error={problem} className="printing-fault" />)}
      {canManage && printers.length > 0 && printer !== null && (
        // Chosen once in the morning: the list stays folded away so the screen keeps to what happens now.
        <button type="button" className="button button--small" aria-expanded={otherOpen} onClick={() => setOtherOpen((open) => !open)}>
          {i18n.t('printing.printer.other')}
        </button>
      )}
      {canManage && printers.length > 0 && (printer === null || otherOpen ? <ChoosePrinter overview={overview} /> : null)}
    </section>
  );
}

function ChoosePrinter({ overview }: { overview: PrintingOverview }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const selectId = useId();
  const current = overview.printer?.name ?? '';
  const [chosen, setChosen] = useState<string | null>(null);
  const value = chosen ?? (current || (overview.printers.find((p) => p.isDefault) ?? overview.printers[0])?.name || '');
  const act = usePrintingAct<unknown>();
  // While a kit prints, the printer stays: its job would be cut in two.
  const locked = overview.queue.state === 'printing';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value === '' || act.busy) return;
    act.run(() => api.call('printing/choosePrinter', { printer: value }), () => setChosen(null));
  };

  return (
    <form onSubmit={submit} noValidate>
      <div className="printing-row">
        <div className="field field--grow">
          <label htmlFor={selectId} className="field__label">
            {i18n.t('printing.printer.choose')}
          </label>
          <select id={selectId} className="field__input" value={value} disabled={act.busy || locked} onChange={(e) => setChosen(e.target.value)}>
            {overview.printers.map((p) => (
              <option key={p.name} value={p.name}>
                {i18n.t('printing.printer.line', { name: printerName(i18n, p), state: i18n.t(`printing.printer.state.${p.state}`) })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={act.busy || locked || value === '' || value === current}>
          {i18n.t('printing.printer.use')}
        </button>
      </div>
      {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} />}
    </form>
  );
}
