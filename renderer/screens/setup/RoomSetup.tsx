import { useId, useRef, useState, type FormEvent } from 'react';
import type { RoomSetupResult, SetupFile } from '../../../main/ipc/slices/stations';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { errorText } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { NewPinFields, useNewPin } from '../../components/NewPinFields';
import { formatSize } from '../../format/quantities';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';
import { SetupOfferFacts } from '../stations/SetupOfferFacts';

type Offer = NonNullable<SetupFile['offer']>;
type Chosen = { driveId: string; file: string; offer: Offer };

/**
 * «Станция в аудитории»: a room station set up with no network at all, from the set-up file HQ wrote to the transfer
 * drive. The person chooses the drive and the file, compares HQ's fingerprint with HQ's screen and says so, picks
 * themselves among the technical specialists the file names and sets their own PIN; the station sets itself up in
 * one act and writes its reply for HQ. The last step shows this station's own fingerprint, to compare on HQ's
 * screen once HQ has taken the reply.
 */
export function RoomSetup({ onBack }: { onBack: () => void }) {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [done, setDone] = useState<RoomSetupResult | null>(null);
  if (done) return <RoomSetupDone done={done} />;
  if (chosen) return <ConfirmAndTake chosen={chosen} onDone={setDone} onBack={() => setChosen(null)} />;
  return <ChooseFile onChoose={setChosen} onBack={onBack} />;
}

