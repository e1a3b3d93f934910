import type { ConnectedTokenView, TokenLibraryView } from '../../../main/ipc/slices/tokens';
import { ErrorMessage } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import type { I18n } from '../../i18n/i18n-types';
import { algorithmWords } from './token-words';

/** The state of a token in words: blank, locked, a try left, simulated — or ready. */
function stateWords(i18n: I18n, t: ConnectedTokenView): string {
  const words: string[] = [];
  if (t.simulated) words.push(i18n.t('tokens.state.simulated'));
  if (!t.initialized) words.push(i18n.t('tokens.state.blank'));
  else if (t.pinLocked) words.push(i18n.t('tokens.state.locked'));
  else if (t.pinFinalTry) words.push(i18n.t('tokens.state.finalTry'));
  else if (t.pinCountLow) words.push(i18n.t('tokens.state.countLow'));
  else words.push(i18n.t('tokens.state.ok'));
  return words.join(', ');
}

/** In training the simulated tokens work without any library: a missing one is a warning there, not an alarm. */
export function ConnectedTokens({ tokens, library, training }: { tokens: ConnectedTokenView[]; library: TokenLibraryView; training: boolean }) {
  const i18n = useI18n();
  return (
    <section className="section" aria-labelledby="tokens-connected-title" data-testid="tokens-connected">
      <h2 id="tokens-connected-title" className="section__title">
        {i18n.t('tokens.connected.title')}
      </h2>
      {library.problem && <ErrorMessage error={library.problem} tone={training ? 'warn' : 'error'} />}
      {tokens.length === 0 ? (
        <EmptyState>{i18n.t('tokens.connected.none')}</EmptyState>
      ) : (
        <div className="table-wrap table-wrap--fit">
          <table className="table" aria-labelledby="tokens-connected-title">
            <thead>
              <tr>
                <th scope="col">{i18n.t('tokens.col.token')}</th>
                <th scope="col">{i18n.t('tokens.col.model')}</th>
                <th scope="col">{i18n.t('tokens.col.state')}</th>
                <th scope="col">{i18n.t('tokens.col.algorithm')}</th>
                <th scope="col">{i18n.t('tokens.col.owner')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={`${t.slotId}-${t.serial}`} data-serial={t.serial}>
                  <td>
                    <strong>{t.label || '—'}</strong>
                    <br />
                    <span className="muted">{i18n.t('tokens.serial', { serial: t.serial || '—' })}</span>
                  </td>
                  <td>{[t.manufacturer, t.model].filter(Boolean).join(', ')}</td>
                  <td>{stateWords(i18n, t)}</td>
                  <td>
                    {t.initialized ? algorithmWords(i18n, t.algorithms) : '—'}
                    {t.problem && <ErrorMessage error={t.problem} />}
                  </td>
                  <td>{t.owner ? t.owner.name : i18n.t('tokens.owner.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
