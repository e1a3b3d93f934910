import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';
import { examTitle } from '../packages/packages-text';

/**
 * The internet packages whose deadline (start of technical preparation) is close or gone while they are not yet on
 * both drives: shown on the home screen, where the PPE head and the technical specialist look first each morning.
 */
export function PackageWarnings() {
  const i18n = useI18n();
  const zone = useZone();
  const { session } = useAppState();
  const allowed = session?.state === 'active' && session.permissions.includes('packages.read');
  // Urgency moves with the clock as well as with downloads: the timer catches a deadline coming close.
  const list = useChannel('packages/exams', {}, { enabled: allowed, refreshMs: 60_000, topics: ['packages.exams'] });
  const urgent = list.data?.exams.filter((e) => e.urgency !== 'none') ?? [];
  if (urgent.length === 0) return null;
  return (
    <div className="alert alert--warn" role="status" data-testid="package-warnings">
      <span className="alert__icon" aria-hidden="true">
        ⚠
      </span>
      <div className="alert__body">
        <p className="alert__title">{i18n.t('home.packages.title')}</p>
        <ul className="plain-list">
          {urgent.map((e) => (
            <li key={e.examId}>
              {i18n.t(e.urgency === 'late' ? 'home.packages.late' : 'home.packages.soon', {
                exam: examTitle(zone, e),
                state: i18n.t(`packages.state.${e.state}`),
                date: zone.shortDate(e.deadline),
              })}
            </li>
          ))}
        </ul>
        <p>
          <a href="#/packages">{i18n.t('home.packages.open')}</a>
        </p>
      </div>
    </div>
  );
}
