import type { Exam } from '../../../main/ipc/dto';
import { duration, examKind } from '../../format/labels';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';

/** One exam of the day: what, which form and day, when, how long, how many, and whether lists are in. */
export function ExamCard({ exam, showDate }: { exam: Exam; showDate?: boolean }) {
  const i18n = useI18n();
  const zone = useZone();
  return (
    <article className="exam-card" aria-labelledby={`exam-${exam.id}-title`} data-testid="exam-card">
      <h3 id={`exam-${exam.id}-title`} className="exam-card__title">
        {exam.subjectName}{' '}
        <span className="tag">{i18n.t(`exam.form.${exam.form}`)}</span>
        {exam.dayKind === 'reserve' && <span className="tag tag--warn">{i18n.t('exam.day.reserve')}</span>}
      </h3>
      <ul className="exam-card__facts">
        {showDate && <li>{zone.longDate(exam.date)}</li>}
        <li>{examKind(i18n, exam)}</li>
        <li>{i18n.t('exam.start', { time: exam.startLocal })}</li>
        <li>
          {i18n.t('exam.duration', { duration: duration(i18n, exam.durationMin) })}
          {exam.specialExtraMin > 0 && (
            <>
              {'; '}
              {i18n.t('exam.extra', { duration: duration(i18n, exam.specialExtraMin) })}
            </>
          )}
        </li>
        <li>{i18n.t('exam.participants', { count: exam.participants })}</li>
        {/* Seeded demo exams have participants without a bundle; only warn when there is truly no list. */}
        {exam.bundleVersion !== null && <li>{i18n.t('exam.bundleVersion', { version: exam.bundleVersion })}</li>}
        {exam.bundleVersion === null && exam.participants === 0 && (
          <li>
            <strong className="warn-text">
              <span aria-hidden="true">⚠ </span>
              {i18n.t('exam.noBundle')}
            </strong>
          </li>
        )}
      </ul>
    </article>
  );
}
