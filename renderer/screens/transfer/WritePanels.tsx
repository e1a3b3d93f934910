import { useId, useState } from 'react';
import type { TransferOverview } from '../../../main/ipc/slices/transfer';
import { ActionError } from '../../components/ActionError';
import { Busy, EmptyState, Notice } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { TransferExamField } from './TransferExamField';
import { useTransferAct } from './use-transfer-act';

type Written = { files: { file: string; kind: string; seq: number }[] };

/** HQ: «Записать данные аудитории» — one exam, one room, for every station of that room. */
export function WriteRoomData({ overview }: { overview: TransferOverview }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const act = useTransferAct<Written>();
  const roomField = useId();
  const [examId, setExamId] = useState<number | null>(null);
  const [room, setRoom] = useState<string | null>(null);
  const exam = examId ?? overview.exams[0]?.id ?? null;
  const code = room ?? overview.rooms[0]?.code ?? null;
  return (
    <section className="section" aria-labelledby="transfer-write-room-title" data-testid="transfer-write-room">
      <h2 id="transfer-write-room-title" className="section__title">
        {i18n.t('transfer.writeRoom.title')}
      </h2>
      <p className="muted">{i18n.t('transfer.writeRoom.lead')}</p>
      {overview.rooms.length === 0 ? (
        <EmptyState>{i18n.t('transfer.writeRoom.noRooms')}</EmptyState>
      ) : overview.exams.length === 0 ? (
        <EmptyState>{i18n.t('transfer.writeRoom.noExams')}</EmptyState>
      ) : (
        <div className="transfer-form">
          <TransferExamField label={i18n.t('transfer.writeRoom.exam')} exams={overview.exams} value={exam} onChange={setExamId} />
          <div className="field field--inline">
            <label htmlFor={roomField} className="field__label">
              {i18n.t('transfer.writeRoom.room')}
            </label>
            <select id={roomField} className="field__input" value={code ?? ''} onChange={(e) => setRoom(e.target.value)}>
              {overview.rooms.map((r) => (
                <option key={r.code} value={r.code}>
                  {i18n.t('transfer.writeRoom.roomOption', { code: r.code, name: r.name, stations: r.stations.join(', ') })}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button button--primary"
            disabled={act.busy || exam === null || code === null || overview.busy !== null}
            onClick={() => act.run(() => api.call('transfer/writeRoomData', { examId: exam!, room: code! }))}
          >
            {i18n.t('transfer.writeRoom.button')}
          </button>
        </div>
      )}
      {act.busy && <Busy>{i18n.t('transfer.writeRoom.busy')}</Busy>}
      {act.outcome && 'ok' in act.outcome && <Notice>{i18n.t('transfer.writeRoom.done', { file: act.outcome.ok.files.map((f) => f.file).join(', ') })}</Notice>}
      {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} title={i18n.t('transfer.writeRoom.failed')} />}
    </section>
  );
}

/** A room station: «Записать журнал для штаба» — its journal of one day. */
export function WriteJournal({ overview }: { overview: TransferOverview }) {
  const i18n = useI18n();
  const zone = useZone();
  const { api } = useAppState();
  const act = useTransferAct<Written>();
  const field = useId();
  const [date, setDate] = useState<string | null>(null);
  const day = date ?? overview.journalDates[0] ?? null;
  return (
    <section className="section" aria-labelledby="transfer-write-journal-title" data-testid="transfer-write-journal">
      <h2 id="transfer-write-journal-title" className="section__title">
        {i18n.t('transfer.writeJournal.title')}
      </h2>
      <p className="muted">{i18n.t('transfer.writeJournal.lead')}</p>
      <div className="transfer-form">
        <div className="field field--inline">
          <label htmlFor={field} className="field__label">
            {i18n.t('transfer.writeJournal.date')}
          </label>
          <select id={field} className="field__input" value={day ?? ''} onChange={(e) => setDate(e.target.value)}>
            {overview.journalDates.map((d) => (
              <option key={d} value={d}>
                {zone.shortDate(d)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={act.busy || day === null || overview.busy !== null}
          onClick={() => act.run(() => api.call('transfer/writeJournal', { examDate: day! }))}
        >
          {i18n.t('transfer.writeJournal.button')}
        </button>
      </div>
      {act.busy && <Busy>{i18n.t('transfer.writeJournal.busy')}</Busy>}
      {act.outcome && 'ok' in act.outcome && <Notice>{i18n.t('transfer.writeJournal.done', { file: act.outcome.ok.files.map((f) => f.file).join(', ') })}</Notice>}
      {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} title={i18n.t('transfer.writeJournal.failed')} />}
    </section>
  );
}
