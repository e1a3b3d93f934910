import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState, Notice } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useChannel } from '../../state/query/use-channel';
import { ExamKeyPanel } from './ExamKeyPanel';
import './exam-keys.css';

/**
 * «Ключ к ЭМ» at HQ: for each of today's exams, whether the key to the materials is held (big, in words), when it
 * opens in the PPE's time, the room stations it goes to on the transfer drive; a GEK member asks with the token and
 * its PIN — the main key, a reserve key for a room's station, or a key again. RCOI's refusals are the catalog's words.
 */
export function ExamKeysScreen({ canRequest }: { canRequest: boolean }) {
  const i18n = useI18n();
  const { data, error, loading, reload } = useChannel('examKeys/overview', {}, { topics: ['examKeys', 'transfer', 'tokens', 'stations'] });
  return (
    <div className="page" data-testid="exam-keys-screen">
      <PageHead title={i18n.t('examKeys.title')}>
        <button type="button" className="button" onClick={reload} disabled={loading}>
          {i18n.t('examKeys.refresh')}
        </button>
      </PageHead>
      <p className="muted">{i18n.t('examKeys.lead')}</p>
      {data?.trainingPin && <Notice tone="info">{i18n.t('examKeys.training', { pin: data.trainingPin })}</Notice>}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {!data && !error && <Busy>{i18n.t('common.loading')}</Busy>}
      {data && data.exams.length === 0 && <EmptyState>{i18n.t('examKeys.noExams')}</EmptyState>}
      {data?.exams.map((exam) => (
        <ExamKeyPanel key={exam.examId} exam={exam} members={data.members} canRequest={canRequest} />
      ))}
    </div>
  );
}
