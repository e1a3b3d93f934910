import type { Exam, TimelineItem } from '../../../main/ipc/dto';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { useServerNow } from '../../state/use-now';
import { canConfirm, confirmationLine, itemTitle, itemWhen, progressLabel } from './timeline-text';

const STATE_ICON: Record<TimelineItem['state'], string> = {
  // A step the clock passed is not thereby done: no tick (issue 10, item 2). Only a confirmation earns ✓.
  past: '•',
  current: '▶',
  next: '➜',
  upcoming: '○',
};

/** The marker of a step a person confirms: ✓ once confirmed, ⚠ overdue, an empty box while its time has come. */
function markerOf(item: TimelineItem): string {
  if (item.progress === 'confirmed') return '✓';
  if (item.progress === 'overdue') return '⚠';
  if (item.progress === 'due' && item.state === 'past') return '☐';
  return STATE_ICON[item.state];
}

interface Props {
  items: readonly TimelineItem[];
  today: string;
  /** With more than one exam in a day, each item names its subject (a shared morning step names none). */
  exams: readonly Exam[];
  labelledBy: string;
  /** Opens the confirm dialog of a step (HomeScreen); without it no confirm button is shown. */
  onConfirm?: (item: TimelineItem) => void;
}

/**
 * The day as a vertical list; each item's state is spelled out and iconed, colour only reinforces it. A step the
 * clock moves reads «Прошло» once passed; a step a person confirms reads who confirmed it and when, or that it is
 * not confirmed and who must confirm it, with the confirm button for that person.
 */
export function TimelineList({ items, today, exams, labelledBy, onConfirm }: Props) {
  const i18n = useI18n();
  const zone = useZone();
  const { session } = useAppState();
  const now = useServerNow(30_000);
  const active = session?.state === 'active' ? { roleCode: session.staff.roleCode, permissions: session.permissions } : null;
  const subjectOf = (item: TimelineItem) =>
    exams.length > 1 && item.examId !== null && !item.shared ? exams.find((e) => e.id === item.examId)?.subjectName : undefined;
  const sorted = [...items].sort((a, b) => a.atUtc.localeCompare(b.atUtc));
  return (
    <ol className="timeline" aria-labelledby={labelledBy}>
      {sorted.map((item) => {
        const subject = subjectOf(item);
        const title = itemTitle(i18n, item);
        const line = confirmationLine(i18n, zone, item);
        return (
          <li
            key={`${item.key}-${item.examId ?? ''}-${item.roomCode ?? ''}-${item.atUtc}`}
            className={`timeline__item timeline__item--${item.state} timeline__item--${item.progress}`}
            aria-current={item.state === 'current' ? 'step' : undefined}
            data-key={item.key}
            data-state={item.state}
            data-progress={item.progress}
          >
            <span className="timeline__time">{itemWhen(zone, item, today)}</span>
            <span className="timeline__marker" aria-hidden="true">
              {item.kind === 'confirm' ? markerOf(item) : STATE_ICON[item.state]}
            </span>
            <span className="timeline__text">
              <span className="timeline__title">{title}</span>
              {subject && <span className="timeline__subject"> — {subject}</span>}
              {item.deadline && (
                <span className="tag tag--deadline">
                  <span aria-hidden="true">◷ </span>
                  {i18n.t('home.deadline')}
                </span>
              )}
              {line && (
                <span className="timeline__confirmation" data-testid="step-confirmation">
                  {line}
                </span>
              )}
              {onConfirm && canConfirm(item, active, now) && (
                <button
                  type="button"
                  className="button button--small timeline__confirm"
                  aria-label={i18n.t('timeline.confirmLabel', { title })}
                  onClick={() => onConfirm(item)}
                >
                  {i18n.t('timeline.confirm')}
                </button>
              )}
            </span>
            <span className={`timeline__state state state--${item.progress}`}>{progressLabel(i18n, item, now)}</span>
          </li>
        );
      })}
    </ol>
  );
}
