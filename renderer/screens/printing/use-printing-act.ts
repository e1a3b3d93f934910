import { useCallback, useState } from 'react';
import { toApiError, type ApiError } from '../../api';

export type ActOutcome<T> = { ok: T } | { error: ApiError } | null;

/**
 * One act of the printing screen (activate, choose a printer, print, pause, spoil…): busy while it runs, then its
 * answer or its error, drawn beside the button that was pressed. The overview re-reads by itself (topic 'printing').
 */
export function usePrintingAct<T>() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ActOutcome<T>>(null);
  const run = useCallback((call: () => Promise<T>, after?: (value: T) => void) => {
    setBusy(true);
    setOutcome(null);
    call()
      .then(
        (value) => {
          setOutcome({ ok: value });
          after?.(value);
        },
        (e: unknown) => setOutcome({ error: toApiError(e) }),
      )
      .finally(() => setBusy(false));
  }, []);
  const clear = useCallback(() => setOutcome(null), []);
  return { busy, outcome, run, clear };
}
