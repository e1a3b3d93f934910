import type { Exam, Room } from '../../../main/ipc/dto';
import { EmptyState } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';

/**
 * Today's rooms with the figures that matter at the desk: how many, how many with special needs, when each ends.
 * With several exams today, every exam's rooms, each naming its exam.
 */
export function TodayRooms({ rooms, exams }: { rooms: readonly Room[]; exams: readonly Exam[] }) {
  const i18n = useI18n();
  const zone = useZone();
  const sorted = [...rooms].sort((a, b) => a.code.localeCompare(b.code) || (a.examId ?? 0) - (b.examId ?? 0));
  const severalExams = exams.length > 1;
  // The exam goes under the room's name, not in a column of its own: the home column is narrow.
  const subjectOf = (room: Room) => exams.find((e) => e.id === room.examId)?.subjectName ?? i18n.t('common.none');
  return (
    <section className="section" aria-labelledby="home-rooms-title">
      <h2 id="home-rooms-title" className="section__title">
        {i18n.t('home.rooms')}
      </h2>
      {sorted.length === 0 ? (
        <EmptyState>{i18n.t('home.roomsEmpty')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="home-rooms">
            <thead>
              <tr>
                <th scope="col">{i18n.t('home.col.room')}</th>
                <th scope="col" className="num">
                  {i18n.t('home.col.participants')}
                </th>
                <th scope="col" className="num">
                  {i18n.t('home.col.special')}
                </th>
                <th scope="col">{i18n.t('home.col.end')}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((room) => (
                <tr key={`${room.code}-${room.examId ?? ''}`} data-exam-id={room.examId ?? undefined}>
                  <th scope="row">
                    <span className="mono">{room.code}</span> {room.name}
                    {severalExams && (
                      <div className="muted room-exam" data-testid="room-exam">
                        {i18n.t('rooms.exam', { subject: subjectOf(room) })}
                      </div>
                    )}
                  </th>
                  <td className="num">{room.participants}</td>
                  <td className="num">{room.withSpecialConditions}</td>
                  <td>
                    {room.endUtc ? zone.time(room.endUtc) : i18n.t('common.none')}
                    {room.extended && (
                      <span className="tag tag--warn">
                        <span aria-hidden="true">◴ </span>
                        {i18n.t('home.extended')}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
