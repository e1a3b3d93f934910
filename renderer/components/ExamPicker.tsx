import { useId } from 'react';
import type { Exam } from '../../main/ipc/dto';
import { examOption } from '../format/labels';
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
}

/** A labelled select of exams by date, today's marked «сегодня». */
export function ExamPicker({ exams, value, onChange, label, anyLabel }: Props) {
  const i18n = useI18n();
  const zone = useZone();
  const id = useId();
  const today = zone.localDate(serverNow());
  const sorted = [...exams].sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  return (
    <div className="field field--inline">
      <label htmlFor={id} className="field__label">
        {label ?? i18n.t('exam.picker')}
      </label>
      <select
        id={id}
        className="field__input"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        disabled={sorted.length === 0 && !anyLabel}
      >
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {sorted.length === 0 && anyLabel === undefined && <option value="">{i18n.t('exam.pickerNone')}</option>}
        {sorted.map((exam) => (
          <option key={exam.id} value={exam.id}>
            {examOption(i18n, zone, exam, today)}
          </option>
        ))}
      </select>
    </div>
  );
}
