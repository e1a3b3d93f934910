import { memo, useId, useState, type FormEvent } from 'react';
import { ENROL_CODE_LENGTH } from '../../../main/ipc/shared-rules';
import { toApiError, type ApiError } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, Notice } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { useSyncControl } from '../../state/sync-status';

interface Props {
  enrolled: boolean;
  stationId: string | null;
  configured: boolean;
  canManage: boolean;
}

/** Whether RCOI knows this station; if not, the specialist enrols it here with the one-time code from RCOI. */
export const StationPanel = memo(function StationPanel({ enrolled, stationId, configured, canManage }: Props) {
  const i18n = useI18n();
  const stationNumber = useAppState().info?.station?.number ?? null;
  const [justEnrolled, setJustEnrolled] = useState(false);
  return (
    <section className="panel" aria-labelledby="sync-station-title" data-testid="sync-station" data-enrolled={enrolled}>
      <h2 id="sync-station-title" className="panel__title">
        {i18n.t('sync.station.title')}
      </h2>
      {enrolled ? (
        <>
          <p className="status-line status-line--ok">
            <span aria-hidden="true">✔ </span>
            {i18n.t('sync.station.enrolled')}
          </p>
          {/* Stations by their number; RCOI's identifier only for the hotline. */}
          {stationNumber && <p>{i18n.t('sync.station.number', { number: stationNumber })}</p>}
          {stationId && (
            <details className="alert__details">
              <summary>{i18n.t('error.details')}</summary>
              <code>{i18n.t('sync.station.id', { id: stationId })}</code>
            </details>
          )}
          {justEnrolled && <Notice>{i18n.t('sync.enrol.done')}</Notice>}
        </>
      ) : (
        <>
          <p className="status-line status-line--warn">
            <span aria-hidden="true">⚠ </span>
            {i18n.t('sync.station.notEnrolled')}
          </p>
          <p>{i18n.t('sync.station.notEnrolledBody')}</p>
          {!configured && <p className="muted">{i18n.t('sync.station.configureFirst')}</p>}
          {configured && canManage && <EnrolForm onEnrolled={() => setJustEnrolled(true)} />}
          {configured && !canManage && <p className="muted">{i18n.t('sync.station.askManager')}</p>}
        </>
      )}
    </section>
  );
});

function EnrolForm({ onEnrolled }: { onEnrolled(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const { adopt } = useSyncControl();
  const id = useId();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = code.trim();
    if (trimmed.length < ENROL_CODE_LENGTH.min || trimmed.length > ENROL_CODE_LENGTH.max) {
      setProblem(i18n.t('sync.enrol.badCode'));
      document.getElementById(id)?.focus();
      return;
    }
    setProblem(null);
    setError(null);
    setBusy(true);
    api
      .call('sync/enrol', { code: trimmed })
      .then(
        (status) => {
          setCode('');
          onEnrolled();
          adopt(status);
        },
        (err: unknown) => {
          setError(toApiError(err));
          // The button was disabled while busy, so focus fell to the page: put it back where the fix is typed.
          setTimeout(() => document.getElementById(id)?.focus(), 0);
        },
      )
      .finally(() => setBusy(false));
  };

  return (
    <form className="enrol-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id} className="field__label">
          {i18n.t('sync.enrol.code')}
        </label>
        <input
          id={id}
          className="field__input mono"
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          disabled={busy}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
        />
        <p id={`${id}-hint`} className="field__hint">
          {i18n.t('sync.enrol.hint')}
        </p>
        {problem && (
          <p id={`${id}-error`} className="field__error">
            {problem}
          </p>
        )}
      </div>
      {error && (
        <ErrorMessage
          error={error}
          title={i18n.t('sync.enrol.failed')}
          // Enrolment needs RCOI there and then: here «unreachable» means «try again», not «it will be sent later».
          message={error.code === 'RCOI_UNREACHABLE' ? i18n.t('sync.enrol.unreachable') : undefined}
        />
      )}
      {busy && <Busy>{i18n.t('sync.enrol.busy')}</Busy>}
      <button type="submit" className="button button--primary" disabled={busy}>
        {i18n.t('sync.enrol.submit')}
      </button>
    </form>
  );
}
