import { useId, useState, type FormEvent } from 'react';
import type { ExamKeyAsk, ExamKeyExamView } from '../../../main/ipc/slices/exam-keys';
import { useI18n } from '../../i18n/i18n';

/**
 * A reserve key (research-ru §5.1): the subject is the exam's; the room, its station's number and the number of
 * kits the room is short of. RCOI grants reserve kits to that station alone; the key carries every grant so far.
 */
export function ReserveForm({ exam, disabled, onAsk }: { exam: ExamKeyExamView; disabled: boolean; onAsk(ask: ExamKeyAsk): void }) {
  const i18n = useI18n();
  const roomId = useId();
  const stationId = useId();
  const kitsId = useId();
  const rooms = exam.rooms.filter((r) => r.stations.length > 0);
  const [room, setRoom] = useState('');
  const [station, setStation] = useState('');
  const [kits, setKits] = useState('1');
  const stations = rooms.find((r) => r.code === room)?.stations ?? [];
  const count = Number(kits);
  const valid = room !== '' && station !== '' && Number.isInteger(count) && count >= 1 && count <= 100;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || disabled) return;
    onAsk({ kind: 'reserve', roomCode: room, stationNumber: station, kits: count });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="exam-key-reserve">
      <h3 className="section__title">{i18n.t('examKeys.reserve.title')}</h3>
      <p className="muted">{i18n.t('examKeys.reserve.subject', { subject: exam.subjectName })}</p>
      {rooms.length === 0 ? (
        <p className="muted">{i18n.t('examKeys.reserve.noStations')}</p>
      ) : (
        <div className="exam-key-row">
          <div className="field">
            <label htmlFor={roomId} className="field__label">
              {i18n.t('examKeys.reserve.room')}
            </label>
            <select
              id={roomId}
              className="field__input"
              value={room}
              onChange={(e) => {
                setRoom(e.target.value);
                const only = rooms.find((r) => r.code === e.target.value)?.stations;
                setStation(only?.length === 1 ? only[0]!.number : '');
              }}
            >
              <option value="">{i18n.t('examKeys.ask.choose')}</option>
              {rooms.map((r) => (
                <option key={r.code} value={r.code}>
                  {i18n.t('examKeys.reserve.roomOption', { code: r.code, name: r.name })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={stationId} className="field__label">
              {i18n.t('examKeys.reserve.station')}
            </label>
            <select id={stationId} className="field__input" value={station} onChange={(e) => setStation(e.target.value)} disabled={stations.length === 0}>
              <option value="">{i18n.t('examKeys.ask.choose')}</option>
              {stations.map((s) => (
                <option key={s.number} value={s.number}>
                  {s.isReserve ? i18n.t('examKeys.reserve.stationReserve', { number: s.number }) : s.number}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={kitsId} className="field__label">
              {i18n.t('examKeys.reserve.kits')}
            </label>
            <input id={kitsId} className="field__input" type="number" inputMode="numeric" min={1} max={100} value={kits} onChange={(e) => setKits(e.target.value)} />
          </div>
        </div>
      )}
      {rooms.length > 0 && (
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={disabled || !valid}>
            {i18n.t('examKeys.reserve.submit')}
          </button>
        </div>
      )}
    </form>
  );
}
