import type { SessionState } from '../../main/ipc/dto';
import { toApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Busy } from '../components/Feedback';
import { PinInput } from '../components/PinInput';
import { usePinEntry } from '../components/use-pin-entry';
import { roleName } from '../format/labels';
import { fullName } from '../format/names';
import { useI18n } from '../i18n/i18n';
import { useAppState, useZone } from '../state/app-state';
import { useSetNotice } from '../state/notice';

type Locked = Extract<SessionState, { state: 'active' | 'locked' }>;

/** The idle lock: the same person unlocks with the PIN, or anyone else signs in afresh. */
export function LockScreen({ session }: { session: Locked }) {
  const i18n = useI18n();
  const zone = useZone();
  const { api, adoptSession } = useAppState();
  const setNotice = useSetNotice();
  const { pin, setPin, busy, setBusy, error, setError, formatProblem, pinRef, submitWith } = usePinEntry(i18n);

  const unlock = submitWith(
    (pin) => api.call('auth/unlock', { pin }).then(adoptSession),
    // A lock-out here ends the session; the sign-in screen then says until when.
    (failure) => {
      if (failure.code === 'PIN_LOCKED_OUT') setNotice({ error: failure });
    },
  );

  const signInAsOther = () => {
    setBusy(true);
    api.call('auth/signOut', {}).then(adoptSession, (e: unknown) => {
      setError(toApiError(e));
      setBusy(false);
    });
  };

  return (
    <main id="main" className="lock" tabIndex={-1}>
      <form className="panel lock__panel" onSubmit={unlock} noValidate aria-labelledby="lock-title">
        <h1 id="lock-title" className="page-title">
          <span aria-hidden="true">⊘ </span>
          {i18n.t('lock.title')}
        </h1>
        <p>{i18n.t('lock.lead')}</p>
        <p className="lock__person" data-testid="locked-user">
          <strong>{fullName(session.staff)}</strong>
          <br />
          {roleName(i18n, session.staff.roleCode)}
          <br />
          <span className="muted">{i18n.t('lock.signedInAt', { time: zone.time(session.signedInAt) })}</span>
        </p>
        <PinInput
          ref={pinRef}
          label={i18n.t('signIn.pin')}
          value={pin}
          onChange={setPin}
          invalid={formatProblem}
          disabled={busy}
          autoFocus
        />
        {error && <ErrorMessage error={error} />}
        {busy && <Busy>{i18n.t('lock.busy')}</Busy>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {i18n.t('lock.submit')}
          </button>
          <button type="button" className="button" onClick={signInAsOther} disabled={busy}>
            {i18n.t('lock.other')}
          </button>
        </div>
      </form>
    </main>
  );
}
