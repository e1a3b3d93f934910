import type { TimelineItem } from '../../../main/ipc/dto';
import { duration } from '../../format/labels';
import type { I18n } from '../../i18n/i18n';
import type { ZoneFormat } from '../../time/zone';

/** The Russian title of a timeline key; an unknown key (a newer main) is shown as is rather than hidden. */
export function itemTitle(i18n: I18n, item: TimelineItem): string {
  return i18n.maybe(`timeline.${item.key}`, { room: item.roomCode ?? '' }) ?? item.key;
}

/** «09:30» or «09:30–10:00»; with the date in front when the item is not on `today`. */
export function itemWhen(zone: ZoneFormat, item: TimelineItem, today: string): string {
  const date = zone.localDate(item.atUtc);
  const range = item.untilUtc ? `${zone.time(item.atUtc)}–${zone.time(item.untilUtc)}` : zone.time(item.atUtc);
  return date === today ? range : `${zone.shortDate(date)}, ${range}`;
}

/** «через 25 мин», «через 2 ч 5 мин», or «сейчас» once the moment has come. */
export function untilText(i18n: I18n, atUtc: string, now: Date): string {
  const minutes = Math.ceil((Date.parse(atUtc) - now.getTime()) / 60_000);
  if (minutes <= 0) return i18n.t('home.nextNow');
  return i18n.t('home.nextIn', { duration: duration(i18n, minutes) });
}
