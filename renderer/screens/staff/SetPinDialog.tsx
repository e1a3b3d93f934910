import { useRef, useState, type FormEvent } from 'react';
import type { StaffRow } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy } from '../../components/Feedback';
import { PIN_RE, PinInput } from '../../components/PinInput';
import { fullName, shortName, shortNameDative } from '../../format/names';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';

interface Props {
  person: StaffRow;
  onClose(): void;
  onDone(message: string): void;
}

/** Issues a new PIN: typed twice, and the question names the person it is for. */
export function SetPinDialog({ person, onClose, onDone }: Props) {
  const i18n = useI18n();
  const { api } = useAppState();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<{ field: 'pin' | 'repeat'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const name = i18n.locale === 'ru' ? shortNameDative(person) : shortName(person);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The cursor goes to the field that needs fixing.
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
    api.call('staff/setPin', { staffId: person.id, pin }).then(
      () => onDone(i18n.t('staff.pinIssued', { name: fullName(person) })),
      (e: unknown) => {
        setError(toApiError(e));
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
        <PinInput
          ref={pinRef}
          label={i18n.t('pinDialog.new')}
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
