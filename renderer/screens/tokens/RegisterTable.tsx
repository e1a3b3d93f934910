import type { TokenRegistrationView } from '../../../main/ipc/slices/tokens';
import { EmptyState } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { algorithmWords } from './token-words';

/** Who holds which token, since when, and where the registration came from. */
export function RegisterTable({ register }: { register: TokenRegistrationView[] }) {
  const i18n = useI18n();
  const { zone } = useAppState();
  return (
    <section className="section" aria-labelledby="tokens-register-title" data-testid="tokens-register">
      <h2 id="tokens-register-title" className="section__title">
        {i18n.t('tokens.register.title')}
      </h2>
      {register.length === 0 ? (
        <EmptyState>{i18n.t('tokens.register.none')}</EmptyState>
      ) : (
        <div className="table-wrap table-wrap--fit">
          <table className="table" aria-labelledby="tokens-register-title">
            <thead>
              <tr>
                <th scope="col">{i18n.t('tokens.col.member')}</th>
                <th scope="col">{i18n.t('tokens.col.token')}</th>
                <th scope="col">{i18n.t('tokens.col.key')}</th>
                <th scope="col">{i18n.t('tokens.col.source')}</th>
                <th scope="col">{i18n.t('tokens.col.since')}</th>
              </tr>
            </thead>
            <tbody>
              {register.map((r) => (
                <tr key={r.id} data-staff={r.staffId}>
                  <td>{r.name}</td>
                  <td>
                    {r.serial ? i18n.t('tokens.serial', { serial: r.serial }) : i18n.t('tokens.keyOnly')}
                    {r.label && (
                      <>
                        <br />
                        <span className="muted">{r.label}</span>
                      </>
                    )}
                    {r.simulated && (
                      <>
                        <br />
                        <span className="muted">{i18n.t('tokens.state.simulated')}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <span className="tokens-fingerprint">{r.keyFingerprint}</span>
                    <br />
                    <span className="muted">{algorithmWords(i18n, [r.algorithm])}</span>
                  </td>
                  <td>
                    {i18n.t(r.source === 'bundle' ? 'tokens.source.bundle' : 'tokens.source.enrolled')}
                    {r.confirmedBy && (
                      <>
                        <br />
                        <span className="muted">{i18n.t('tokens.source.confirmed', { name: r.confirmedBy })}</span>
                      </>
                    )}
                  </td>
                  <td>{zone ? zone.dateTime(r.since) : r.since}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
