import { useState } from 'react';
import type { AppInfo } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy } from '../../components/Feedback';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { HqSetup } from './HqSetup';
import { RoomSetup } from './RoomSetup';

/**
 * The first screen of a station that is not set up (a fresh install, the packaged app included): «Настроить
 * станцию» — an HQ station by RCOI's enrolment code (HqSetup) or a room station from the transfer drive (RoomSetup)
 * — or «Учебный режим», always one click away and marked as training. A real station found pinning the demo key
 * lands here too, and is told it cannot run.
 */
export function SetupScreen({ setup }: { setup: Exclude<AppInfo['setup'], 'training' | 'ready'> }) {
  const i18n = useI18n();
  const { api, reloadInfo } = useAppState();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [kind, setKind] = useState<'choose' | 'hq' | 'room'>('choose');

  const start = () => {
    setBusy(true);
    setError(null);
    api.call('setup/startTraining', {}).then(
      () => {
        setConfirming(false);
        reloadInfo();
      },
      (e: unknown) => {
        setError(toApiError(e));
        setBusy(false);
      },
    );
  };

  if (setup === 'demoKeyRefused') {
    return (
      <main id="main" className="standalone" tabIndex={-1} data-testid="setup-refused">
        <LocaleSwitch className="standalone__locale" />
        <h1 className="page-title">{i18n.t('setup.refused.title')}</h1>
        <ErrorMessage error={{ code: 'DEMO_KEY_OUTSIDE_TRAINING', params: {} }} />
      </main>
    );
  }

  if (kind !== 'choose') {
    return (
      <main id="main" className="standalone" tabIndex={-1} data-testid="setup-not-set-up">
        <LocaleSwitch className="standalone__locale" />
        <h1 className="page-title">{i18n.t('setup.flowTitle')}</h1>
        {kind === 'hq' ? <HqSetup onBack={() => setKind('choose')} /> : <RoomSetup onBack={() => setKind('choose')} />}
      </main>
    );
  }

  return (
    <main id="main" className="standalone" tabIndex={-1} data-testid="setup-not-set-up">
      <LocaleSwitch className="standalone__locale" />
      <h1 className="page-title">{i18n.t('setup.title')}</h1>
      <p className="lead">{i18n.t('setup.lead')}</p>
      <section aria-labelledby="setup-real-title">
        <h2 id="setup-real-title" className="section__title">
          {i18n.t('setup.real.title')}
        </h2>
        <p>{i18n.t('setup.real.what')}</p>
        <div className="setup-choices">
          <button type="button" className="button button--primary setup-choice" onClick={() => setKind('hq')}>
            <span className="setup-choice__name">{i18n.t('setup.choice.hq')}</span>
            <span className="setup-choice__what">{i18n.t('setup.choice.hqWhat')}</span>
          </button>
          <button type="button" className="button button--primary setup-choice" onClick={() => setKind('room')}>
            <span className="setup-choice__name">{i18n.t('setup.choice.room')}</span>
            <span className="setup-choice__what">{i18n.t('setup.choice.roomWhat')}</span>
          </button>
        </div>
      </section>
      <section aria-labelledby="setup-training-title" className="panel panel--training setup-training">
        <h2 id="setup-training-title" className="section__title">
          {i18n.t('setup.training.title')}
        </h2>
        <p>{i18n.t('setup.training.what')}</p>
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {i18n.t('setup.training.choose')}
        </button>
      </section>
      {confirming && (
        <Dialog title={i18n.t('setup.training.confirmTitle')} onClose={() => setConfirming(false)} busy={busy}>
          <p className="dialog__question">{i18n.t('setup.training.confirmQuestion')}</p>
          <p className="muted">{i18n.t('setup.training.confirmConsequence')}</p>
          {error && <ErrorMessage error={error} />}
          {busy && <Busy>{i18n.t('setup.training.busy')}</Busy>}
          <div className="actions">
            <button type="button" className="button button--primary" onClick={start} disabled={busy}>
              {i18n.t('setup.training.start')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
              {i18n.t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </main>
  );
}
