import type { Exam, Room } from '../../main/ipc/dto';
import type { I18n } from '../i18n/i18n-types';
import type { ZoneFormat } from '../time/zone';

/** «3 ч 55 мин»: with the other quantities in quantities.ts; re-exported for the screens that import it here. */
export { duration } from './quantities';

/** The role names people know from the regional database (codes 1–9). */
export function roleName(i18n: I18n, roleCode: number | null): string {
  if (roleCode === null) return i18n.t('role.system');
  return i18n.maybe(`role.${roleCode}`) ?? i18n.t('role.unknown', { code: roleCode });
}

export function conditionLabel(i18n: I18n, code: string): string {
  return i18n.maybe(`condition.${code}`) ?? code;
}

export function stationLabel(i18n: I18n, station: Room['stations'][number]): string {
  const role = i18n.maybe(`station.${station.role}`) ?? station.role;
  return `${station.number}\u00a0— ${role}${station.isReserve ? ` (${i18n.t('station.reserve')})` : ''}`;
}

/** «основной период, резервный день» */
export function examKind(i18n: I18n, exam: Exam): string {
  return `${i18n.t(`exam.period.${exam.period}`)}, ${i18n.t(`exam.day.${exam.dayKind}`)}`;
}

/** One line naming an exam in pickers and tables: «15.06.2025 — Русский язык (ЕГЭ), сегодня». */
export function examOption(i18n: I18n, zone: ZoneFormat, exam: Exam, today: string): string {
  return i18n.t('exam.option', {
    date: zone.shortDate(exam.date),
    subject: exam.subjectName,
    form: i18n.t(`exam.form.${exam.form}`),
    today: exam.date === today ? i18n.t('exam.option.today') : '',
  });
}

/** A day with several exams as one choice: «01.06.2026 — все экзамены дня: Русский язык, Обществознание, сегодня». */
export function examDayOption(i18n: I18n, zone: ZoneFormat, date: string, exams: readonly Exam[], today: string): string {
  return i18n.t('exam.optionDay', {
    date: zone.shortDate(date),
    subjects: exams.map((e) => e.subjectName).join(', '),
    today: date === today ? i18n.t('exam.option.today') : '',
  });
}

/** The dates that hold more than one exam, each with its exams: what «all exams of the day» is offered for. */
export function daysWithSeveralExams(exams: readonly Exam[]): Map<string, Exam[]> {
  const byDate = new Map<string, Exam[]>();
  for (const e of [...exams].sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)) {
    byDate.set(e.date, [...(byDate.get(e.date) ?? []), e]);
  }
  return new Map([...byDate].filter(([, list]) => list.length > 1));
}

/** Today's exam first, then the nearest coming one, then the most recent: what a person most likely wants. */
export function defaultExamId(exams: readonly Exam[], today: string): number | null {
  const sorted = [...exams].sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  const pick =
    sorted.find((e) => e.date === today) ?? sorted.find((e) => e.date > today) ?? sorted[sorted.length - 1];
  return pick?.id ?? null;
}
