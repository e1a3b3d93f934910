import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SignInStaff, StaffRow } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ActionError } from '../../components/ActionError';
import { Busy } from '../../components/Feedback';
import { NewPinFields, useNewPin } from '../../components/NewPinFields';
import { PIN_RE, PinInput } from '../../components/PinInput';
// Main enforces these rules; the dialog only asks for what main will want.
import { CONFIRMER_ROLES, GUARDED_ROLES } from '../../../main/ipc/shared-rules';
import { roleName } from '../../format/labels';
import { fullName, shortName, shortNameDative } from '../../format/names';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';

interface Props {
  person: StaffRow;
  onClose(): void;
  onDone(message: string): void;
}


/**
 * Issues a new PIN: typed twice, and the question names the person it is for. For the PPE head or a GEK member a
 * second person confirms with their own PIN; the owner then chooses their own PIN at the next sign-in.
 */
export function SetPinDialog({ person, onClose, onDone }: Props) {
  const i18n = useI18n();
  const { api, session } = useAppState();
  const selfId = session?.state === 'active' ? session.staff.id : null;
  const own = selfId === person.id;
  // Main may know the person as a head or GEK member on another day: its refusal opens the same fields.
  const [secondAsked, setSecondAsked] = useState(false);
  const needsSecond = !own && (GUARDED_ROLES.includes(person.roleCode) || secondAsked);
  const [confirmers, setConfirmers] = useState<SignInStaff[]>([]);
  const [confirmerId, setConfirmerId] = useState<number | null>(null);
  const [confirmerPin, setConfirmerPin] = useState('');
  const confirmerSelectId = useId();
  const confirmerRef = useRef<HTMLSelectElement>(null);
  const confirmerPinRef = useRef<HTMLInputElement>(null);
  const entry = useNewPin(i18n);
  const [problem, setProblem] = useState<{ field: 'confirmer' | 'confirmerPin'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const name = i18n.locale === 'ru' ? shortNameDative(person) : shortName(person);

  useEffect(() => {
    if (!needsSecond) return;
    let live = true;
    api.call('auth/staffList', {}).then(
      (list) => {
        if (!live) return;
        setConfirmers(
          list.filter((s) => s.hasPin && CONFIRMER_ROLES.includes(s.roleCode) && s.id !== person.id && s.id !== selfId),
        );
      },
      (e: unknown) => live && setError(toApiError(e)),
    );
    return () => {
      live = false;
    };
  }, [api, needsSecond, person.id, selfId]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The cursor goes to the field that needs fixing.
    setProblem(null);
    if (!entry.check()) return;
    if (needsSecond && confirmerId === null) {
      setProblem({ field: 'confirmer', text: i18n.t('pinDialog.confirmerRequired') });
      confirmerRef.current?.focus();
      return;
    }
    if (needsSecond && !PIN_RE.test(confirmerPin)) {
      setProblem({ field: 'confirmerPin', text: i18n.t('pinDialog.badFormat') });
      confirmerPinRef.current?.focus();
      return;
    }
    setProblem(null);
    setBusy(true);
    setError(null);
    const confirmation = needsSecond && confirmerId !== null ? { staffId: confirmerId, pin: confirmerPin } : undefined;
    api.call('staff/setPin', { staffId: person.id, pin: entry.pin, confirmation }).then(
      () => onDone(i18n.t('staff.pinIssued', { name: fullName(person) })),
      (e: unknown) => {
        const failure = toApiError(e);
        if (failure.code === 'PIN_SECOND_PERSON_REQUIRED') setSecondAsked(true);
        // The confirming PIN is typed afresh after any refusal; the new PIN stays.
        setConfirmerPin('');
        setError(failure);
        setBusy(false);
      },
    );
  };

  return (
    <Dialog title={i18n.t('pinDialog.title')} onClose={onClose} busy={busy}>
      <form onSubmit={submit} noValidate>
        <p className="dialog__question" data-testid="pin-dialog-question">
          {i18n.t('pinDialog.question', { name })}
        </p>
        <p className="muted">{i18n.t('pinDialog.consequence')}</p>
        {!own && <p className="muted">{i18n.t('pinDialog.mustChange')}</p>}
        <NewPinFields entry={entry} label={i18n.t('pinDialog.new')} hint={i18n.t('pinDialog.hint')} busy={busy} i18n={i18n} />
        {needsSecond && (
          <fieldset className="field" data-testid="pin-dialog-second">
            <legend className="field__label">{i18n.t('pinDialog.second.title')}</legend>
            <p className="muted">{i18n.t('pinDialog.second.why')}</p>
            <label htmlFor={confirmerSelectId} className="field__label">
              {i18n.t('pinDialog.second.who')}
            </label>
            <select
              ref={confirmerRef}
              id={confirmerSelectId}
              className="field__input"
              value={confirmerId ?? ''}
              disabled={busy}
              aria-invalid={problem?.field === 'confirmer' ? true : undefined}
              onChange={(e) => setConfirmerId(e.target.value === '' ? null : Number(e.target.value))}
            >
              <option value="">{i18n.t('pinDialog.second.choose')}</option>
              {confirmers.map((s) => (
                <option key={s.id} value={s.id}>
                  {`${fullName(s)} — ${roleName(i18n, s.roleCode)}`}
                </option>
              ))}
            </select>
            {problem?.field === 'confirmer' && (
              <p className="field__error" role="alert">
                {problem.text}
              </p>
            )}
            <PinInput
              ref={confirmerPinRef}
              label={i18n.t('pinDialog.second.pin')}
              value={confirmerPin}
              onChange={setConfirmerPin}
              invalid={problem?.field === 'confirmerPin' ? problem.text : null}
              disabled={busy}
            />
          </fieldset>
        )}
        {error && <ActionError error={error} />}
        {busy && <Busy>{i18n.t('pinDialog.busy')}</Busy>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {i18n.t('pinDialog.submit')}
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {i18n.t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
