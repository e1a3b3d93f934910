import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { roleName } from '../format/labels';
import { fullName, shortName } from '../format/names';
import { useAppState } from '../state/app-state';
import { Clock } from './Clock';
import { LocaleSwitch } from './LocaleSwitch';
import { SyncMarker } from './SyncMarker';

/** The exam point, its local time, and (when signed in) who is at the keyboard with a way out. */
export function Header() {
  const i18n = useI18n();
  const { info, session, api, adoptSession } = useAppState();
  const [busy, setBusy] = useState(false);
  const signedIn = session && session.state !== 'signedOut' ? session : null;

  // Both end with a session/changed event as well; adopting the answer just spares a flash of the old screen.
  const leave = (channel: 'auth/signOut' | 'auth/lock') => {
    setBusy(true);
    api
      .call(channel, {})
      .then(adoptSession, () => {
        // Unreachable main: the connection banner says so; the session state arrives with the reconnect.
      })
      .finally(() => setBusy(false));
  };

  return (
    <header className="header">
      <div className="header__ppe">
        <span className="header__code">{info?.ppe ? i18n.t('header.ppe', { code: info.ppe.code }) : ''}</span>
        <span className="header__name">{info?.ppe?.name}</span>
      </div>
      <Clock />
      {signedIn?.state === 'active' && signedIn.permissions.includes('sync.read') && <SyncMarker />}
      {signedIn && (
        <div className="header__user" data-testid="session-user" title={fullName(signedIn.staff)}>
          <span className="visually-hidden">{i18n.t('header.signedInAs')} </span>
          <span className="header__user-name">{shortName(signedIn.staff)}</span>
          <span className="visually-hidden">, </span>
          <span className="header__user-role">{roleName(i18n, signedIn.staff.roleCode)}</span>
        </div>
      )}
      <LocaleSwitch />
      {signedIn && signedIn.state === 'active' && (
        <>
          {/* Stepping away for a minute: the screen goes dark now, not after the idle limit. */}
          <button
            type="button"
            className="button button--light"
            onClick={() => leave('auth/lock')}
            disabled={busy}
            title={i18n.t('header.lockHint')}
          >
            {i18n.t('header.lock')}
          </button>
          <button type="button" className="button button--light" onClick={() => leave('auth/signOut')} disabled={busy}>
            {i18n.t('header.signOut')}
          </button>
        </>
      )}
    </header>
  );
}
