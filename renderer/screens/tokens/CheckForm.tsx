import { useState, type FormEvent } from 'react';
import type { TokenRegistrationView } from '../../../main/ipc/slices/tokens';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { Busy, Notice } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { PersonSelect } from './PersonSelect';
import { TokenPinField } from './TokenPinField';

/** «Проверить токен»: the member's token signs a fresh challenge, checked against the registered key (journaled). */
export function CheckForm({ register }: { register: TokenRegistrationView[] }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const [staffId, setStaffId] = useState<number | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = register.find((r) => r.staffId === staffId) ?? null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen === null || pin === '') return;
    setBusy(true);
    setError(null);
    setDone(null);
    api.call('tokens/check', { staffId: chosen.staffId, tokenPin: pin }).then(
      (r) => {
        setDone(i18n.t('tokens.check.ok', { serial: r.serial, name: chosen.name }));
        setPin('');
        setBusy(false);
      },
      (failure: unknown) => {
        // The PIN is typed afresh after any refusal.
        setPin('');
        setError(toApiError(failure));
        setBusy(false);
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="tokens-check-title" data-testid="tokens-check">
      <h2 id="tokens-check-title" className="panel__title">
        {i18n.t('tokens.check.title')}
      </h2>
      <p className="muted">{i18n.t('tokens.check.lead')}</p>
      {register.length === 0 ? (
        <p className="muted">{i18n.t('tokens.check.none')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <PersonSelect
            label={i18n.t('tokens.enrol.member')}
            people={register}
            value={staffId}
            onChange={setStaffId}
            emptyLabel={i18n.t('tokens.choose')}
            disabled={busy}
          />
          <TokenPinField label={i18n.t('tokens.check.pin')} value={pin} onChange={setPin} disabled={busy} testId="tokens-check-pin" />
          {error && <ActionError error={error} />}
          {done && <Notice>{done}</Notice>}
          {busy && <Busy>{i18n.t('common.loading')}</Busy>}
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy || chosen === null || pin === ''}>
              {i18n.t('tokens.check.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
