import { useId, useState, type FormEvent } from 'react';
import type { TokensOverview } from '../../../main/ipc/slices/tokens';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { Busy, Notice } from '../../components/Feedback';
import { PinInput } from '../../components/PinInput';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { PersonSelect } from './PersonSelect';
import { TokenPinField } from './TokenPinField';

/**
 * Registers an inserted token to a GEK member at HQ: the technical specialist picks the member and the token, the
 * member types the token's PIN, the PPE head confirms with their own PIN. Main checks all of it again.
 */
export function EnrolForm({ overview }: { overview: TokensOverview }) {
  const i18n = useI18n();
  const { api, session } = useAppState();
  const selfId = session?.state === 'active' ? session.staff.id : null;
  const tokenId = useId();
  const [staffId, setStaffId] = useState<number | null>(null);
  const [serial, setSerial] = useState('');
  const [tokenPin, setTokenPin] = useState('');
  const [head, setHead] = useState<number | null>(null);
  const [headPin, setHeadPin] = useState('');
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const tokens = overview.tokens.filter((t) => t.initialized);
  const heads = overview.heads.filter((h) => h.staffId !== selfId && h.staffId !== staffId);
  const ready = staffId !== null && serial !== '' && tokenPin !== '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const confirmation = head !== null && headPin !== '' ? { staffId: head, pin: headPin } : null;
    api.call('tokens/enrol', { staffId: staffId!, serial, tokenPin, confirmation, replace }).then(
      (r) => {
        setDone(i18n.t('tokens.enrol.done', { serial: r.serial ?? '', name: r.name }));
        setTokenPin('');
        setHeadPin('');
        setReplace(false);
        setBusy(false);
      },
      (failure: unknown) => {
        // Both PINs are typed afresh after any refusal.
        setTokenPin('');
        setHeadPin('');
        setError(toApiError(failure));
        setBusy(false);
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="tokens-enrol-title" data-testid="tokens-enrol">
      <h2 id="tokens-enrol-title" className="panel__title">
        {i18n.t('tokens.enrol.title')}
      </h2>
      <p className="muted">{i18n.t('tokens.enrol.lead')}</p>
      {overview.members.length === 0 ? (
        <p className="muted">{i18n.t('tokens.noMembers')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <PersonSelect
            label={i18n.t('tokens.enrol.member')}
            people={overview.members}
            value={staffId}
            onChange={setStaffId}
            emptyLabel={i18n.t('tokens.choose')}
            disabled={busy}
          />
          <div className="field">
            <label htmlFor={tokenId} className="field__label">
              {i18n.t('tokens.enrol.token')}
            </label>
            <select id={tokenId} className="field__input" value={serial} disabled={busy} onChange={(e) => setSerial(e.target.value)}>
              <option value="">{i18n.t('tokens.choose')}</option>
              {tokens.map((t) => (
                <option key={t.serial} value={t.serial}>
                  {`${t.label || t.model} — ${i18n.t('tokens.serial', { serial: t.serial })}`}
                </option>
              ))}
            </select>
          </div>
          <TokenPinField label={i18n.t('tokens.enrol.tokenPin')} value={tokenPin} onChange={setTokenPin} disabled={busy} testId="tokens-enrol-pin" />
          <PersonSelect label={i18n.t('tokens.enrol.head')} people={heads} value={head} onChange={setHead} emptyLabel={i18n.t('tokens.choose')} disabled={busy} />
          <PinInput label={i18n.t('tokens.enrol.headPin')} value={headPin} onChange={setHeadPin} disabled={busy} />
          <label className="tokens-replace">
            <input type="checkbox" checked={replace} disabled={busy} onChange={(e) => setReplace(e.target.checked)} />{' '}
            {i18n.t('tokens.enrol.replace')}
          </label>
          {error && <ActionError error={error} />}
          {done && <Notice>{done}</Notice>}
          {busy && <Busy>{i18n.t('common.loading')}</Busy>}
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy || !ready}>
              {i18n.t('tokens.enrol.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
