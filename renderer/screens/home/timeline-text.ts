import type { TimelineItem } from '../../../main/ipc/dto';
import { duration, roleName } from '../../format/labels';
import { shortName } from '../../format/names';
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

/** «руководитель ППЭ», «член ГЭК или руководитель ППЭ»: who confirms a step, in words. */
export function confirmersText(i18n: I18n, roles: readonly number[]): string {
  const names = roles.map((r) => i18n.maybe(`timeline.confirmer.${r}`) ?? roleName(i18n, r));
  return names.join(` ${i18n.t('timeline.or')} `);
}

/** May this person confirm the step now: the permission, the step's role, its window open, not yet confirmed. */
export function canConfirm(item: TimelineItem, session: { roleCode: number; permissions: readonly string[] } | null, now: Date): boolean {
  const c = item.confirm;
  if (!c || c.confirmation || !session?.permissions.includes('timeline.confirm')) return false;
  return c.roles.includes(session.roleCode) && Date.parse(c.fromUtc) <= now.getTime();
}

/** The state word beside an item: «Прошло» for a clock step; a confirmable step is confirmed, awaited or not confirmed. */
export function progressLabel(i18n: I18n, item: TimelineItem, now: Date): string {
  switch (item.progress) {
    case 'confirmed':
    case 'overdue':
      return i18n.t(`timeline.progress.${item.progress}`);
    case 'due':
      return item.confirm && Date.parse(item.confirm.fromUtc) <= now.getTime()
        ? i18n.t('timeline.progress.due')
        : i18n.t(`state.${item.state}`);
    default:
      return i18n.t(`state.${item.state}`);
  }
}

/**
 * The line under a confirmable step: «Подтверждено: Иванов И. И., 08:12» (by role for those who may not read staff
 * names), «Не подтверждено — подтверждает руководитель ППЭ», or who confirms it while it is still due.
 */
export function confirmationLine(i18n: I18n, zone: ZoneFormat, item: TimelineItem): string | null {
  const c = item.confirm;
  if (!c) return null;
  if (c.confirmation) {
    const by = c.confirmation.name ? shortName(c.confirmation.name) : confirmersText(i18n, [c.confirmation.roleCode]);
    return i18n.t('timeline.confirmedBy', { name: by, time: zone.time(c.confirmation.atUtc) });
  }
  const who = confirmersText(i18n, c.roles);
  return item.progress === 'overdue' ? i18n.t('timeline.notConfirmed', { who }) : i18n.t('timeline.confirmedByWho', { who });
}
