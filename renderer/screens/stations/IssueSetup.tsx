import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { StationsOverview } from '../../../main/ipc/slices/stations';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { DrivePicker } from './DrivePicker';

type Peer = StationsOverview['peers'][number];

/**
 * At HQ: prepares a room station (its room, its number, main or reserve) by writing its set-up file to the transfer
 * drive; or, with `moving`, moves a pinned station to another room or number — its key retired now, a set-up for
 * that very key written. Either way the result names the file and HQ's fingerprint, which the room station's
 * screen will show for the person to compare.
 */
export function IssueSetup({ rooms, moving, onCancelMove }: { rooms: StationsOverview['rooms']; moving: Peer | null; onCancelMove(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const id = useId();
  const [driveId, setDriveId] = useState<string | null>(null);
  const [room, setRoom] = useState(moving?.room ?? rooms[0]?.code ?? '');
  const [number, setNumber] = useState(moving?.station ?? '');
  const [isReserve, setIsReserve] = useState(moving?.isReserve ?? false);
  const [numberProblem, setNumberProblem] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [issued, setIssued] = useState<{ number: string; file: string; hqFingerprint: string } | null>(null);
  const title = useRef<HTMLHeadingElement>(null);
  // «Перенести» is pressed in the table above: the move's form is brought into view, its title focused.
  useEffect(() => {
    if (!moving) return;
    title.current?.scrollIntoView({ block: 'start' });
    title.current?.focus({ preventScroll: true });
  }, [moving]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(number)) {
      setNumberProblem(true);
      document.getElementById(`${id}-number`)?.focus();
      return;
    }
    if (!driveId) return;
    setNumberProblem(false);
    setBusy(true);
    setError(null);
    const request = { driveId, room, number, isReserve };
    const call = moving ? api.call('stations/move', { ...request, station: moving.station }) : api.call('stations/prepare', request);
    call
      // A move's result stays on screen (HQ's fingerprint to compare) until the person closes it.
      .then((r) => setIssued({ number, file: r.file, hqFingerprint: r.hqFingerprint }), (err: unknown) => setError(toApiError(err)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="section" aria-labelledby={`${id}-title`} data-testid={moving ? 'stations-move' : 'stations-prepare'}>
      <h2 id={`${id}-title`} className="section__title" ref={title} tabIndex={-1}>
        {moving ? i18n.t('stations.moveTitle', { number: moving.station }) : i18n.t('stations.prepare.title')}
      </h2>
      <p className="muted">{i18n.t(moving ? 'stations.moveWhat' : 'stations.prepare.what')}</p>
      <form onSubmit={submit} noValidate className="setup-form">
        <DrivePicker value={driveId} onChange={setDriveId} disabled={busy} />
        <div className="field">
          <label htmlFor={`${id}-room`} className="field__label">
            {i18n.t('stations.prepare.room')}
          </label>
          <select id={`${id}-room`} className="field__input" value={room} onChange={(e) => setRoom(e.target.value)} disabled={busy}>
            {rooms.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} — {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-number`} className="field__label">
            {i18n.t('stations.prepare.number')}
          </label>
          <input
            id={`${id}-number`}
            className="field__input mono setup-form__short"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            value={number}
            onChange={(e) => setNumber(e.target.value.replace(/\D/g, '').slice(0, 6))}
            disabled={busy}
            aria-invalid={numberProblem ? true : undefined}
            aria-describedby={`${id}-number-hint`}
          />
          <p id={`${id}-number-hint`} className="field__hint">
            {i18n.t('stations.prepare.numberHint')}
          </p>
          {numberProblem && <p className="field__error">{i18n.t('stations.prepare.badNumber')}</p>}
        </div>
        <fieldset className="setup-form__kind" disabled={busy}>
          <legend className="field__label">{i18n.t('stations.prepare.kind')}</legend>
          {[false, true].map((reserve) => (
            <label key={String(reserve)} className="setup-option">
              <input type="radio" name={`${id}-kind`} checked={isReserve === reserve} onChange={() => setIsReserve(reserve)} />
              <span>{i18n.t(reserve ? 'stations.kind.reserve' : 'stations.kind.main')}</span>
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy || !driveId || rooms.length === 0 || (moving !== null && issued !== null)}>
            {moving ? i18n.t('stations.move', { number: moving.station }) : i18n.t('stations.prepare.submit')}
          </button>
          {moving && (
            <button type="button" className="button" onClick={onCancelMove} disabled={busy}>
              {i18n.t(issued ? 'common.close' : 'common.cancel')}
            </button>
          )}
        </div>
        {error && <ActionError error={error} title={i18n.t('stations.prepare.failed')} />}
      </form>
      {issued && (
        <div className="fingerprint-box" role="status" data-testid="stations-issued">
          <p>{i18n.t('stations.prepare.written', { number: issued.number, file: issued.file })}</p>
          <p className="fingerprint-box__label">{i18n.t('stations.prepare.hqFingerprint')}</p>
          <p className="fingerprint mono">{issued.hqFingerprint}</p>
          <p className="muted">{i18n.t('stations.prepare.next')}</p>
        </div>
      )}
    </section>
  );
}
