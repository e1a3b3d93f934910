import { useState } from 'react';
import { toApiError, type ApiError } from '../../api';

export type ActOutcome<T> = { ok: T } | { error: ApiError } | null;

/**
 * One act of the transfer screen (take, write, choose a drive): busy while it runs, then its answer or its error,
 * shown beside the button that was pressed. The overview re-reads by itself (data/changed 'transfer').
 */
export function useTransferAct<T>() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ActOutcome<T>>(null);
  const run = (call: () => Promise<T>) => {
    setBusy(true);
    setOutcome(null);
    call()
      .then(
        (value) => setOutcome({ ok: value }),
        (e: unknown) => setOutcome({ error: toApiError(e) }),
      )
      .finally(() => setBusy(false));
  };
  return { busy, outcome, run };
}
