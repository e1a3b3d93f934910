import type { TimelineItem } from '../../../main/ipc/dto';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useServerNow } from '../../state/use-now';
import { confirmersText, itemTitle, untilText } from './timeline-text';

interface Props {
  items: readonly TimelineItem[];
  today: string;
}

/**
 * The one clear next step: what is happening now and what comes next, with a countdown. Above them, the steps a
 * person must still confirm whose time has come: flagged while overdue, never counted as done.
 */
export function NextUp({ items, today }: Props) {
  const i18n = useI18n();
  const zone = useZone();
  const now = useServerNow(5000);
  const current = items.filter((i) => i.state === 'current');
  const next = items.find((i) => i.state === 'next');
  // A step due whose time has come (the briefing under way) awaits its confirmation; one overdue is flagged.
  const unconfirmed = items.filter((i) => i.progress === 'overdue' || (i.progress === 'due' && i.state !== 'next' && i.state !== 'upcoming'));
  const flags = unconfirmed.map((item) => (
    <p
      key={`${item.key}-${item.examId ?? ''}`}
      className={item.progress === 'overdue' ? 'next-up__overdue' : 'next-up__awaiting'}
      data-testid="unconfirmed-step"
    >
      <span aria-hidden="true">{item.progress === 'overdue' ? '⚠ ' : '☐ '}</span>
      {i18n.t(item.progress === 'overdue' ? 'home.overdue' : 'home.awaiting', {
        title: itemTitle(i18n, item),
        who: confirmersText(i18n, item.confirm?.roles ?? []),
      })}
    </p>
  ));

  if (current.length === 0 && !next && flags.length > 0) {
    return (
      <div className="next-up" role="status">
        {flags}
      </div>
    );
  }

  if (current.length === 0 && !next) {
    if (items.length === 0) return null;
    return (
      <p className="next-up next-up--done" data-testid="next-item">
        <span aria-hidden="true">✔ </span>
        {i18n.t('home.allDone')}
      </p>
    );
  }

  return (
    <div className="next-up" role="status">
      {flags}
      {current.map((item) => (
        <p key={`${item.key}-${item.roomCode ?? ''}-${item.atUtc}`} className="next-up__current">
          <span aria-hidden="true">▶ </span>
          {i18n.t('home.current', { title: itemTitle(i18n, item) })}
        </p>
      ))}
      {next && (
        <p className="next-up__next" data-testid="next-item">
          <span aria-hidden="true">➜ </span>
          {zone.localDate(next.atUtc) === today
            ? i18n.t('home.next', {
                title: itemTitle(i18n, next),
                time: zone.time(next.atUtc),
                in: untilText(i18n, next.atUtc, now),
              })
            : i18n.t('home.nextOnDate', {
                title: itemTitle(i18n, next),
                date: zone.shortDate(zone.localDate(next.atUtc)),
                time: zone.time(next.atUtc),
              })}
        </p>
      )}
    </div>
  );
}
