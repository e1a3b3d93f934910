import { useId, useState, type FormEvent } from 'react';
import type { TokenLibraryView } from '../../../main/ipc/slices/tokens';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { Notice } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';

/** The PKCS#11 library in use, where the choice came from, and the technical specialist's override. */
export function LibraryPanel({ library, canManage }: { library: TokenLibraryView; canManage: boolean }) {
  const i18n = useI18n();
  const { api, session } = useAppState();
  // Main refuses anyone else (an act of the technical specialist); the field is offered to them only.
  const isTechnician = session?.state === 'active' && session.staff.roleCode === 7;
  const inputId = useId();
  const hintId = useId();
  const [path, setPath] = useState(library.setting ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    api.call('tokens/setLibraryPath', { path: path.trim() === '' ? null : path }).then(
      () => {
        setSaved(true);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(toApiError(failure));
        setBusy(false);
      },
    );
  };

  return (
    <section className="section" aria-labelledby="tokens-library-title" data-testid="tokens-library">
      <h2 id="tokens-library-title" className="section__title">
        {i18n.t('tokens.library.title')}
      </h2>
      <p>
        {library.path ? i18n.t('tokens.library.inUse', { path: library.path }) : i18n.t('tokens.library.source.none')}
        {library.path && <span className="muted"> — {i18n.t(`tokens.library.source.${library.source}`)}</span>}
      </p>
      {!library.problem && library.path && <p className="muted">{i18n.t('tokens.library.ok')}</p>}
      {canManage && isTechnician && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={inputId} className="field__label">
              {i18n.t('tokens.library.path')}
            </label>
            <input
              id={inputId}
              className="field__input tokens-library-path"
              value={path}
              spellCheck={false}
              autoComplete="off"
              maxLength={1024}
              aria-describedby={hintId}
              disabled={busy}
              onChange={(e) => setPath(e.target.value)}
              data-testid="tokens-library-path"
            />
            <p id={hintId} className="field__hint">
              {i18n.t('tokens.library.pathHint')}
            </p>
          </div>
          {error && <ActionError error={error} />}
          {saved && <Notice>{i18n.t('tokens.library.saved')}</Notice>}
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {i18n.t('tokens.library.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
