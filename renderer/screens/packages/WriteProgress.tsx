import type { WriteJob } from '../../../main/ipc/dto';
import { errorText } from '../../components/ErrorMessage';
import { formatMib, formatPercent } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { examTitle } from './packages-text';

/** The write in progress (or just finished): one bar per drive, writing then reading every byte back. */
export function WriteProgress({ job }: { job: WriteJob }) {
  const i18n = useI18n();
  const zone = useZone();
  const running = job.targets.some((t) => t.phase === 'write' || t.phase === 'verify');
  return (
    <section className="panel" aria-labelledby="write-title" data-testid="write-progress" data-running={running}>
      <h2 id="write-title" className="panel__title">
        {i18n.t('write.title', { exam: examTitle(zone, job) })}
      </h2>
      <ul className="plain-list">
        {job.targets.map((t) => (
          <li key={t.driveId} data-role={t.role} data-phase={t.phase} data-checked-again={t.checkedAgainAt !== null}>
            <strong>{i18n.t(`drive.role.${t.role}`)}</strong>:{' '}
            {/* A check after the write is the newer word: its verdict, with its time, not the write's own read-back. */}
            {t.checkedAgainAt !== null && (t.phase === 'done' || t.phase === 'failed')
              ? i18n.t(`write.checkedAgain.${t.phase}`, { time: zone.time(t.checkedAgainAt) })
              : i18n.t(`write.phase.${t.phase}`)}
            {(t.phase === 'write' || t.phase === 'verify') && (
              <>
                <progress className="progress" value={t.bytesDone} max={Math.max(1, t.bytesTotal)} aria-label={i18n.t(`write.phase.${t.phase}`)}>
                  {formatPercent(i18n, t.bytesDone, t.bytesTotal)} %
                </progress>
                <span className="mono">{i18n.t('write.bytes', { done: formatMib(i18n, t.bytesDone), total: formatMib(i18n, t.bytesTotal) })}</span>
              </>
            )}
            {t.problem && <div className="warn-text">{errorText(i18n, zone, t.problem)}</div>}
          </li>
        ))}
      </ul>
      {running && <p className="muted">{i18n.t('write.hint')}</p>}
    </section>
  );
}
