import type { Alarm, Permission } from '../../main/ipc/dto';
import { roleName } from '../format/labels';
import { formatSeconds } from '../format/quantities';
import { useI18n, type I18n } from '../i18n/i18n';
import { useChannel } from '../state/query/use-channel';
import type { Topic } from '../state/query/topics';
import { sectionTitle } from './Nav';

/**
 * What today's alarms are re-read on: the packages' exams and drives parts (a write ending, a drive pulled), every
 * journal entry (the clock alarm's start and end are journaled too), a key file received or a key activated
 * ('examKeys', 'printing'), and the minute timer (09:30 passing raises the key alarms) — the clock passing the
 * end of the exam makes its package alarm go quiet, and people without the packages' events learn of a package
 * verified within a minute.
 */
export const ATTENTION_TOPICS: readonly Topic[] = ['packages.exams', 'packages.drives', 'journal', 'examKeys', 'printing'];
export const ATTENTION_REFRESH_MS = 60_000;

/**
 * The first level of attention: what stops today's exam (main/attention), on every screen for anyone signed in.
 * Each alarm says what is wrong, who must fix it, and — for a person who may open it — the screen where it is
 * fixed. Nothing here when all is well: no empty box, no «всё в порядке».
 */
export function AlarmBar({ permissions }: { permissions: readonly Permission[] }) {
  const i18n = useI18n();
  const alarms = useChannel('attention/today', {}, { topics: ATTENTION_TOPICS, refreshMs: ATTENTION_REFRESH_MS, select: (a) => a.alarms });
  const list = alarms.data ?? [];
  if (list.length === 0) return null;
  return (
    <section className="alarm-bar" aria-label={i18n.t('attention.region')} data-testid="alarm-bar">
      <ul className="alarm-bar__list" aria-live="polite">
        {list.map((alarm) => (
          <li key={alarmKey(alarm)} className="alarm" data-testid="alarm" data-kind={alarm.kind}>
            <span className="alarm__icon" aria-hidden="true">
              ⚠
            </span>
            <p className="alarm__text">
              <strong className="alarm__what">{alarmWhat(i18n, alarm)}</strong>{' '}
              <span className="alarm__who" data-testid="alarm-who">
                {i18n.t('attention.who', { role: roleName(i18n, alarm.who), task: alarmTask(i18n, alarm) })}
              </span>
            </p>
            {permissions.includes(FIX_NEEDS[alarm.fixAt]) && (
              <a className="alarm__action" href={`#/${alarm.fixAt}`} data-testid="alarm-action">
                {i18n.t('attention.open', { screen: i18n.t(sectionTitle(alarm.fixAt)) })}
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What opening the screen where an alarm is fixed takes (as in the shell's navigation). */
const FIX_NEEDS: Record<Alarm['fixAt'], Permission> = {
  packages: 'packages.read',
  journal: 'journal.read',
  sync: 'sync.read',
  examKeys: 'examKeys.read',
  printing: 'printing.read',
};

function alarmKey(alarm: Alarm): string {
  return 'examId' in alarm ? `${alarm.kind}:${alarm.examId}` : alarm.kind;
}

function alarmWhat(i18n: I18n, alarm: Alarm): string {
  switch (alarm.kind) {
    case 'package_not_ready':
      return i18n.t('attention.package', {
        time: alarm.startLocal,
        subject: alarm.subjectName,
        state: i18n.t(`packages.state.${alarm.state}`),
      });
    case 'journal_broken':
      // As «Журнал» says it: a cut-off journal is named by the last entry that is still there.
      return i18n.t('attention.journal', {
        problem:
          alarm.problem === 'truncated'
            ? i18n.t('journal.problem.truncated', { seq: alarm.seq - 1 })
            : i18n.t(`journal.problem.${alarm.problem}`, { seq: alarm.seq }),
      });
    case 'clock_skew':
      // The same words and units as «Связь с РЦОИ»: RCOI minus this computer, positive = behind.
      return i18n.t(alarm.skewSeconds > 0 ? 'sync.clock.behind' : 'sync.clock.ahead', { skew: formatSeconds(i18n, Math.abs(alarm.skewSeconds)) });
    case 'key_not_received':
      return i18n.t('attention.keyMissing', { time: alarm.startLocal, subject: alarm.subjectName });
    case 'key_not_active':
      return i18n.t('attention.keyInactive', { time: alarm.startLocal, subject: alarm.subjectName });
  }
}

function alarmTask(i18n: I18n, alarm: Alarm): string {
  switch (alarm.kind) {
    case 'package_not_ready':
      if (alarm.state === 'downloaded') return i18n.t('attention.task.write');
      if (alarm.state === 'on_drives') return i18n.t('attention.task.check');
      return i18n.t('attention.task.download');
    case 'journal_broken':
      return i18n.t('attention.task.journal');
    case 'clock_skew':
      return i18n.t('attention.task.clock');
    case 'key_not_received':
      return i18n.t('attention.task.key');
    case 'key_not_active':
      return i18n.t('attention.task.activate');
  }
}
