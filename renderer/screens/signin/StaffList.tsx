import type { KeyboardEvent } from 'react';
import type { SignInStaff } from '../../../main/ipc/dto';
import { roleName } from '../../format/labels';
import { fullName } from '../../format/names';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { groupByRole } from './staff-filter';

interface Props {
  people: readonly SignInStaff[];
  selectedId: number | null;
  onSelect(person: SignInStaff): void;
}

/** Moves focus between person buttons with the arrow keys, skipping disabled ones. */
export function focusPerson(container: HTMLElement | null, from: Element | null, step: 1 | -1): void {
  if (!container) return;
  const buttons = [...container.querySelectorAll<HTMLButtonElement>('button[data-person]:not(:disabled)')];
  if (buttons.length === 0) return;
  const index = from ? buttons.indexOf(from as HTMLButtonElement) : -1;
  const next = index < 0 ? (step === 1 ? 0 : buttons.length - 1) : index + step;
  buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
}

/** The exam point's staff grouped by role; people without a PIN are listed but cannot be chosen. */
export function StaffList({ people, selectedId, onSelect }: Props) {
  const i18n = useI18n();
  const zone = useZone();

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    focusPerson(e.currentTarget, document.activeElement, e.key === 'ArrowDown' ? 1 : -1);
  };

  return (
    <div className="staff-list" onKeyDown={onKeyDown} id="signin-staff-list">
      {groupByRole(people).map((group) => (
        <section key={group.roleCode} className="staff-list__group" aria-labelledby={`role-${group.roleCode}`}>
          <h3 id={`role-${group.roleCode}`} className="staff-list__role">
            {roleName(i18n, group.roleCode)}
          </h3>
          <ul className="staff-list__people">
            {group.people.map((person) => {
              const noteId = `person-note-${person.id}`;
              const note = !person.hasPin
                ? i18n.t('signIn.noPin')
                : person.lockedUntil
                  ? i18n.t('signIn.lockedUntil', { time: zone.time(person.lockedUntil) })
                  : null;
              return (
                <li key={person.id} className="staff-list__item">
                  <button
                    type="button"
                    data-person={person.id}
                    className="person-button"
                    aria-pressed={selectedId === person.id}
                    aria-describedby={note ? noteId : undefined}
                    disabled={!person.hasPin}
                    onClick={() => onSelect(person)}
                  >
                    {fullName(person)}
                  </button>
                  {note && (
                    <span id={noteId} className={`person-note ${person.hasPin ? 'person-note--locked' : ''}`}>
                      <span aria-hidden="true">{person.hasPin ? '⊘ ' : '✖ '}</span>
                      {note}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
