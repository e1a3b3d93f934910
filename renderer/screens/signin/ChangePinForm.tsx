import { useState, type FormEvent } from 'react';
import type { SignInStaff } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy } from '../../components/Feedback';
import { NewPinFields, useNewPin } from '../../components/NewPinFields';
import { fullName } from '../../format/names';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { useSetNotice } from '../../state/notice';

interface Props {
  person: SignInStaff;
  /** The PIN someone else issued, just accepted by main: it proves the person may choose the new one. */
  issuedPin: string;
  onBack(): void;
}

/**
 * «Задайте новый PIN»: the only step a PIN issued by someone else leads to. Main opens no session until the owner has
 * chosen their own (auth/changePin); the new PIN is typed twice, and main refuses trivial ones.
 */
export function ChangePinForm({ person, issuedPin, onBack }: Props) {
  const i18n = useI18n();
  const { api, adoptSession } = useAppState();
  const setNotice = useSetNotice();
  const entry = useNewPin(i18n);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!entry.check()) return;
    setBusy(true);
    setError(null);
    api.call('auth/changePin', { staffId: person.id, pin: issuedPin, newPin: entry.pin }).then(
      (state) => {
        setNotice(null);
        adoptSession(state);
      },
      (e: unknown) => {
        setError(toApiError(e));
        setBusy(false);
        entry.restart();
      },
    );
  };

  return (
    <form className="panel signin-form" onSubmit={submit} noValidate aria-labelledby="change-pin-title">
      <h2 id="change-pin-title" className="panel__title">
        {i18n.t('signIn.change.title')}
      </h2>
      <p className="signin-form__person" data-testid="signin-person">
        <strong>{fullName(person)}</strong>
      </p>
      <p className="muted">{i18n.t('signIn.change.lead')}</p>
      <NewPinFields entry={entry} label={i18n.t('signIn.change.new')} hint={i18n.t('pinDialog.hint')} busy={busy} i18n={i18n} />
      {error && <ErrorMessage error={error} />}
      {busy && <Busy>{i18n.t('pinDialog.busy')}</Busy>}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {i18n.t('signIn.change.submit')}
        </button>
        <button type="button" className="button" onClick={onBack} disabled={busy}>
          {i18n.t('signIn.other')}
        </button>
      </div>
    </form>
  );
}
