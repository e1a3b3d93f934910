import { useEffect, useState } from 'react';
import type { SignInStaff } from '../../../main/ipc/dto';
import { toApiError } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy } from '../../components/Feedback';
import { PinInput } from '../../components/PinInput';
import { usePinEntry } from '../../components/use-pin-entry';
import { roleName } from '../../format/labels';
import { fullName } from '../../format/names';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { useSetNotice } from '../../state/notice';
import { ChangePinForm } from './ChangePinForm';

interface Props {
  person: SignInStaff;
  onBack(): void;
  /** After a wrong PIN or a lock-out the list's lock notes must be re-read. */
  onFailed(): void;
}

/** The PIN step for one chosen person. */
export function SignInForm({ person, onBack, onFailed }: Props) {
  const i18n = useI18n();
  const { api, adoptSession } = useAppState();
  const setNotice = useSetNotice();
  const { pin, setPin, busy, setBusy, error, formatProblem, pinRef, submitWith } = usePinEntry(i18n);
  // Set when main accepted a PIN someone else issued: the next step is choosing one's own (PIN_CHANGE_REQUIRED).
  const [issuedPin, setIssuedPin] = useState<string | null>(null);

  // Mounted afresh for each person chosen (SignInScreen keys it by person): the field is empty; the cursor goes
  // in it, so choosing and typing the PIN is one motion.
  useEffect(() => {
    pinRef.current?.focus();
  }, [pinRef]);

  const submit = submitWith(
    (pin) =>
      api.call('auth/signIn', { staffId: person.id, pin }).then(
        (state) => {
          setNotice(null);
          adoptSession(state);
        },
        (e: unknown) => {
          if (toApiError(e).code !== 'PIN_CHANGE_REQUIRED') throw e;
          setBusy(false);
          setIssuedPin(pin);
        },
      ),
    () => onFailed(),
  );

  if (issuedPin !== null) return <ChangePinForm person={person} issuedPin={issuedPin} onBack={onBack} />;

  return (
    <form className="panel signin-form" onSubmit={submit} noValidate aria-labelledby="signin-form-title">
      <h2 id="signin-form-title" className="panel__title">
        {i18n.t('signIn.chosen')}
      </h2>
      <p className="signin-form__person" data-testid="signin-person">
        <strong>{fullName(person)}</strong>
        <br />
        {roleName(i18n, person.roleCode)}
      </p>
      <PinInput
        ref={pinRef}
        label={i18n.t('signIn.pin')}
        hint={i18n.t('signIn.pinHint')}
        value={pin}
        onChange={setPin}
        invalid={formatProblem}
        disabled={busy}
      />
      {error && <ErrorMessage error={error} />}
      {busy && <Busy>{i18n.t('signIn.busy')}</Busy>}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {i18n.t('signIn.submit')}
        </button>
        <button type="button" className="button" onClick={onBack} disabled={busy}>
          {i18n.t('signIn.other')}
        </button>
      </div>
    </form>
  );
}
