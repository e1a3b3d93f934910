import { useEffect } from 'react';
import { ErrorMessage } from './components/ErrorMessage';
import { ConnectionBanner, TrainingBanner } from './components/Banners';
import { Busy } from './components/Feedback';
import { Header } from './components/Header';
import { LocaleSwitch } from './components/LocaleSwitch';
import { useI18n } from './i18n/i18n';
import { useAppState } from './state/app-state';
import { resetToHome } from './state/router';
import { KeepSyncFresh } from './state/sync-status';
import { LockScreen } from './screens/LockScreen';
import { Shell } from './screens/Shell';
import { SignInScreen } from './screens/signin/SignInScreen';
import { SetupScreen } from './screens/setup/SetupScreen';

/** Chooses the screen from the connection, the set-up and the session: connecting, not set up, sign-in, lock, or the application. */
export function App() {
  const i18n = useI18n();
  const { connection, info, infoError, session, reloadInfo } = useAppState();
  const signedOut = session?.state === 'signedOut';

  // Signed out: the previous person's page leaves the address bar, so nothing of it greets the next one.
  useEffect(() => {
    if (signedOut) resetToHome();
  }, [signedOut]);

  if (connection.state === 'unauthorized') {
    return (
      <main id="main" className="standalone" tabIndex={-1}>
        <LocaleSwitch className="standalone__locale" />
        <h1 className="page-title">{i18n.t('conn.unauthorized.title')}</h1>
        <p className="lead">{i18n.t('conn.unauthorized.body')}</p>
      </main>
    );
  }

  if (!info) {
    return (
      <>
        <ConnectionBanner />
        <main id="main" className="standalone" tabIndex={-1}>
          <LocaleSwitch className="standalone__locale" />
          <h1 className="page-title">{i18n.t('app.title')}</h1>
          {infoError ? (
            <ErrorMessage error={infoError} title={i18n.t('app.infoFailed')} onRetry={reloadInfo} />
          ) : (
            <Busy>{i18n.t('app.connecting')}</Busy>
          )}
        </main>
      </>
    );
  }

  // A fresh install (or a station refusing to run): nothing to sign in to yet, only the training choice.
  if (info.setup === 'notSetUp' || info.setup === 'demoKeyRefused') {
    return (
      <>
        <ConnectionBanner />
        <SetupScreen setup={info.setup} />
      </>
    );
  }

  return (
    <>
      <KeepSyncFresh />
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // The hash belongs to the router; move focus by hand instead.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {i18n.t('app.skipToContent')}
      </a>
      <ConnectionBanner />
      <TrainingBanner />
      {session === null && <Busy>{i18n.t('app.connecting')}</Busy>}
      {session?.state === 'signedOut' && (
        <div className="shell">
          <Header />
          <SignInScreen />
        </div>
      )}
      {/* The shell stays mounted (hidden) under the lock screen, so a running import or a half-read page
          survives an idle lock; keyed by person, so nothing carries over to someone else. */}
      {session && session.state !== 'signedOut' && (
        <Shell key={session.staff.id} session={session} hidden={session.state === 'locked'} />
      )}
      {session?.state === 'locked' && (
        <div className="shell">
          <Header />
          <LockScreen session={session} />
        </div>
      )}
    </>
  );
}
