import type { HqSetupDoneDto } from '../../../main/ipc/slices/setup';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';

/**
 * What the HQ station received at set-up, for the technical specialist to check against RCOI's letter: the PPE, its
 * time zone, this station's number and kind, and the fingerprint room stations will compare when they pin HQ.
 * «Войти» opens the sign-in screen of the station now set up.
 */
export function HqSetupSummary({ done }: { done: HqSetupDoneDto }) {
  const i18n = useI18n();
  const { reloadInfo } = useAppState();
  const rows: [string, string][] = [
    [i18n.t('setup.done.ppe'), `${done.ppe.code} — ${done.ppe.name}`],
    [i18n.t('setup.done.region'), `${done.ppe.regionCode} — ${done.ppe.regionName}`],
    [i18n.t('setup.done.address'), done.ppe.address],
    [i18n.t('setup.done.timeZone'), done.ppe.timeZone],
    [i18n.t('setup.done.station'), `${done.stationNumber} (${i18n.t(`details.hqKind.${done.kind}`)})`],
    [i18n.t('setup.done.received'), i18n.t('setup.done.receivedWhat', { rooms: done.rooms, exams: done.exams })],
    [i18n.t('setup.done.fingerprint'), done.fingerprint],
  ];
  return (
    <section aria-labelledby="hq-setup-done-title" data-testid="hq-setup-done">
      <h2 id="hq-setup-done-title" className="section__title">
        {i18n.t('setup.done.title')}
      </h2>
      <dl className="setup-facts">
        {rows.map(([term, value]) => (
          <div key={term} className="setup-facts__row">
            <dt>{term}</dt>
            <dd className={term === i18n.t('setup.done.fingerprint') ? 'mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
      <p>{i18n.t('setup.done.next')}</p>
      <button type="button" className="button button--primary" onClick={reloadInfo} autoFocus>
        {i18n.t('setup.done.signIn')}
      </button>
    </section>
  );
}
