import type { JournalVerificationDto } from '../../../main/ipc/dto';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy } from '../../components/Feedback';
import type { I18n } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';

type Problem = NonNullable<JournalVerificationDto['problem']>;

function problemText(i18n: I18n, problem: Problem): string {
  // main reports a cut-off journal at the first missing entry; people read it as "cut after the last one kept".
  if (problem.kind === 'truncated') return i18n.t('journal.problem.truncated', { seq: problem.seq - 1 });
  return i18n.t(`journal.problem.${problem.kind}`, { seq: problem.seq });
}

/** The hash-chain check, run when the journal opens and on request; a broken chain is an alarm, not a footnote. */
export function JournalStatus() {
  const i18n = useI18n();
  const zone = useZone();
  // Read through the whole chain: run when the journal opens and on request, not on every new entry.
  const { data: result, error, loading: busy, reload: verify } = useChannel('journal/verify', {});

  return (
    <section className="journal-status" aria-label={i18n.t('journal.verify')}>
      <div data-testid="journal-status" data-state={busy ? 'checking' : error ? 'error' : result?.ok ? 'ok' : 'broken'}>
        {busy && <Busy>{i18n.t('journal.verifying')}</Busy>}
        {!busy && error && <ErrorMessage error={error} title={i18n.t('journal.verifyFailed')} onRetry={verify} />}
        {!busy && !error && result?.ok && (
          <div className="alert alert--ok" role="status">
            <span className="alert__icon" aria-hidden="true">
              ✔
            </span>
            <div className="alert__body">
              <p className="alert__title">
                {result.checked === 0
                  ? i18n.t('journal.okEmpty')
                  : i18n.t('journal.ok', {
                      records: i18n.plural('plural.records', result.checked),
                      lastSeq: result.lastSeq,
                    })}
              </p>
              <p className="muted">{i18n.t('journal.verifiedAt', { time: zone.timeWithSeconds(result.verifiedAt) })}</p>
            </div>
          </div>
        )}
        {!busy && !error && result && !result.ok && (
          <div className="alert alert--error alert--big" role="alert">
            <span className="alert__icon" aria-hidden="true">
              ✖
            </span>
            <div className="alert__body">
              <p className="alert__title">
                {i18n.t('journal.broken', {
                  problem: result.problem ? problemText(i18n, result.problem) : '',
                })}
              </p>
              <p>
                <strong>{i18n.t('journal.brokenAction')}</strong>
              </p>
              <p className="muted">{i18n.t('journal.verifiedAt', { time: zone.timeWithSeconds(result.verifiedAt) })}</p>
            </div>
          </div>
        )}
      </div>
      <button type="button" className="button" onClick={verify} disabled={busy}>
        {i18n.t('journal.verify')}
      </button>
    </section>
  );
}
