import { useRef, useState, type FormEvent } from 'react';
import type { SignInStaff } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy } from '../../components/Feedback';
import { PIN_RE, PinInput } from '../../components/PinInput';
import { fullName } from '../../format/names';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';

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
  const { api, adoptSession, setNotice } = useAppState();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<{ field: 'pin' | 'repeat'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!PIN_RE.test(pin)) {
      setProblem({ field: 'pin', text: i18n.t('pinDialog.badFormat') });
      pinRef.current?.focus();
      return;
    }
    if (pin !== repeat) {
      setProblem({ field: 'repeat', text: i18n.t('pinDialog.mismatch') });
      setRepeat('');
      repeatRef.current?.focus();
      return;
    }
    setProblem(null);
    setBusy(true);
    setError(null);
    api.call('auth/changePin', { staffId: person.id, pin: issuedPin, newPin: pin }).then(
      (state) => {
        setNotice(null);
        adoptSession(state);
      },
      (e: unknown) => {
        setError(toApiError(e));
        setPin('');
        setRepeat('');
        setBusy(false);
        setTimeout(() => pinRef.current?.focus(), 0);
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
      <PinInput
        ref={pinRef}
        label={i18n.t('signIn.change.new')}
        hint={i18n.t('pinDialog.hint')}
        value={pin}
        onChange={setPin}
        invalid={problem?.field === 'pin' ? problem.text : null}
        disabled={busy}
        autoFocus
      />
      <PinInput
        ref={repeatRef}
        label={i18n.t('pinDialog.repeat')}
        value={repeat}
        onChange={setRepeat}
        invalid={problem?.field === 'repeat' ? problem.text : null}
        disabled={busy}
      />
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
