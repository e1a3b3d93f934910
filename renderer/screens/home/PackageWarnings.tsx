import type { Notice } from '../../../main/ipc/dto';
import { ATTENTION_REFRESH_MS, ATTENTION_TOPICS } from '../../components/AlarmBar';
import type { I18n } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';
import type { ZoneFormat } from '../../time/zone';
import { examTitle } from '../packages/packages-text';

/**
 * The second level of attention: the internet packages of the coming exams whose deadline is close or gone, each
 * with its date — calm, on the home screen, where the PPE head and the technical specialist look first each
 * morning. Today's exam is not here: a package missing on exam day is an alarm on every screen (AlarmBar).
 * main sends notices only to a person who may see the packages.
 */
export function PackageWarnings() {
  const i18n = useI18n();
  const zone = useZone();
  const notices = useChannel('attention/today', {}, { topics: ATTENTION_TOPICS, refreshMs: ATTENTION_REFRESH_MS, select: (a) => a.notices });
  const list = notices.data ?? [];
  if (list.length === 0) return null;
  return (
    <section className="notice-box" aria-labelledby="home-notices-title" data-testid="package-notices">
      <h2 id="home-notices-title" className="notice-box__title">
        {i18n.t('home.packages.title')}
      </h2>
      <ul className="plain-list">
        {list.map((n) => (
          <li key={n.examId} data-exam-date={n.examDate} data-late={n.late}>
            {noticeText(i18n, zone, n)}
          </li>
        ))}
      </ul>
      <p className="notice-box__open">
        <a href="#/packages">{i18n.t('home.packages.open')}</a>
      </p>
    </section>
  );
}

function noticeText(i18n: I18n, zone: ZoneFormat, n: Notice): string {
  const params = { exam: examTitle(zone, n), state: i18n.t(`packages.state.${n.state}`), date: zone.shortDate(n.deadline) };
  if (n.late) return i18n.t('home.packages.late', params);
  return i18n.t(n.onPublicationDay ? 'home.packages.publicationDay' : 'home.packages.soon', params);
}
