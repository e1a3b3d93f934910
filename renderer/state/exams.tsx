import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Exam } from '../../main/ipc/dto';
import type { ApiError } from '../api';
import { daysWithSeveralExams, defaultExamId } from '../format/labels';
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
  /**
   * Аудитории only: a whole day with several exams, each room with its exam (null: one exam, `examId`). Today, when
   * it holds several exams, until a person picks one exam.
   */
  day: string | null;
  setDay(date: string): void;
}

const ExamsContext = createContext<ExamsState | null>(null);

/** The exam list, read once for the whole shell and re-read when lists are imported. */
export function ExamsProvider({ children }: { children: ReactNode }) {
  const zone = useZone();
  const query = useChannel('exams/list', {}, { topics: ['roster', 'bundles'] });
  const [chosen, setChosen] = useState<number | null>(null);
  // undefined: nobody chose yet (today's exams, all of them when there are several); null: one exam was chosen.
  const [chosenDay, setChosenDay] = useState<string | null | undefined>(undefined);

  const exams = query.data;
  const examId = useMemo(() => {
    if (!exams) return chosen;
    if (chosen !== null && exams.some((e) => e.id === chosen)) return chosen;
    return defaultExamId(exams, zone.localDate(serverNow()));
  }, [exams, chosen, zone]);

  const day = useMemo(() => {
    if (!exams) return null;
    const several = daysWithSeveralExams(exams);
    if (chosenDay === undefined) {
      const today = zone.localDate(serverNow());
      return several.has(today) ? today : null;
    }
    return chosenDay !== null && several.has(chosenDay) ? chosenDay : null;
  }, [exams, chosenDay, zone]);

  const value = useMemo<ExamsState>(
    () => ({
      exams,
      error: query.error,
      reload: query.reload,
      examId,
      setExamId: (id: number | null) => {
        setChosen(id);
        setChosenDay(null);
      },
      day,
      setDay: (date: string) => setChosenDay(date),
    }),
    [exams, query.error, query.reload, examId, day],
  );
  return <ExamsContext.Provider value={value}>{children}</ExamsContext.Provider>;
}

export function useExams(): ExamsState {
  const value = useContext(ExamsContext);
  if (!value) throw new Error('useExams outside ExamsProvider');
  return value;
}
