import { useState } from 'react';
import type { TimelineItem } from '../../../main/ipc/dto';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { Dialog } from '../../components/Dialog';
import { Busy } from '../../components/Feedback';
import { shortName } from '../../format/names';
import { useI18n } from '../../i18n/i18n';
import { useAppState, useZone } from '../../state/app-state';
import { useServerNow } from '../../state/use-now';
import { itemTitle } from './timeline-text';

interface Props {
  item: TimelineItem;
  onClose(): void;
}

/**
 * Confirming a step is signature-like: it goes into the journal in the person's name and cannot be undone. So the
 * question names the step, the person and the time that will be recorded. The timeline re-reads on the 'timeline'
 * topic the act announces; the dialog only closes.
 */
export function ConfirmStepDialog({ item, onClose }: Props) {
  const i18n = useI18n();
  const zone = useZone();
  const { api, session } = useAppState();
  const now = useServerNow(1000);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const title = itemTitle(i18n, item);
  const name = session?.state === 'active' ? shortName(session.staff) : '';

  const confirm = () => {
    if (item.examId === null) return;
    setBusy(true);
    setError(null);
    api.call('timeline/confirmStep', { examId: item.examId, step: item.key }).then(onClose, (e: unknown) => {
      setError(toApiError(e));
      setBusy(false);
    });
  };

  return (
    <Dialog title={i18n.t('timeline.confirmTitle')} onClose={onClose} busy={busy}>
      <p className="dialog__question">{i18n.t('timeline.confirmQuestion', { title })}</p>
      <p className="muted">{i18n.t('timeline.confirmConsequence', { name, time: zone.time(now.toISOString()) })}</p>
      {busy && <Busy>{i18n.t('timeline.confirmBusy')}</Busy>}
      <div className="actions">
        <button type="button" className="button button--primary" onClick={confirm} disabled={busy}>
          {i18n.t('timeline.confirm')}
        </button>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          {i18n.t('common.cancel')}
        </button>
      </div>
      {error && <ActionError error={error} />}
    </Dialog>
  );
}
