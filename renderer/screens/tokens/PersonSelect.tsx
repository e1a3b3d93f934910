import { useId } from 'react';

/**
 * A labelled select of people by name (a GEK member, the PPE head), its first choice empty — nobody until the person
 * picks: the forms of «Токены ГЭК» and the exam key's asks never guess whose token or PIN comes next.
 */
export function PersonSelect({
  label,
  people,
  value,
  onChange,
  emptyLabel,
  disabled,
  testId,
}: {
  label: string;
  people: readonly { staffId: number; name: string }[];
  value: number | null;
  onChange(staffId: number | null): void;
  emptyLabel: string;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <select
        id={id}
        className="field__input"
        value={value ?? ''}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        data-testid={testId}
      >
        <option value="">{emptyLabel}</option>
        {people.map((p, i) => (
          // By place too: the register lists a member once per token.
          <option key={`${i}-${p.staffId}`} value={p.staffId}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
