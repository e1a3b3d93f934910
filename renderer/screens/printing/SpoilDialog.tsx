import { useId, useState, type FormEvent } from 'react';
import type { KitRow, SpoilReason } from '../../../main/ipc/slices/printing';
import { ActionError } from '../../components/ActionError';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { usePrintingAct } from './use-printing-act';

// Every reason the contract knows, in the order the organiser reads them (a Record, so a new reason fails to compile).
const ORDER: Record<SpoilReason, number> = { misprint: 0, printer_fault: 1, damaged: 2, other: 3 };
const REASONS = (Object.keys(ORDER) as SpoilReason[]).sort((a, b) => ORDER[a] - ORDER[b]);

/**
 * «Испорчен»: the reason (брак печати, сбой принтера, испорчен участником, другое with a note). Irreversible — the
 * kit's numbers are never printed again — so the button names what happens; main queues the replacement.
 */
export function SpoilDialog({ kit, keyActive, onClose }: { kit: KitRow; keyActive: boolean; onClose(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const noteId = useId();
  const [reason, setReason] = useState<SpoilReason | null>(null);
  const [note, setNote] = useState('');
  const act = usePrintingAct<{ replacement: number | null }>();
  const noteMissing = reason === 'other' && note.trim() === '';
  const done = act.outcome && 'ok' in act.outcome ? act.outcome.ok : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason === null || noteMissing || act.busy) return;
    act.run(() => api.call('printing/spoil', { kitIndex: kit.kitIndex, reason, note: note.trim() }));
  };

  return (
    <Dialog title={i18n.t('printing.spoil.title', { kim: kit.kimNumber, index: kit.kitIndex })} onClose={onClose} busy={act.busy}>
      {done ? (
        <>
          {done.replacement !== null ? (
            <Notice>{i18n.t('printing.spoil.replaced', { index: kit.kitIndex, replacement: done.replacement })}</Notice>
          ) : (
            // Spoiled, but nothing prints for the participant yet: someone has to act, so it is a warning, not a ✔.
            <div className="alert alert--warn" role="status">
              <span className="alert__icon" aria-hidden="true">
                ⚠
              </span>
              <div className="alert__body">
                {keyActive
                  ? i18n.t('printing.spoil.noReplacement', { index: kit.kitIndex })
                  : // Main queues the replacement only with the key in memory (it reads the next kit's numbers then).
                    i18n.t('printing.spoil.afterKey', { index: kit.kitIndex })}
              </div>
            </div>
          )}
          <div className="actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              {i18n.t('common.close')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate data-testid="printing-spoil-form">
          <p>{i18n.t('printing.spoil.lead')}</p>
          <fieldset className="printing-reasons">
            <legend className="field__label">{i18n.t('printing.spoil.reason')}</legend>
            {REASONS.map((r) => (
              <label key={r} className="printing-reason">
                <input type="radio" name="spoil-reason" value={r} checked={reason === r} disabled={act.busy} onChange={() => setReason(r)} />{' '}
                {i18n.t(`printing.spoil.reason.${r}`)}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={noteId} className="field__label">
              {i18n.t('printing.spoil.note')}
            </label>
            <input
              id={noteId}
              className="field__input"
              value={note}
              maxLength={200}
              disabled={act.busy}
              aria-invalid={noteMissing}
              onChange={(e) => setNote(e.target.value)}
            />
            {noteMissing && <p className="field__hint">{i18n.t('printing.spoil.noteNeeded')}</p>}
          </div>
          {act.outcome && 'error' in act.outcome && <ActionError error={act.outcome.error} />}
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={act.busy || reason === null || noteMissing}>
              {i18n.t('printing.spoil.confirm')}
            </button>
            <button type="button" className="button" disabled={act.busy} onClick={onClose}>
              {i18n.t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
