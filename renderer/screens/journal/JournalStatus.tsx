import { useState } from 'react';
import type { ResponseOf } from '../../../main/ipc/contract';
import type { JournalVerificationDto } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy } from '../../components/Feedback';
import type { I18n } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';
import type { ZoneFormat } from '../../time/zone';

type Problem = NonNullable<JournalVerificationDto['problem']>;
type AnchorProblem = NonNullable<JournalVerificationDto['anchors']['problem']>;

function problemText(i18n: I18n, problem: Problem): string {
  // main reports a cut-off journal at the first missing entry; people read it as "cut after the last one kept".
  if (problem.kind === 'truncated') return i18n.t('journal.problem.truncated', { seq: problem.seq - 1 });
  return i18n.t(`journal.problem.${problem.kind}`, { seq: problem.seq });
}

/** The first failing signed anchor, in words: which entry, signed when (main/anchors/verify-anchors.ts). */
function anchorProblemText(i18n: I18n, zone: ZoneFormat, p: AnchorProblem): string {
  return i18n.t(`journal.anchorProblem.${p.kind}`, { seq: p.seq, anchorNo: p.anchorNo, time: zone.dateTime(p.signedAt) });
}

/**
 * What a broken check says, most telling first: a broken chain in the words the chain check has; a chain that holds
 * while a signed anchor fails is a journal rewritten whole — «Журнал переписан: запись №… не совпадает с подписанной …».
 */
function brokenLines(i18n: I18n, zone: ZoneFormat, result: JournalVerificationDto): string[] {
  const lines: string[] = [];
  if (result.problem) lines.push(i18n.t('journal.broken', { problem: problemText(i18n, result.problem) }));
  const anchor = result.anchors.problem;
  if (anchor) {
    const text = anchorProblemText(i18n, zone, anchor);
    // The rewritten and cut kinds are whole sentences; the others complete «Нарушена целостность журнала: …».
    lines.push(anchor.kind === 'rewritten' || anchor.kind === 'missing_entry' ? `${text}.` : i18n.t('journal.broken', { problem: text }));
  }
  return lines;
}

/**
 * The hash-chain and signed-anchor check, run when the journal opens and on request; a broken chain or a failed
 * anchor is an alarm, not a footnote. Those who may (journal.anchor) can sign the journal's head now.
 */
export function JournalStatus() {
  const i18n = useI18n();
  const zone = useZone();
  const { api, session } = useAppState();
  // Read through the whole chain: run when the journal opens and on request, not on every new entry.
  const { data: result, error, loading: busy, reload: verify } = useChannel('journal/verify', {});
  const mayAnchor = session?.state === 'active' && session.permissions.includes('journal.anchor');
  const [anchoring, setAnchoring] = useState(false);
  const [anchored, setAnchored] = useState<ResponseOf<'journal/anchor'> | null>(null);
  const [anchorError, setAnchorError] = useState<ApiError | null>(null);

  const anchorNow = () => {
    setAnchoring(true);
    setAnchorError(null);
    setAnchored(null);
    api.call('journal/anchor', {}).then(
      (done) => {
        setAnchored(done);
        setAnchoring(false);
        verify();
      },
      (e: unknown) => {
        setAnchorError(toApiError(e));
        setAnchoring(false);
      },
    );
  };

  const broken = result && !result.ok ? brokenLines(i18n, zone, result) : [];
  const newest = result?.anchors.newest ?? null;

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
              <p data-testid="journal-anchors">
                {newest
                  ? i18n.t('journal.anchors.ok', { count: result.anchors.checked, seq: newest.seq, time: zone.dateTime(newest.signedAt) })
                  : i18n.t('journal.anchors.none')}
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
              <p className="alert__title">{broken[0]}</p>
              {broken.slice(1).map((line) => (
                <p key={line}>{line}</p>
              ))}
              <p>
                <strong>{i18n.t('journal.brokenAction')}</strong>
              </p>
              <p className="muted">{i18n.t('journal.verifiedAt', { time: zone.timeWithSeconds(result.verifiedAt) })}</p>
            </div>
          </div>
        )}
      </div>
      <div className="journal-status__actions">
        <button type="button" className="button" onClick={verify} disabled={busy}>
          {i18n.t('journal.verify')}
        </button>
        {mayAnchor && (
          <button type="button" className="button" onClick={anchorNow} disabled={anchoring} data-testid="journal-anchor-now">
            {i18n.t('journal.anchorNow')}
          </button>
        )}
        {anchored && (
          <p role="status" data-testid="journal-anchored">
            {i18n.t(anchored.fresh ? 'journal.anchorDone' : 'journal.anchorSame', { seq: anchored.seq, time: zone.dateTime(anchored.signedAt) })}
          </p>
        )}
        {anchorError && <ActionError error={anchorError} />}
      </div>
    </section>
  );
}
