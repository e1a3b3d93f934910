import type { ExamPackage, PackagesOverview } from '../../../main/ipc/dto';
import { errorText } from '../../components/ErrorMessage';
import type { I18n } from '../../i18n/i18n';
import type { ZoneFormat } from '../../time/zone';

const MIB = 1024 * 1024;

/** «03.06 — Обществознание», the way a person names an exam. */
export function examTitle(zone: ZoneFormat, exam: Pick<ExamPackage, 'examDate' | 'subjectName'>): string {
  return `${zone.shortDate(exam.examDate)} — ${exam.subjectName}`;
}

/** MiB with one decimal, for counters that move (the width does not jump). */
export function mib(i18n: I18n, bytes: number): string {
  return new Intl.NumberFormat(i18n.intlLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / MIB);
}

export function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
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
