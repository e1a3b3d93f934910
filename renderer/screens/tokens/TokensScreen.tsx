import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, Notice } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useChannel } from '../../state/query/use-channel';
import { CheckForm } from './CheckForm';
import { ConnectedTokens } from './ConnectedTokens';
import { EnrolForm } from './EnrolForm';
import { LibraryPanel } from './LibraryPanel';
import { RegisterTable } from './RegisterTable';

/**
 * «Токены ГЭК»: which tokens are inserted and whose each is, the register of who holds which token, enrolment at HQ
 * (the member's token PIN, the PPE head's confirmation), the check of a member's token, and the PKCS#11 library.
 * Every fault is the catalog's words (main/tokens/token-problem.ts maps the token layer's states).
 */
export function TokensScreen({ canManage }: { canManage: boolean }) {
  const i18n = useI18n();
  const { data, error, loading, reload } = useChannel('tokens/overview', {}, { topics: ['tokens'] });
  return (
    <div className="page" data-testid="tokens-screen">
      <PageHead title={i18n.t('tokens.title')}>
        <button type="button" className="button" onClick={reload} disabled={loading}>
          {i18n.t('tokens.refresh')}
        </button>
      </PageHead>
      <p className="muted">{i18n.t('tokens.lead')}</p>
      {data?.trainingPin && <Notice tone="info">{i18n.t('tokens.training', { pin: data.trainingPin })}</Notice>}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {!data && !error && <Busy>{i18n.t('common.loading')}</Busy>}
      {data && (
        <>
          <ConnectedTokens tokens={data.tokens} library={data.library} training={data.training} />
          <RegisterTable register={data.register} />
          <div className="tokens-grid">
            <CheckForm register={data.register} />
            {canManage && <EnrolForm overview={data} />}
          </div>
          <LibraryPanel library={data.library} canManage={canManage} />
        </>
      )}
    </div>
  );
}
