import { useState, type FormEvent } from 'react';
import type { PrintingOverview } from '../../../main/ipc/slices/printing';
import { ActionError } from '../../components/ActionError';
import { Busy } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { TokenPinField } from '../tokens/TokenPinField';
import { usePrintingAct } from './use-printing-act';

type Key = PrintingOverview['key'];

/**
 * The key to the materials, in one of three states: not brought yet (nothing to do here), loaded (the GEK member
 * inserts the token and types its password — main finds the token and unwraps the key on it), active (who and when).
 */
export function KeyPanel({ keyState, canManage }: { keyState: Key; canManage: boolean }) {
  const i18n = useI18n();
  return (
    <section className="panel printing-panel" aria-labelledby="printing-key-title" data-testid="printing-key" data-state={keyState.state}>
      <h2 id="printing-key-title" className="panel__title">
        {i18n.t('printing.key.title')}
      </h2>
      {keyState.state === 'none' && <p className="printing-say printing-say--wait">{i18n.t('printing.key.none')}</p>}
      {keyState.state === 'loaded' && (canManage ? <ActivateForm /> : <p className="printing-say">{i18n.t('printing.key.askOrganiser')}</p>)}
      {keyState.state === 'active' && <ActiveKey keyState={keyState} />}
    </section>
  );
}

function ActiveKey({ keyState }: { keyState: Key }) {
  const i18n = useI18n();
  const zone = useZone();
  return (
    <>
      <p className="printing-say printing-say--ok">
        <span aria-hidden="true">✔ </span>
        {keyState.activatedBy && keyState.activatedAt
          ? i18n.t('printing.key.active', { name: keyState.activatedBy, time: zone.time(keyState.activatedAt) })
          : i18n.t('printing.key.activeNoName')}
      </p>
      {keyState.reserveKits > 0 && <p>{i18n.t('printing.key.reserve', { count: keyState.reserveKits })}</p>}
    </>
  );
}

function ActivateForm() {
  const i18n = useI18n();
  const { api } = useAppState();
  const [pin, setPin] = useState('');
  const act = usePrintingAct<{ activatedBy: string; kits: number }>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pin === '' || act.busy) return;
    // The password is typed afresh after every try, whatever the answer: it never stays in the page.
    const tokenPin = pin;
    setPin('');
    act.run(() => api.call('printing/activate', { tokenSerial: null, tokenPin }));
  };

  return (
    <form onSubmit={submit} noValidate className="printing-activate">
      <p className="printing-say">{i18n.t('printing.key.loaded')}</p>
      <div className="printing-row">
        <TokenPinField label={i18n.t('printing.key.pin')} value={pin} onChange={setPin} disabled={act.busy} testId="printing-token-pin" />
        <button type="submit" className="button button--primary button--big" disabled={act.busy || pin === ''}>
          {i18n.t('printing.key.activate')}
        </button>
      </div>
      {act.busy && <Busy>{i18n.t('printing.key.activating')}</Busy>}
      {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} />}
    </form>
  );
}
