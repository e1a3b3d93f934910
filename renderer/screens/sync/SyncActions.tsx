import { useState } from 'react';
import type { SyncStatus } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { Busy, Notice } from '../../components/Feedback';
import { syncErrorText } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { useSyncControl } from '../../state/sync-status';
import { serverNow } from '../../time/server-clock';

type Outcome = { ok: string } | { error: ApiError } | null;

/** Runs one sync action; its answer is a fresh status, adopted at once. Busy ends with the answer or the error. */
function useSyncAction(call: () => Promise<SyncStatus>, done: () => string) {
  const { adopt } = useSyncControl();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const run = () => {
    setBusy(true);
    setOutcome(null);
    call()
      .then(
        (status) => {
          adopt(status);
          setOutcome({ ok: done() });
        },
        (e: unknown) => setOutcome({ error: toApiError(e) }),
      )
      .finally(() => setBusy(false));
  };
  return { busy, outcome, run };
}

function OutcomeView({ outcome, failedTitle }: { outcome: Outcome; failedTitle: string }) {
  const i18n = useI18n();
  const { zone } = useAppState();
  if (!outcome) return null;
  if ('ok' in outcome) return <Notice>{outcome.ok}</Notice>;
  return <ActionError error={outcome.error} title={failedTitle} message={syncErrorText(i18n, zone, outcome.error)} />;
}

/** Skips the wait between attempts: the worker tries RCOI now. The result shows in the panels above and below. */
export function SendNowButton() {
  const i18n = useI18n();
  const { api, zone } = useAppState();
  const action = useSyncAction(
    () => api.call('sync/sendNow', {}),
    () => i18n.t('sync.sendNow.done', { time: zone ? zone.timeWithSeconds(serverNow()) : '' }),
  );
  return (
    <div className="sync-action">
      <button type="button" className="button button--primary" onClick={action.run} disabled={action.busy}>
        <span aria-hidden="true">⇅ </span>
        {i18n.t('sync.sendNow')}
      </button>
      <OutcomeView outcome={action.outcome} failedTitle={i18n.t('sync.sendNow.failed')} />
    </div>
  );
}

const TRAINING_MIB = 64;

/** Training mode only: queues 64 MiB of made-up scans, so trainees can watch a large upload and pull the cable. */
export function TrainingPacketButton() {
  const i18n = useI18n();
  const { api } = useAppState();
  const action = useSyncAction(
    () => api.call('sync/sendTrainingPacket', { mebibytes: TRAINING_MIB }),
    () => i18n.t('sync.training.done'),
  );
  return (
    <div className="sync-action sync-action--training">
      <p className="muted">{i18n.t('sync.training.lead')}</p>
      <button type="button" className="button" onClick={action.run} disabled={action.busy}>
        {i18n.t('sync.training.button', { size: TRAINING_MIB })}
      </button>
      {action.busy && <Busy>{i18n.t('sync.training.busy')}</Busy>}
      <OutcomeView outcome={action.outcome} failedTitle={i18n.t('sync.training.failed')} />
    </div>
  );
}
