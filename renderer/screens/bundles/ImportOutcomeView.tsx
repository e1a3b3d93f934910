import type { ImportResult } from '../../../main/ipc/dto';
import { ActionError } from '../../components/ActionError';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Notice } from '../../components/Feedback';
import type { I18n } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useExams } from '../../state/exams';
import type { ZoneFormat } from '../../time/zone';
import type { ImportOutcome } from './import-job';

function resultLine(i18n: I18n, zone: ZoneFormat, r: ImportResult): string {
  const common = { subject: r.subjectName, date: zone.shortDate(r.examDate), version: r.version };
  if (r.status === 'unchanged') return i18n.t('bundles.unchanged', common);
  return i18n.t('bundles.imported', {
    ...common,
    participants: i18n.plural('plural.participants', r.participants),
    staff: i18n.plural('plural.staff', r.staff),
    added: r.added,
    removed: r.removed,
    moved: r.moved,
  });
}

/** What the last import did, one line per list; or, prominently, that nothing was imported and why. */
export function ImportOutcomeView({ outcome }: { outcome: ImportOutcome }) {
  const i18n = useI18n();
  const zone = useZone();
  const { exams } = useExams();
  if ('error' in outcome) {
    return (
      <ActionError
        error={outcome.error}
        // A file is all-or-nothing; a fetch that fails as a whole (RCOI unreachable) imported nothing.
        title={i18n.t(outcome.source.kind === 'file' ? 'bundles.failed' : 'bundles.failedRcoiTitle')}
        className="alert--big"
      >
        <p>
          {outcome.source.kind === 'file'
            ? i18n.t('bundles.failedFile', { file: outcome.source.fileName })
            : i18n.t('bundles.failedRcoi')}
        </p>
      </ActionError>
    );
  }
  return (
    <>
    {outcome.failures.map((f, i) => {
      // The subject by name when the schedule knows it; never by its code.
      const subject = exams?.find((e) => e.date === f.examDate && e.subjectCode === f.subjectCode)?.subjectName;
      const title = i18n.t('bundles.failedOne', { exam: subject ? `${zone.shortDate(f.examDate)} — ${subject}` : zone.shortDate(f.examDate) });
      const key = `${f.examDate}-${f.subjectCode}`;
      // The first refusal takes the focus (the person pressed «Получить»); the others follow it in reading order.
      return i === 0 ? (
        <ActionError key={key} error={f.error} title={title} className="alert--big" />
      ) : (
        <ErrorMessage key={key} error={f.error} title={title} className="alert--big" />
      );
    })}
    <Notice tone={outcome.results.length > 0 ? 'ok' : 'info'}>
      <p className="alert__title">{i18n.t('bundles.resultTitle')}</p>
      {outcome.offered !== null && outcome.results.length === 0 && <p>{i18n.t('bundles.rcoiNothing')}</p>}
      {outcome.offered !== null && outcome.results.length > 0 && outcome.offered > outcome.results.length && (
        <p>{i18n.t('bundles.rcoiOffered', { offered: outcome.offered, imported: outcome.results.length })}</p>
      )}
      <ul className="plain-list" data-testid="import-results">
        {outcome.results.map((r) => (
          <li key={`${r.examId}-${r.version}`}>{resultLine(i18n, zone, r)}</li>
        ))}
      </ul>
    </Notice>
    </>
  );
}
