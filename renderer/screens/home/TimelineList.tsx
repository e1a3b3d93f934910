import type { Exam, TimelineItem } from '../../../main/ipc/dto';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { itemTitle, itemWhen } from './timeline-text';

const STATE_ICON: Record<TimelineItem['state'], string> = {
  past: '✓',
  current: '▶',
  next: '➜',
  upcoming: '○',
};

interface Props {
  items: readonly TimelineItem[];
  today: string;
  /** With more than one exam in a day, each item names its subject. */
  exams: readonly Exam[];
  labelledBy: string;
}

/** The day as a vertical list; each item's state is spelled out and iconed, colour only reinforces it. */
export function TimelineList({ items, today, exams, labelledBy }: Props) {
  const i18n = useI18n();
  const zone = useZone();
  const subjectOf = (item: TimelineItem) =>
    exams.length > 1 && item.examId !== null ? exams.find((e) => e.id === item.examId)?.subjectName : undefined;
  const sorted = [...items].sort((a, b) => a.atUtc.localeCompare(b.atUtc));
  return (
    <ol className="timeline" aria-labelledby={labelledBy}>
      {sorted.map((item) => {
        const subject = subjectOf(item);
        return (
          <li
            key={`${item.key}-${item.examId ?? ''}-${item.roomCode ?? ''}-${item.atUtc}`}
            className={`timeline__item timeline__item--${item.state}`}
            aria-current={item.state === 'current' ? 'step' : undefined}
            data-key={item.key}
            data-state={item.state}
          >
            <span className="timeline__time">{itemWhen(zone, item, today)}</span>
            <span className="timeline__marker" aria-hidden="true">
              {STATE_ICON[item.state]}
            </span>
            <span className="timeline__text">
              <span className="timeline__title">{itemTitle(i18n, item)}</span>
              {subject && <span className="timeline__subject"> — {subject}</span>}
              {item.deadline && (
                <span className="tag tag--deadline">
                  <span aria-hidden="true">◷ </span>
                  {i18n.t('home.deadline')}
                </span>
              )}
            </span>
            <span className={`timeline__state state state--${item.state}`}>{i18n.t(`state.${item.state}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}
