import { useId } from 'react';
import type { TransferOverview } from '../../../main/ipc/slices/transfer';
import { useZone } from '../../state/app-state';

/** The exam a transfer-desk action is for, among the exams the overview offers: «date — subject». */
export function TransferExamField({
  label,
  exams,
  value,
  onChange,
}: {
  label: string;
  exams: TransferOverview['exams'];
  value: number | null;
  onChange(examId: number): void;
}) {
  const zone = useZone();
  const id = useId();
  return (
    <div className="field field--inline">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <select id={id} className="field__input" value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {exams.map((x) => (
          <option key={x.id} value={x.id}>
            {zone.shortDate(x.date)} — {x.subjectName}
          </option>
        ))}
      </select>
    </div>
  );
}
