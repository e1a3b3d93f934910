import { useId, useState } from 'react';
import type { RoomSetupResult, SetupFile } from '../../../main/ipc/slices/stations';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { errorText } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { DrivePicker } from './DrivePicker';
import { SetupOfferFacts } from './SetupOfferFacts';

/**
 * At a room station: a move HQ prepared for it (another room or number, the same key) is taken here only, after the
 * person compares HQ's fingerprint and says so; and the reply for HQ can be written again if the first write failed.
 */
export function RoomStationActions() {
  const i18n = useI18n();
  const zone = useZone();
  const { api } = useAppState();
  const id = useId();
  const [driveId, setDriveId] = useState<string | null>(null);
  const [files, setFiles] = useState<SetupFile[] | null>(null);
  const [same, setSame] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<RoomSetupResult | null>(null);
  const [reply, setReply] = useState<string | null>(null);

  const run = <T,>(work: () => Promise<T>, then: (value: T) => void) => {
    setBusy(true);
    setError(null);
    work()
      .then(then, (e: unknown) => setError(toApiError(e)))
      .finally(() => setBusy(false));
  };
  const find = () => driveId && run(() => api.call('stations/moveFiles', { driveId }), (r) => setFiles(r.files));
  const take = (file: string, hqFingerprint: string) =>
    driveId && run(() => api.call('stations/takeMove', { driveId, file, hqFingerprint }), (r) => {
      setDone(r);
      setFiles(null);
    });
  const writeReply = () => driveId && run(() => api.call('stations/writeReply', { driveId }), (r) => setReply(r.file));

  return (
    <section className="section" aria-labelledby={`${id}-title`} data-testid="stations-room-actions">
      <h2 id={`${id}-title`} className="section__title">
        {i18n.t('stations.room.title')}
      </h2>
      <p className="muted">{i18n.t('stations.room.what')}</p>
      <DrivePicker value={driveId} onChange={setDriveId} disabled={busy} />
      <div className="actions">
        <button type="button" className="button button--primary" onClick={find} disabled={busy || !driveId}>
          {i18n.t('stations.room.find')}
        </button>
        <button type="button" className="button" onClick={writeReply} disabled={busy || !driveId}>
          {i18n.t('stations.room.writeReply')}
        </button>
      </div>
      {error && <ActionError error={error} title={i18n.t('stations.room.failed')} />}
      {reply && <p role="status">{i18n.t('roomSetup.replyWritten', { file: reply })}</p>}
      {files && files.length === 0 && <EmptyState>{i18n.t('stations.room.noMove')}</EmptyState>}
      {files && files.length > 0 && (
        <ul className="setup-files">
          {files.map((f) => (
            <li key={f.file} className="setup-files__item">
              {f.offer ? (
                <>
                  <SetupOfferFacts offer={f.offer} />
                  <p className="muted">{i18n.t('stations.room.issuedAt', { time: zone.dateTime(f.offer.issuedAt) })}</p>
                  <div className="fingerprint-box">
                    <p className="fingerprint-box__label">{i18n.t('roomSetup.hqFingerprint', { station: f.offer.hq.station })}</p>
                    <p className="fingerprint mono">{f.offer.hq.fingerprint}</p>
                  </div>
                  <label className="setup-option">
                    <input type="checkbox" checked={same === f.file} onChange={(e) => setSame(e.target.checked ? f.file : null)} disabled={busy} />
                    <span>{i18n.t('roomSetup.same')}</span>
                  </label>
                  <button type="button" className="button button--primary" onClick={() => take(f.file, f.offer!.hq.fingerprint)} disabled={busy || same !== f.file}>
                    {i18n.t('stations.room.take', { number: f.offer.station.number, room: f.offer.room.code })}
                  </button>
                </>
              ) : (
                <p className="field__error">
                  <span className="mono">{f.file}</span>: {f.problem ? errorText(i18n, zone, f.problem) : ''}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {done && (
        <div className="fingerprint-box" role="status" data-testid="stations-moved">
          <p>{i18n.t('stations.room.moved', { number: done.station, room: done.room })}</p>
          <p className="fingerprint-box__label">{i18n.t('roomSetup.ownFingerprint')}</p>
          <p className="fingerprint mono">{done.fingerprint}</p>
          {done.replyFile ? <p>{i18n.t('roomSetup.replyWritten', { file: done.replyFile })}</p> : done.replyProblem && <ActionError error={done.replyProblem} title={i18n.t('roomSetup.replyFailed')} />}
        </div>
      )}
    </section>
  );
}
