import { useId, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExamPicker } from '../components/ExamPicker';
import { Busy, EmptyState } from '../components/Feedback';
import { PageHead } from '../components/PageHead';
import { SearchInput } from '../components/SearchInput';
import { conditionLabel } from '../format/labels';
import { fullName } from '../format/names';
import { useI18n } from '../i18n/i18n';
import { useAppState } from '../state/app-state';
import { useExams } from '../state/exams';
import { useChannel } from '../state/query/use-channel';
import { useDebounced } from '../state/use-debounced';

/** How many rows one search shows; a longer list is not read by anyone, the search is narrowed instead. */
const LIMIT = 200;

/** Organisers see only the day's duties: the entrance list (3), or their own rooms (2, assistants 4). */
const SCOPED_ROLES = [2, 3, 4];
const ROOM_ROLES = [2, 4];

/**
 * Find a participant by name or document, within one exam, optionally one room. Main decides what the role of the
 * day may see (auth/permissions.ts); the screen offers only that, so nobody meets a refusal by picking a room.
 */
export function ParticipantsScreen() {
  const i18n = useI18n();
  const { session } = useAppState();
  const { exams: allExams, examId: sharedExamId, setExamId, error: examsError } = useExams();
  const active = session && session.state !== 'signedOut' ? session : null;
  const scoped = !!active && SCOPED_ROLES.includes(active.staff.roleCode);
  const dutyExams = new Set(active?.duties.map((d) => d.examId) ?? []);
  const dutyRooms = new Set(
    active && ROOM_ROLES.includes(active.staff.roleCode) ? active.duties.flatMap((d) => (d.auditoriumCode ? [d.auditoriumCode] : [])) : [],
  );
  const exams = scoped ? allExams?.filter((e) => dutyExams.has(e.id)) : allExams;
  const examId = scoped ? (exams?.some((e) => e.id === sharedExamId) ? sharedExamId : (exams?.[0]?.id ?? null)) : sharedExamId;
  const showDocuments = !!active?.permissions.includes('participants.documents');
  const [query, setQuery] = useState('');
  // The room filter belongs to the exam it was chosen in: a room of another exam makes no sense, so choosing
  // another exam forgets it.
  const [roomChoice, setRoomChoice] = useState<{ examId: number | null; code: string } | null>(null);
  const room = roomChoice !== null && roomChoice.examId === examId ? roomChoice.code : null;
  const setRoom = (code: string | null) => setRoomChoice(code === null ? null : { examId, code });
  const settledQuery = useDebounced(query.trim(), 300);
  const roomSelectId = useId();

  const rooms = useChannel('rooms/list', { examId }, {
    topics: ['roster', 'bundles'],
    enabled: examId !== null,
  });

  const result = useChannel(
    'participants/search',
    // examId 0 is never sent: the read waits (enabled) until an exam is chosen.
    { examId: examId ?? 0, query: settledQuery, auditoriumCode: room, limit: LIMIT },
    { topics: ['roster', 'bundles'], enabled: examId !== null },
  );
  const rows = result.data?.rows ?? [];
  const roomCodes = [...(rooms.data ?? [])].filter(
    (r) => (r.participants > 0 || r.code === room) && (dutyRooms.size === 0 || dutyRooms.has(r.code)),
  );

  return (
    <div className="page">
      <PageHead title={i18n.t('participants.title')} />
      <div className="toolbar">
        <ExamPicker exams={exams ?? []} value={examId} onChange={setExamId} />
        <SearchInput label={i18n.t('participants.search')} value={query} onChange={setQuery} autoFocus />
        <div className="field field--inline">
          <label htmlFor={roomSelectId} className="field__label">
            {i18n.t('participants.room')}
          </label>
          <select
            id={roomSelectId}
            className="field__input"
            value={room ?? ''}
            onChange={(e) => setRoom(e.target.value || null)}
          >
            <option value="">{i18n.t('participants.allRooms')}</option>
            {roomCodes.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} — {r.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {examsError && <ErrorMessage error={examsError} />}
      {exams && exams.length === 0 && <EmptyState>{i18n.t('exam.noExams')}</EmptyState>}
      {result.error && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {result.loading && !result.data && <Busy>{i18n.t('common.loading')}</Busy>}
      {result.data && (
        <p className="summary" aria-live="polite" data-testid="participants-found">
          {i18n.t('participants.found', { total: result.data.total })}
          {result.data.total > rows.length && <> {i18n.t('participants.shown', { shown: rows.length })}</>}
        </p>
      )}
      {result.data && rows.length === 0 && (
        <EmptyState>
          {settledQuery || room ? i18n.t('participants.empty') : i18n.t('participants.emptyExam')}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-busy={result.loading} data-testid="participants-table">
            <thead>
              <tr>
                <th scope="col">{i18n.t('participants.col.name')}</th>
                {showDocuments && <th scope="col">{i18n.t('participants.col.document')}</th>}
                <th scope="col">{i18n.t('participants.col.room')}</th>
                <th scope="col">{i18n.t('participants.col.seat')}</th>
                <th scope="col">{i18n.t('participants.col.conditions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{fullName(p)}</th>
                  {showDocuments && (
                    <td className="mono">
                      {p.documentSeries} {p.documentNumber}
                    </td>
                  )}
                  <td className="mono">{p.auditoriumCode}</td>
                  <td className="mono">{p.seat}</td>
                  <td>
                    {p.conditions.length === 0 ? (
                      i18n.t('common.none')
                    ) : (
                      <ul className="plain-list">
                        {p.conditions.map((c) => (
                          <li key={c}>{conditionLabel(i18n, c)}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
