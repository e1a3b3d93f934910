import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Exam } from '../../main/ipc/dto';
import type { ApiError } from '../api';
import { defaultExamId } from '../format/labels';
import { serverNow } from '../time/server-clock';
import { useZone } from './app-state';
import { useChannel } from './query/use-channel';

interface ExamsState {
  exams: Exam[] | undefined;
  error: ApiError | null;
  reload(): void;
  /** The exam chosen in Аудитории / Участники; shared so switching sections keeps the choice. */
  examId: number | null;
  setExamId(id: number | null): void;
}

const ExamsContext = createContext<ExamsState | null>(null);

/** The exam list, read once for the whole shell and re-read when lists are imported. */
export function ExamsProvider({ children }: { children: ReactNode }) {
  const zone = useZone();
  const query = useChannel('exams/list', {}, { topics: ['roster', 'bundles'] });
  const [chosen, setExamId] = useState<number | null>(null);

  const exams = query.data;
  const examId = useMemo(() => {
    if (!exams) return chosen;
    if (chosen !== null && exams.some((e) => e.id === chosen)) return chosen;
    return defaultExamId(exams, zone.localDate(serverNow()));
  }, [exams, chosen, zone]);

  const value = useMemo<ExamsState>(
    () => ({ exams, error: query.error, reload: query.reload, examId, setExamId }),
    [exams, query.error, query.reload, examId],
  );
  return <ExamsContext.Provider value={value}>{children}</ExamsContext.Provider>;
}

export function useExams(): ExamsState {
  const value = useContext(ExamsContext);
  if (!value) throw new Error('useExams outside ExamsProvider');
  return value;
}
