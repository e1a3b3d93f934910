import { forwardRef, useId } from 'react';
import { PIN_DIGITS } from '../../main/ipc/shared-rules';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  /** The field's own problem (wrong format, mismatch), read out with the field. */
  invalid?: string | null;
  autoFocus?: boolean;
  disabled?: boolean;
}

/** A PIN: masked, digits keypad on touch screens, never remembered by the browser. */
export const PinInput = forwardRef<HTMLInputElement, Props>(function PinInput(
  { label, value, onChange, hint, invalid, autoFocus, disabled },
  ref,
) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        ref={ref}
        id={id}
        className="field__input field__input--pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={PIN_DIGITS.max}
        spellCheck={false}
        value={value}
        // Only digits: a scanner or a stray letter cannot end up in a PIN.
        onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        autoFocus={autoFocus}
        disabled={disabled}
      />
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {invalid && (
        <p id={errorId} className="field__error">
          <span aria-hidden="true">⚠ </span>
          {invalid}
        </p>
      )}
    </div>
  );
});

/** The PIN format main enforces (main/ipc/shared-rules.ts). */
export { PIN_PATTERN as PIN_RE } from '../../main/ipc/shared-rules';
