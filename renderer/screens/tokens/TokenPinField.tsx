import { forwardRef, useId } from 'react';

/**
 * A token's PIN: masked and never remembered, like a person's PIN, but not digits only — a token's PIN is the
 * vendor's business (Rutoken's default is 12345678; letters are allowed).
 */
export const TokenPinField = forwardRef<HTMLInputElement, { label: string; value: string; onChange(v: string): void; disabled?: boolean; testId?: string }>(
  function TokenPinField({ label, value, onChange, disabled, testId }, ref) {
    const id = useId();
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
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          data-testid={testId}
        />
      </div>
    );
  },
);
