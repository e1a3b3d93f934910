import type { SetupFile } from '../../../main/ipc/slices/stations';
import { useI18n } from '../../i18n/i18n';

/**
 * What a set-up file from HQ offers, as the person checks it before taking it: the room, the station's number and
 * kind, the PPE (and whether it is a training one). HQ's fingerprint is shown apart, large, to be compared.
 */
export function SetupOfferFacts({ offer }: { offer: NonNullable<SetupFile['offer']> }) {
  const i18n = useI18n();
  const rows: [string, string][] = [
    [i18n.t('stations.facts.room'), `${offer.room.code} — ${offer.room.name}`],
    [
      i18n.t('stations.facts.station'),
      `${offer.station.number} (${i18n.t(offer.station.isReserve ? 'stations.kind.reserve' : 'stations.kind.main')})`,
    ],
    [i18n.t('stations.facts.ppe'), `${offer.ppe.code} — ${offer.ppe.name}, ${offer.ppe.regionName}`],
  ];
  return (
    <dl className="setup-facts" data-testid="setup-offer">
      {rows.map(([term, value]) => (
        <div key={term} className="setup-facts__row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {offer.ppe.trainingMode && (
        <div className="setup-facts__row">
          <dt>{i18n.t('stations.facts.mode')}</dt>
          <dd>
            <span className="tag">{i18n.t('stations.facts.training')}</span>
          </dd>
        </div>
      )}
    </dl>
  );
}