function ChooseFile({ onChoose, onBack }: { onChoose(chosen: Chosen): void; onBack(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const id = useId();
  // The drives connected now, asked of the system each time (a station not set up watches no drives).
  const driveList = useChannel('roomSetup/drives', {});
  const drives = driveList.data?.drives ?? null;
  const [picked, setPicked] = useState<string | null>(null);
  const driveId = drives?.some((d) => d.id === picked) ? picked : (drives?.[0]?.id ?? null);
  const setDriveId = setPicked;
  const [files, setFiles] = useState<SetupFile[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const listError = driveList.error;

  const readFiles = () => {
    if (!driveId) return;
    setBusy(true);
    setError(null);
    setFiles(null);
    api
      .call('roomSetup/files', { driveId })
      .then((r) => setFiles(r.files), (e: unknown) => setError(toApiError(e)))
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby={`${id}-title`} data-testid="room-setup">
      <h2 id={`${id}-title`} className="section__title">
        {i18n.t('roomSetup.title')}
      </h2>
      <p>{i18n.t('roomSetup.what')}</p>
      {drives !== null && drives.length === 0 ? (
        <EmptyState>{i18n.t('roomSetup.noDrive')}</EmptyState>
      ) : (
        drives !== null && (
          <fieldset className="setup-form__kind" disabled={busy}>
            <legend className="field__label">{i18n.t('roomSetup.drive')}</legend>
            {drives.map((d) => (
              <label key={d.id} className="setup-option">
                <input type="radio" name={`${id}-drive`} checked={driveId === d.id} onChange={() => setDriveId(d.id)} />
                <span>
                  {d.label ?? i18n.t('drives.unnamed')} · {formatSize(i18n, d.sizeBytes)}
                </span>
              </label>
            ))}
          </fieldset>
        )
      )}
      {busy && <Busy>{i18n.t('roomSetup.reading')}</Busy>}
      <div className="actions">
        <button type="button" className="button button--primary" onClick={readFiles} disabled={busy || !driveId}>
          {i18n.t('roomSetup.readFiles')}
        </button>
        <button type="button" className="button" onClick={driveList.reload} disabled={busy || driveList.loading}>
          {i18n.t('roomSetup.refresh')}
        </button>
        <button type="button" className="button" onClick={onBack} disabled={busy}>
          {i18n.t('setup.back')}
        </button>
      </div>
      {(error ?? listError) && <ActionError error={(error ?? listError)!} title={i18n.t('roomSetup.failed')} />}
      {files !== null && driveId && <FileList files={files} onChoose={(file, offer) => onChoose({ driveId, file, offer })} />}
    </section>
  );
}

function FileList({ files, onChoose }: { files: SetupFile[]; onChoose(file: string, offer: Offer): void }) {
  const i18n = useI18n();
  if (files.length === 0) return <EmptyState>{i18n.t('roomSetup.noFiles')}</EmptyState>;
  return (
    <ul className="setup-files" data-testid="room-setup-files">
      {files.map((f) => (
        <li key={f.file} className="setup-files__item" data-file={f.file}>
          {f.offer ? (
            <>
              <SetupOfferFacts offer={f.offer} />
              {f.offer.move ? (
                <p className="muted">{i18n.t('roomSetup.isMove')}</p>
              ) : (
                <button type="button" className="button button--primary" onClick={() => onChoose(f.file, f.offer!)}>
                  {i18n.t('roomSetup.choose', { number: f.offer.station.number })}
                </button>
              )}
            </>
          ) : (
            <p className="field__error">
              <span className="mono">{f.file}</span>: {f.problem ? errorText(i18n, null, f.problem) : ''}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function ConfirmAndTake({ chosen, onDone, onBack }: { chosen: Chosen; onDone(done: RoomSetupResult): void; onBack(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const id = useId();
  const { offer } = chosen;
  const [same, setSame] = useState(false);
  const [staffId, setStaffId] = useState(offer.staff.length === 1 ? offer.staff[0]!.externalId : '');
  const [problem, setProblem] = useState<'same' | 'who' | null>(null);
  const entry = useNewPin(i18n);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const sameRef = useRef<HTMLInputElement>(null);
  const whoRef = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!same) {
      setProblem('same');
      sameRef.current?.focus();
      return;
    }
    if (!staffId) {
      setProblem('who');
      whoRef.current?.focus();
      return;
    }
    setProblem(null);
    if (!entry.check()) return;
    setBusy(true);
    setError(null);
    api
      .call('roomSetup/take', { driveId: chosen.driveId, file: chosen.file, hqFingerprint: offer.hq.fingerprint, staffExternalId: staffId, pin: entry.pin })
      .then(onDone, (err: unknown) => {
        const apiError = toApiError(err);
        setError(apiError);
        if (apiError.code === 'PIN_TOO_SIMPLE' || apiError.code === 'PIN_FORMAT') entry.restart();
      })
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby={`${id}-title`} data-testid="room-setup-confirm">
      <h2 id={`${id}-title`} className="section__title">
        {i18n.t('roomSetup.confirmTitle')}
      </h2>
      <SetupOfferFacts offer={offer} />
      <div className="fingerprint-box">
        <p className="fingerprint-box__label">{i18n.t('roomSetup.hqFingerprint', { station: offer.hq.station })}</p>
        <p className="fingerprint mono" data-testid="hq-fingerprint">
          {offer.hq.fingerprint}
        </p>
        <p className="muted">{i18n.t('roomSetup.compareHint')}</p>
      </div>
      <form onSubmit={submit} noValidate className="setup-form">
        <label className="setup-option">
          <input ref={sameRef} type="checkbox" checked={same} onChange={(e) => setSame(e.target.checked)} disabled={busy} />
          <span>{i18n.t('roomSetup.same')}</span>
        </label>
        {problem === 'same' && <p className="field__error">{i18n.t('roomSetup.sameMissing')}</p>}
        {offer.staff.length === 0 ? (
          <p className="field__error">{i18n.t('roomSetup.noStaff')}</p>
        ) : (
          <fieldset className="setup-form__kind" disabled={busy}>
            <legend className="field__label">{i18n.t('roomSetup.who')}</legend>
            {offer.staff.map((s, i) => (
              <label key={s.externalId} className="setup-option">
                <input
                  ref={i === 0 ? whoRef : undefined}
                  type="radio"
                  name={`${id}-who`}
                  checked={staffId === s.externalId}
                  onChange={() => setStaffId(s.externalId)}
                />
                <span>{s.name}</span>
              </label>
            ))}
            {problem === 'who' && <p className="field__error">{i18n.t('setup.hq.whoMissing')}</p>}
          </fieldset>
        )}
        <NewPinFields entry={entry} label={i18n.t('setup.hq.pin')} hint={i18n.t('pinDialog.hint')} busy={busy} i18n={i18n} />
        {busy && <Busy>{i18n.t('roomSetup.busy')}</Busy>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy || offer.staff.length === 0}>
            {i18n.t('roomSetup.take', { number: offer.station.number })}
          </button>
          <button type="button" className="button" onClick={onBack} disabled={busy}>
            {i18n.t('setup.back')}
          </button>
        </div>
        {error && <ActionError error={error} title={i18n.t('roomSetup.takeFailed')} />}
      </form>
    </section>
  );
}

function RoomSetupDone({ done }: { done: RoomSetupResult }) {
  const i18n = useI18n();
  const { reloadInfo } = useAppState();
  return (
    <section aria-labelledby="room-setup-done-title" data-testid="room-setup-done">
      <h2 id="room-setup-done-title" className="section__title">
        {i18n.t('roomSetup.doneTitle', { number: done.station, room: done.room })}
      </h2>
      <div className="fingerprint-box">
        <p className="fingerprint-box__label">{i18n.t('roomSetup.ownFingerprint')}</p>
        <p className="fingerprint mono" data-testid="own-fingerprint">
          {done.fingerprint}
        </p>
        <p>{i18n.t('roomSetup.ownHint', { number: done.station })}</p>
      </div>
      {done.replyFile ? (
        <p>{i18n.t('roomSetup.replyWritten', { file: done.replyFile })}</p>
      ) : (
        done.replyProblem && <ActionError error={done.replyProblem} title={i18n.t('roomSetup.replyFailed')} />
      )}
      <button type="button" className="button button--primary" onClick={reloadInfo} autoFocus>
        {i18n.t('setup.done.signIn')}
      </button>
    </section>
  );
}
