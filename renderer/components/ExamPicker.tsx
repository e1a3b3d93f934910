import { useId } from 'react';
import type { Exam } from '../../main/ipc/dto';
import { daysWithSeveralExams, examDayOption, examOption } from '../format/labels';
import { useI18n } from '../i18n/i18n';
import { useZone } from '../state/app-state';
import { serverNow } from '../time/server-clock';

interface Props {
  exams: readonly Exam[];
  value: number | null;
  onChange(examId: number | null): void;
  label?: string;
  /** Text of an extra first option meaning "no particular exam" (null); omitted when an exam is required. */
  anyLabel?: string;
  /**
   * With it, a day holding several exams (two subjects in different rooms) is offered as one choice too, before its
   * exams; `day` is that choice when made (it then wins over `value`).
   */
  onDayChange?(date: string): void;
  day?: string | null;
}

const DAY_PREFIX = 'day:';

/** A labelled select of exams by date, today's marked «сегодня»; optionally whole days with several exams. */
export function ExamPicker({ exams, value, onChange, label, anyLabel, onDayChange, day }: Props) {
  const i18n = useI18n();
  const zone = useZone();
  const id = useId();
  const today = zone.localDate(serverNow());
  const sorted = [...exams].sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  const days = onDayChange ? daysWithSeveralExams(sorted) : new Map<string, Exam[]>();
  const offered = new Set<string>();
  const selected = onDayChange && day ? `${DAY_PREFIX}${day}` : (value ?? '');
  return (
    <div className="field field--inline">
      <label htmlFor={id} className="field__label">
        {label ?? i18n.t('exam.picker')}
      </label>
      <select
        id={id}
        className="field__input"
        value={selected}
        onChange={(e) => {
          const v = e.target.value;
          if (v.startsWith(DAY_PREFIX)) onDayChange?.(v.slice(DAY_PREFIX.length));
          else onChange(v === '' ? null : Number(v));
        }}
        disabled={sorted.length === 0 && !anyLabel}
      >
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {sorted.length === 0 && anyLabel === undefined && <option value="">{i18n.t('exam.pickerNone')}</option>}
        {sorted.flatMap((exam) => {
          const options = [];
          const ofDay = days.get(exam.date);
          if (ofDay && !offered.has(exam.date)) {
            offered.add(exam.date);
            options.push(
              <option key={`${DAY_PREFIX}${exam.date}`} value={`${DAY_PREFIX}${exam.date}`}>
                {examDayOption(i18n, zone, exam.date, ofDay, today)}
              </option>,
            );
          }
          options.push(
            <option key={exam.id} value={exam.id}>
              {examOption(i18n, zone, exam, today)}
            </option>,
          );
          return options;
        })}
      </select>
    </div>
  );
}
