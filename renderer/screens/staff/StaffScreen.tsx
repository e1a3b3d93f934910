import { useState } from 'react';
import type { Exam, StaffRow } from '../../../main/ipc/dto';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ExamPicker } from '../../components/ExamPicker';
import { Busy, EmptyState, Notice } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { SearchInput } from '../../components/SearchInput';
import { daysWithSeveralExams, roleName } from '../../format/labels';
import { fullName } from '../../format/names';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { useExams } from '../../state/exams';
import { useChannel } from '../../state/query/use-channel';
import { useDebounced } from '../../state/use-debounced';
import { serverNow } from '../../time/server-clock';
import { SetPinDialog } from './SetPinDialog';

/** The exam point's staff: roles, rooms, whether each can sign in; PINs issued here by those allowed to. */
export function StaffScreen({ canManagePins }: { canManagePins: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  const { session } = useAppState();
  const { exams } = useExams();
  const [query, setQuery] = useState('');
  // Not chosen yet (undefined): on an exam day the list starts on today's duty, with each person's room for it;
  // «все экзамены» (null) is the person's own choice and stays.
  const [chosenExam, setExamId] = useState<number | null | undefined>(undefined);
  // A whole day with several exams (two subjects in different rooms): each person's duty that day.
  const [chosenDay, setDay] = useState<string | null>(null);
  const today = zone.localDate(serverNow());
  const several = daysWithSeveralExams(exams ?? []);
  const day = chosenDay ?? (chosenExam === undefined && several.has(today) ? today : null);
  const examId = day !== null ? null : chosenExam !== undefined ? chosenExam : todaysExamId(exams, today);
  const [pinFor, setPinFor] = useState<StaffRow | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const settled = useDebounced(query.trim(), 300);

  const staff = useChannel('staff/search', day !== null ? { query: settled, examId: null, date: day } : { query: settled, examId }, {
    topics: ['staff', 'roster', 'bundles'],
  });
  const rows = staff.data ?? [];

  return (
    <div className="page">
      <PageHead title={i18n.t('staff.title')} />
      <div className="toolbar">
        <SearchInput label={i18n.t('staff.search')} value={query} onChange={setQuery} autoFocus />
        <ExamPicker
          exams={exams ?? []}
          value={examId}
          onChange={(id) => {
            setExamId(id);
            setDay(null);
          }}
          day={day}
          onDayChange={setDay}
          label={i18n.t('staff.exam')}
          anyLabel={i18n.t('staff.allExams')}
        />
      </div>
      {done && <Notice>{done}</Notice>}
      {staff.error && <ErrorMessage error={staff.error} onRetry={staff.reload} />}
      {staff.loading && !staff.data && <Busy>{i18n.t('common.loading')}</Busy>}
      {staff.data && (
        <p className="summary" aria-live="polite">
          {i18n.t('common.total', { count: rows.length })}
        </p>
      )}
      {staff.data && rows.length === 0 && <EmptyState>{i18n.t('staff.empty')}</EmptyState>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-busy={staff.loading} data-testid="staff-table">
            <thead>
              <tr>
                <th scope="col">{i18n.t('staff.col.name')}</th>
                <th scope="col">{i18n.t('staff.col.role')}</th>
                <th scope="col">{i18n.t('staff.col.room')}</th>
                {/* PIN states and lock-outs are for those who manage PINs; main sends them to nobody else. */}
                {canManagePins && <th scope="col">{i18n.t('staff.col.pin')}</th>}
                {canManagePins && <th scope="col">{i18n.t('staff.col.locked')}</th>}
                {canManagePins && <th scope="col">{i18n.t('staff.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((person) => (
                <tr key={person.id}>
                  <th scope="row">{fullName(person)}</th>
                  <td>{roleName(i18n, person.roleCode)}</td>
                  <td className="mono">{person.auditoriumCode ?? i18n.t('common.none')}</td>
                  {canManagePins && (
                    <td>
                      <span className={`yes-no yes-no--${person.hasPin ? 'yes' : 'no'}`}>
                        <span aria-hidden="true">{person.hasPin ? '✔ ' : '✖ '}</span>
                        {i18n.t(person.hasPin ? 'common.yes' : 'common.no')}
                      </span>
                    </td>
                  )}
                  {canManagePins && (
                    <td>
                      {person.lockedUntil ? (
                        <span className="warn-text">
                          <span aria-hidden="true">⊘ </span>
                          {zone.dateTime(person.lockedUntil)}
                        </span>
                      ) : (
                        i18n.t('common.none')
                      )}
                    </td>
                  )}
                  {canManagePins && (
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={i18n.t('staff.issuePinFor', { name: fullName(person) })}
                        onClick={() => {
                          setDone(null);
                          setPinFor(person);
                        }}
                      >
                        {i18n.t('staff.issuePin')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {/* A modal <dialog> would make the lock screen inert: it closes on lock and reopens on unlock. */}
      {pinFor && session?.state === 'active' && (
        <SetPinDialog
          person={pinFor}
          onClose={() => setPinFor(null)}
          onDone={(message) => {
            setPinFor(null);
            setDone(message);
            staff.reload();
          }}
        />
      )}
    </div>
  );
}

/** Today's exam (the first by id when there are two: the screen then shows the whole day), or null without one. */
function todaysExamId(exams: readonly Exam[] | undefined, today: string): number | null {
  const todays = (exams ?? []).filter((e) => e.date === today).sort((a, b) => a.id - b.id);
  return todays[0]?.id ?? null;
}
