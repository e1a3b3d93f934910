import type { ExamPackage, PackagesOverview } from '../../../main/ipc/dto';
import { errorText } from '../../components/ErrorMessage';
import type { I18n } from '../../i18n/i18n';
import type { ZoneFormat } from '../../time/zone';

/** «03.06 — Обществознание», the way a person names an exam. */
export function examTitle(zone: ZoneFormat, exam: { examDate: string; subjectName: string }): string {
  return `${zone.shortDate(exam.examDate)} — ${exam.subjectName}`;
}

type Check = NonNullable<PackagesOverview['drives'][number]['check']>;

/** One line per package folder found on a drive: «03.06 — Обществознание: цел» or what is wrong with it. */
export function checkLines(i18n: I18n, zone: ZoneFormat, check: Check, exams: ExamPackage[]): string[] {
  return check.folders.map((f) => {
    const known = exams.find((e) => e.examDate === f.examDate && e.subjectCode === f.subjectCode);
    const exam = known
      ? examTitle(zone, known)
      : f.examDate
        ? `${zone.shortDate(f.examDate)} — ${i18n.t('drives.subject', { code: f.subjectCode ?? 0 })}`
        : i18n.t('drives.unknownPackage', { folder: f.folder });
    return f.ok ? i18n.t('drives.checkOk', { exam }) : i18n.t('drives.checkBad', { exam, problem: f.problem ? errorText(i18n, zone, f.problem) : '' });
  });
}
