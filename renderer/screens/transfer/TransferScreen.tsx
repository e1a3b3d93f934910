import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';
import { DrivePanel } from './DrivePanel';
import { Gaps, LedgerTable } from './Ledger';
import { OnDrive } from './OnDrive';
import { WriteJournal, WriteRoomData } from './WritePanels';
import { PrintLogsPanel } from './PrintLogsPanel';

/**
 * «Флешка для переноса» (issue 11, item 2): on every station, what the transfer drive holds for it, what it took,
 * what it wrote and what is still missing; at HQ, writing a room's data; at a room station, writing its journal for
 * HQ. Read with transfer/overview, fresh after every act of the exchange, refusals included (topic 'transfer'),
 * and every drive inserted or pulled (packages.drives).
 */
export function TransferScreen({ canManage, canSimulate }: { canManage: boolean; canSimulate: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  const { data: overview, error, reload } = useChannel('transfer/overview', {}, { topics: ['transfer', 'packages.drives'] });
  const station = overview?.station ?? null;
  // «01.06 — Русский язык»: the room station's roster names its exams (HQ's room data brought them).
  const examName = (date: string, subjectCode: number) => {
    const subject = overview?.exams.find((e) => e.date === date && e.subjectCode === subjectCode)?.subjectName;
    return subject ? `${zone.shortDate(date)} — ${subject}` : zone.shortDate(date);
  };
  return (
    <div className="page">
      <PageHead title={i18n.t('transfer.title')} />
      <p className="muted">{i18n.t('transfer.lead')}</p>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {!overview && !error && <Busy>{i18n.t('common.loading')}</Busy>}
      {overview && (
        <>
          {station === null ? (
            <EmptyState>{i18n.t('transfer.station.none')}</EmptyState>
          ) : (
            <p data-testid="transfer-station">
              {station.role === 'hq'
                ? i18n.t('transfer.station.hq', { number: station.number })
                : i18n.t('transfer.station.room', { number: station.number, room: station.room ?? '' })}
            </p>
          )}
          {overview.busy && (
            <Busy className="transfer-busy">{overview.busy === 'reading' ? i18n.t('transfer.busy.reading') : i18n.t('transfer.busy.writing')}</Busy>
          )}
          <DrivePanel overview={overview} canManage={canManage} canSimulate={canSimulate} />
          {station && <OnDrive overview={overview} canManage={canManage} />}
          {station && <Gaps overview={overview} />}
          {station?.role === 'hq' && canManage && <WriteRoomData overview={overview} />}
          {station?.role === 'room' && canManage && <WriteJournal overview={overview} />}
          {station?.role === 'room' && (
            <KeptList
              id="transfer-room-data"
              title={i18n.t('transfer.roomData.title')}
              empty={i18n.t('transfer.roomData.empty')}
              lines={overview.roomData.map((r) => ({
                key: `${r.examDate}/${r.subjectCode}`,
                text: i18n.t('transfer.roomData.line', {
                  exam: examName(r.examDate, r.subjectCode),
                  participants: r.participants,
                  staff: r.staff,
                  seq: r.seq,
                }),
              }))}
            />
          )}
          {station?.role === 'room' && (
            <KeptList
              id="transfer-room-packages"
              title={i18n.t('transfer.roomPackages.title')}
              empty={i18n.t('transfer.roomPackages.empty')}
              lines={overview.roomPackages.map((r) => ({
                key: r.packageId,
                text: i18n.t('transfer.roomPackages.line', { exam: examName(r.examDate, r.subjectCode), files: r.fileCount }),
              }))}
            />
          )}
          {station?.role === 'hq' && (
            <KeptList
              id="transfer-room-journals"
              title={i18n.t('transfer.roomJournals.title')}
              empty={i18n.t('transfer.roomJournals.empty')}
              lines={overview.roomJournals.map((j) => ({
                key: `${j.station}/${j.takenAt}`,
                text: i18n.t('transfer.roomJournals.line', { station: j.station, room: j.room, date: zone.shortDate(j.examDate), entries: j.entries }),
              }))}
            />
          )}
          {station?.role === 'hq' && <PrintLogsPanel overview={overview} />}
          {station && <LedgerTable lines={overview.taken} direction="taken" />}
          {station && <LedgerTable lines={overview.written} direction="written" />}
        </>
      )}
    </div>
  );
}

/** What the station keeps from the drive (a room's data and packages, the rooms' journals at HQ): a titled list. */
function KeptList({ id, title, empty, lines }: { id: string; title: string; empty: string; lines: { key: string; text: string }[] }) {
  return (
    <section className="section" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className="section__title">
        {title}
      </h2>
      {lines.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <ul className="plain-list">
          {lines.map((l) => (
            <li key={l.key}>{l.text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
