import { useId } from 'react';
import type { SyncStatus } from '../../../main/ipc/dto';
import { formatMib, formatPercent, formatSeconds, formatSpeed, itemKindLabel } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';

type Active = NonNullable<SyncStatus['active']>;

/** The large upload in progress: a real progress bar, bytes, speed and time left. Updated by each pushed status. */
export function ActiveUpload({ active }: { active: Active }) {
  const i18n = useI18n();
  const id = useId();
  const left = active.size - active.bytesSent;
  const seconds = active.bytesPerSecond > 0 ? left / active.bytesPerSecond : null;
  return (
    <section className="panel active-upload" aria-labelledby={`${id}-title`} data-testid="sync-active-upload">
      <h2 id={`${id}-title`} className="panel__title">
        <span aria-hidden="true">⇅ </span>
        {i18n.t('sync.active.title', { kind: itemKindLabel(i18n, active.kind) })}
      </h2>
      <div className="active-upload__bar">
        <label htmlFor={id} className="field__label">
          {i18n.t('sync.active.sent')}
        </label>
        <progress id={id} className="progress" value={active.bytesSent} max={Math.max(1, active.size)}>
          {formatPercent(i18n, active.bytesSent, active.size)} %
        </progress>
      </div>
      <p className="active-upload__facts">
        <span className="mono">
          {i18n.t('sync.active.bytes', {
            sent: formatMib(i18n, active.bytesSent),
            size: formatMib(i18n, active.size),
            percent: formatPercent(i18n, active.bytesSent, active.size),
          })}
        </span>
        <span className="mono">{i18n.t('sync.active.speed', { speed: formatSpeed(i18n, active.bytesPerSecond) })}</span>
        <span>
          {seconds === null
            ? i18n.t('sync.active.leftUnknown')
            : i18n.t('sync.active.left', { time: formatSeconds(i18n, Math.max(1, Math.ceil(seconds / 5) * 5)) })}
        </span>
      </p>
      <p className="muted">{i18n.t('sync.active.resume')}</p>
    </section>
  );
}
