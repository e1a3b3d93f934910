import { useId, useState } from 'react';
import type { ExamKeyAsk, ExamKeyExamView, ExamKeysOverview, HeldKeyView } from '../../../main/ipc/slices/exam-keys';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { Busy, Notice } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { useServerNow } from '../../state/use-now';
import { PersonSelect } from '../tokens/PersonSelect';
import { TokenPinField } from '../tokens/TokenPinField';
import { ReserveForm } from './ReserveForm';

type Members = ExamKeysOverview['members'];

/**
 * One exam of today: the key's state said big, the room stations it goes to, and — for who may ask — the GEK member,
 * the token's PIN and the asks (the main key, a reserve key, a key again). The member and PIN are chosen once for
 * every ask of the panel; the PIN is typed afresh after each ask, as on «Токены ГЭК».
 */
export function ExamKeyPanel({ exam, members, canRequest }: { exam: ExamKeyExamView; members: Members; canRequest: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  const titleId = useId();
  return (
    <section className="panel" aria-labelledby={titleId} data-testid="exam-key-panel" data-state={exam.main ? 'held' : 'none'}>
      <h2 id={titleId} className="panel__title">
        {i18n.t('examKeys.exam', { subject: exam.subjectName, date: zone.shortDate(exam.date) })}
      </h2>
      <KeyState exam={exam} />
      {exam.main && <RoomStations exam={exam} />}
      {/* Drawn afresh once the main key arrives: a refusal from before it is history, not news (the journal keeps it). */}
      {canRequest && exam.packageId !== null && <Asks key={exam.main?.keyId ?? 'none'} exam={exam} packageId={exam.packageId} members={members} />}
    </section>
  );
}

function KeyState({ exam }: { exam: ExamKeyExamView }) {
  const i18n = useI18n();
  const zone = useZone();
  // Main's clock (the PPE's time), a minute at a time: «откроется в 09:30» turns into «можно запрашивать» by itself.
  const now = useServerNow(30_000);
  if (exam.packageId === null) {
    return <p className="exam-key-say exam-key-say--wait">{i18n.t('examKeys.state.noPackage')}</p>;
  }
  if (!exam.main) {
    const early = now.getTime() < Date.parse(exam.opensAt);
    return (
      <p className="exam-key-say exam-key-say--wait" data-testid="exam-keys-waiting">
        <span aria-hidden="true">◷ </span>
        {early ? i18n.t('examKeys.state.opensAt', { time: exam.opensLocal }) : i18n.t('examKeys.state.open')}
      </p>
    );
  }
  return (
    <>
      <p className="exam-key-say exam-key-say--ok" data-testid="exam-keys-main">
        <span aria-hidden="true">✔ </span>
        {i18n.t('examKeys.state.held', { time: zone.time(exam.main.receivedAt) })}
      </p>
      {exam.main.requestedBy && <p className="muted">{i18n.t('examKeys.askedBy', { name: exam.main.requestedBy })}</p>}
    </>
  );
}

/** Where the key goes: each room of the exam, its stations' numbers, and whether the keys went on the drive for it. */
function RoomStations({ exam }: { exam: ExamKeyExamView }) {
  const i18n = useI18n();
  const zone = useZone();
  return (
    <div data-testid="exam-key-rooms">
      <h3 className="section__title">{i18n.t('examKeys.rooms.title')}</h3>
      <ul className="exam-key-list">
        {exam.rooms.map((r) => {
          const stations =
            r.stations.length === 0
              ? i18n.t('examKeys.rooms.noStation')
              : i18n.t('examKeys.rooms.stations', { numbers: r.stations.map((s) => s.number).join(', ') });
          const written = r.keysWritten;
          const state =
            written === null || !written.carriesMain
              ? i18n.t('examKeys.rooms.notWritten')
              : written.carriesNewest
                ? i18n.t('examKeys.rooms.written', { time: zone.time(written.at) })
                : i18n.t('examKeys.rooms.newerKey', { time: zone.time(written.at) });
          return (
            <li key={r.code} data-room={r.code}>
              {i18n.t('examKeys.rooms.line', { code: r.code, name: r.name, stations, state })}
            </li>
          );
        })}
      </ul>
      <p className="muted">{i18n.t('examKeys.rooms.how')}</p>
    </div>
  );
}

function Asks({ exam, packageId, members }: { exam: ExamKeyExamView; packageId: string; members: Members }) {
  const i18n = useI18n();
  const zone = useZone();
  const { api } = useAppState();
  const [staffId, setStaffId] = useState<number | null>(members.length === 1 ? members[0]!.staffId : null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ready = staffId !== null && pin !== '' && !busy;

  if (members.length === 0) return <p className="muted">{i18n.t('examKeys.noMembers')}</p>;

  const doneWords = (key: HeldKeyView, fresh: boolean): string | null => {
    if (!fresh) return i18n.t('examKeys.done.again', { time: zone.time(key.receivedAt) });
    // The main key's arrival is the panel's big state itself: nothing more to say.
    if (key.kind === 'main') return null;
    const g = key.grant;
    return g
      ? i18n.t('examKeys.done.reserve', { sequence: key.sequence, room: g.roomCode, station: g.stationNumber, kits: g.kits })
      : i18n.t('examKeys.done.again', { time: zone.time(key.receivedAt) });
  };

  const request = (ask: ExamKeyAsk) => {
    if (staffId === null || pin === '') return;
    setBusy(true);
    setError(null);
    setDone(null);
    api.call('examKeys/request', { packageId, staffId, tokenPin: pin, ask }).then(
      (r) => {
        setPin('');
        setDone(doneWords(r.key, r.fresh));
        setBusy(false);
      },
      (failure: unknown) => {
        setPin('');
        setError(toApiError(failure));
        setBusy(false);
      },
    );
  };

  return (
    <div data-testid="exam-keys-request">
      <h3 className="section__title">{exam.main ? i18n.t('examKeys.ask.titleMore') : i18n.t('examKeys.ask.title')}</h3>
      <p className="muted">{i18n.t('examKeys.ask.lead')}</p>
      <div className="exam-key-row">
        <PersonSelect
          label={i18n.t('examKeys.ask.member')}
          people={members}
          value={staffId}
          onChange={setStaffId}
          emptyLabel={i18n.t('examKeys.ask.choose')}
          disabled={busy}
          testId="exam-key-member"
        />
        <TokenPinField label={i18n.t('examKeys.ask.pin')} value={pin} onChange={setPin} disabled={busy} testId="exam-key-pin" />
      </div>
      {!exam.main && (
        <div className="actions">
          <button type="button" className="button button--primary" disabled={!ready} onClick={() => request({ kind: 'main' })} data-testid="exam-key-get">
            {i18n.t('examKeys.ask.main')}
          </button>
        </div>
      )}
      {busy && <Busy>{i18n.t('examKeys.ask.busy')}</Busy>}
      {error && <ActionError error={error} />}
      {done && <Notice>{done}</Notice>}
      {exam.main && (
        <>
          <ReserveForm exam={exam} disabled={!ready} onAsk={request} />
          <HeldKeys exam={exam} disabled={!ready} onAgain={(keyId) => request({ kind: 'again', keyId })} />
        </>
      )}
    </div>
  );
}

/** The keys held, each with «Получить повторно» (the same file from RCOI, e.g. after a restore from a copy). */
function HeldKeys({ exam, disabled, onAgain }: { exam: ExamKeyExamView; disabled: boolean; onAgain(keyId: string): void }) {
  const i18n = useI18n();
  const zone = useZone();
  const keys = [exam.main, ...exam.reserve].filter((k): k is HeldKeyView => k !== null);
  return (
    <div data-testid="exam-key-held">
      <h3 className="section__title">{i18n.t('examKeys.held.title')}</h3>
      <ul className="exam-key-list">
        {keys.map((k) => (
          <li key={k.keyId} data-kind={k.kind}>
            {k.kind === 'main'
              ? i18n.t('examKeys.held.main', { time: zone.time(k.receivedAt) })
              : k.grant
                ? i18n.t('examKeys.held.reserve', { sequence: k.sequence, room: k.grant.roomCode, station: k.grant.stationNumber, kits: k.grant.kits, time: zone.time(k.receivedAt) })
                : i18n.t('examKeys.held.reserveBare', { sequence: k.sequence, time: zone.time(k.receivedAt) })}
            {k.requestedBy && <span className="muted"> {i18n.t('examKeys.held.by', { name: k.requestedBy })}</span>}{' '}
            <button type="button" className="button" disabled={disabled} onClick={() => onAgain(k.keyId)}>
              {i18n.t('examKeys.held.again')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
