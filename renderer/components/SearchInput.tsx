import { useId } from 'react';
import { SEARCH_TEXT_MAX } from '../../main/ipc/shared-rules';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  onEnter?(): void;
  autoFocus?: boolean;
}

/** A labelled search box; Escape clears it, so a person never has to reach for the mouse. */
export function SearchInput({ label, value, onChange, hint, onEnter, autoFocus }: Props) {
  const id = useId();
  return (
    <div className="field field--inline field--grow">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        className="field__input"
        type="search"
        autoComplete="off"
        spellCheck={false}
        value={value}
        maxLength={SEARCH_TEXT_MAX}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          } else if (e.key === 'Enter' && onEnter) {
            e.preventDefault();
            onEnter();
          }
        }}
        aria-describedby={hint ? `${id}-hint` : undefined}
        autoFocus={autoFocus}
        // The shell focuses this after a section change: on a search screen the next thing typed is the search.
        data-autofocus={autoFocus ? '' : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
