import type { Exam, Room } from '../../main/ipc/dto';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExamPicker } from '../components/ExamPicker';
import { Busy, EmptyState } from '../components/Feedback';
import { PageHead } from '../components/PageHead';
import { stationLabel } from '../format/labels';
import type { I18n } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n';
import { useZone } from '../state/app-state';
import { useExams } from '../state/exams';
import { useChannel } from '../state/query/use-channel';
import type { ZoneFormat } from '../time/zone';

/**
 * Rooms of one exam, or of every exam of a day that holds several (each room with its exam): capacity, who sits
 * there, which stations and organisers, when it ends.
 */
export function RoomsScreen() {
  const i18n = useI18n();
  const zone = useZone();
  const { exams, examId, setExamId, day, setDay, error: examsError } = useExams();
  const rooms = useChannel('rooms/list', day ? { examId: null, date: day } : { examId }, {
    topics: ['roster', 'bundles', 'staff'],
    enabled: exams !== undefined,
  });
  const list = [...(rooms.data ?? [])].sort((a, b) => a.code.localeCompare(b.code) || (a.examId ?? 0) - (b.examId ?? 0));
  const participants = list.reduce((sum, r) => sum + r.participants, 0);
  // The headquarters is listed among the rooms but is not an exam room: «Аудиторий» counts only those, each once.
  const examRooms = new Set(list.filter((r) => !r.isHeadquarters).map((r) => r.code)).size;
  // With several exams in the list, each row names its exam (under the room's name: the table is already wide).
  const examOf = (room: Room) => exams?.find((e) => e.id === room.examId);
  const severalExams = new Set(list.map((r) => r.examId).filter((id) => id !== null)).size > 1;

  return (
    <div className="page">
      <PageHead title={i18n.t('rooms.title')} />
      <div className="toolbar">
        <ExamPicker exams={exams ?? []} value={examId} onChange={setExamId} day={day} onDayChange={setDay} />
      </div>
      {examsError && <ErrorMessage error={examsError} />}
      {rooms.error && <ErrorMessage error={rooms.error} onRetry={rooms.reload} />}
      {rooms.loading && !rooms.data && <Busy>{i18n.t('common.loading')}</Busy>}
      {rooms.data && list.length === 0 && <EmptyState>{i18n.t('rooms.empty')}</EmptyState>}
      {list.length > 0 && (
        <>
          <p className="summary" aria-live="polite">
            {i18n.t('rooms.totals', { rooms: examRooms, participants })}
          </p>
          <div className="table-wrap">
            <table className="table" aria-busy={rooms.loading} data-testid="rooms-table">
              <thead>
                <tr>
                  <th scope="col">{i18n.t('rooms.col.code')}</th>
                  <th scope="col">{i18n.t('rooms.col.name')}</th>
                  <th scope="col" className="num">
                    {i18n.t('rooms.col.seats')}
                  </th>
                  <th scope="col" className="num">
                    {i18n.t('rooms.col.participants')}
                  </th>
                  <th scope="col">{i18n.t('rooms.col.special')}</th>
                  <th scope="col">{i18n.t('rooms.col.stations')}</th>
                  <th scope="col">{i18n.t('rooms.col.organizers')}</th>
                  <th scope="col">{i18n.t('rooms.col.end')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((room) => (
                  <RoomRow
                    key={`${room.code}-${room.examId ?? ''}`}
                    room={room}
                    exam={severalExams ? (examOf(room) ?? null) : undefined}
                    i18n={i18n}
                    zone={zone}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

/** `exam`: the row's exam when the list holds several (null: a room none of them uses); undefined: one exam. */
function RoomRow({ room, exam, i18n, zone }: { room: Room; exam?: Exam | null; i18n: I18n; zone: ZoneFormat }) {
  const none = i18n.t('common.none');
  return (
    <tr data-exam-id={room.examId ?? undefined}>
      <th scope="row" className="mono">
        {room.code}
      </th>
      <td>
        {room.name}
        {room.isHeadquarters && <span className="tag">{i18n.t('rooms.hq')}</span>}
        {exam && (
          <div className="muted room-exam" data-testid="room-exam">
            {i18n.t('rooms.exam', { subject: exam.subjectName })}
          </div>
        )}
      </td>
      <td className="num">{room.seats}</td>
      <td className="num">{room.participants}</td>
      <td>
        {room.specialConditions && <div>{i18n.t('rooms.specialRoom')}</div>}
        {room.withSpecialConditions > 0 ? i18n.t('rooms.specialCount', { count: room.withSpecialConditions }) : none}
      </td>
      <td>
        {room.stations.length === 0 ? (
          none
        ) : (
          <ul className="plain-list">
            {room.stations.map((s) => (
              <li key={s.number}>{stationLabel(i18n, s)}</li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {room.organizers.length === 0 ? (
          none
        ) : (
          <ul className="plain-list plain-list--nowrap">
            {room.organizers.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {room.endUtc ? zone.time(room.endUtc) : none}
        {room.extended && (
          <span className="tag tag--warn">
            <span aria-hidden="true">◴ </span>
            {i18n.t('rooms.extended')}
          </span>
        )}
      </td>
    </tr>
  );
}
