import { useI18n } from '../i18n/i18n';
import { useZone } from '../state/app-state';
import { useServerNow } from '../state/use-now';

/** The PPE's local time, always visible: every deadline of the exam day is set in it. */
export function Clock() {
  const i18n = useI18n();
  const zone = useZone();
  const now = useServerNow(1000);
  const city = i18n.maybe(`zone.${zone.timeZone}`) ?? zone.timeZone;
  return (
    <div className="clock" role="group" aria-label={i18n.t('header.clock')} data-testid="clock">
      <time className="clock__time" dateTime={now.toISOString()}>
        {zone.timeWithSeconds(now)}
      </time>
      <span className="clock__zone">{i18n.t('zone.label', { city, offset: zone.offset(now) })}</span>
    </div>
  );
}
