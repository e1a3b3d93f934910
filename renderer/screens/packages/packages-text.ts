import type { ExamPackage, PackagesOverview } from '../../../main/ipc/dto';
import { errorText } from '../../format/error-text';
import type { I18n } from '../../i18n/i18n-types';
import type { ZoneFormat } from '../../time/zone';

/** «03.06 — Обществознание», the way a person names an exam. */
export function examTitle(zone: ZoneFormat, exam: { examDate: string; subjectName: string }): string {
  return `${zone.shortDate(exam.examDate)} — ${exam.subjectName}`;
}

type Check = NonNullable<PackagesOverview['drives'][number]['check']>;

/** An exam of the PPE's schedule (the roster), to name a folder's exam that is no longer coming. */
interface ScheduledExam {
  date: string;
  subjectCode: number;
  subjectName: string;
}

/**
 * One line per package folder found on a drive: «03.06 — Обществознание: копия точная…» or what is wrong with it.
 * Exams by date and subject name, never by the subject's code; a folder's path is said once.
 */
export function checkLines(i18n: I18n, zone: ZoneFormat, check: Check, exams: ExamPackage[], schedule: readonly ScheduledExam[] = []): string[] {
  return check.folders.map((f) => {
    const known = exams.find((e) => e.examDate === f.examDate && e.subjectCode === f.subjectCode);
    const scheduled = schedule.find((e) => e.date === f.examDate && e.subjectCode === f.subjectCode);
    const problem = f.problem ? errorText(i18n, zone, f.problem) : '';
    const exam = known
      ? examTitle(zone, known)
      : f.examDate
        ? scheduled
          ? examTitle(zone, { examDate: f.examDate, subjectName: scheduled.subjectName })
          : i18n.t('drives.subject', { date: zone.shortDate(f.examDate) })
        : i18n.t('drives.unknownPackage', { folder: f.folder });
    if (f.ok) return i18n.t('drives.checkOk', { exam });
    // A folder named only by its path, with a problem that already names it: the path once, not twice.
    if (!f.examDate && problem.includes(f.folder)) return problem;
    return i18n.t('drives.checkBad', { exam, problem });
  });
}
