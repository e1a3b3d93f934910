import { Fragment, useState } from 'react';
import type { KitRow, PrintingOverview } from '../../../main/ipc/slices/printing';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { EmptyState } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { StartPrinting } from './StartPrinting';
import { bySeat, type Participant } from './printing-text';

/**
 * Who came, by seat: one tick per participant, sent to main at once (a tick is an act). A participant who already
 * has a kit stays ticked — their kit is theirs. Under the list, «Печатать комплекты (N)».
 */
export function ParticipantsPanel({ overview, canManage, onQueued }: { overview: PrintingOverview; canManage: boolean; onQueued(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  // What the organiser just ticked, until main's overview says the same (no flicker back while it re-reads).
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [failed, setFailed] = useState<{ participantId: string; error: ApiError } | null>(null);
  const participants = [...overview.participants].sort(bySeat);
  const kits = new Map(overview.kits.map((k) => [k.kitIndex, k]));
  const present = participants.filter((p) => pending[p.participantId] ?? p.present).length;

  // Ticks main now agrees with are dropped (set during render, React's way for state that follows its props).
  const agreed = Object.keys(pending).filter((id) => overview.participants.find((p) => p.participantId === id)?.present === pending[id]);
  if (agreed.length > 0) setPending((old) => Object.fromEntries(Object.entries(old).filter(([id]) => !agreed.includes(id))));

  const toggle = (p: Participant, want: boolean) => {
    setFailed(null);
    setPending((old) => ({ ...old, [p.participantId]: want }));
    api.call('printing/setPresent', { participantId: p.participantId, present: want }).catch((e: unknown) => {
      setPending(({ [p.participantId]: _dropped, ...rest }) => rest);
      setFailed({ participantId: p.participantId, error: toApiError(e) });
    });
  };

  return (
    <section className="panel printing-panel" aria-labelledby="printing-participants-title" data-testid="printing-participants">
      <h2 id="printing-participants-title" className="panel__title">
        {i18n.t('printing.participants.title')}
      </h2>
      {participants.length === 0 ? (
        <EmptyState>{i18n.t('printing.participants.none')}</EmptyState>
      ) : (
        <>
          <p className="printing-say" data-testid="printing-present-count">
            {i18n.t('printing.participants.count', { present, total: participants.length })}
          </p>
          <div className="table-wrap table-wrap--fit">
            <table className="table printing-table" aria-labelledby="printing-participants-title">
              <thead>
                <tr>
                  <th scope="col">{i18n.t('printing.col.seat')}</th>
                  <th scope="col">{i18n.t('printing.col.name')}</th>
                  <th scope="col">{i18n.t('printing.col.present')}</th>
                  <th scope="col">{i18n.t('printing.col.kit')}</th>
                </tr>
              </thead>
              <tbody>
                {participants.map((p) => (
                  <Fragment key={p.participantId}>
                    <tr data-participant={p.participantId} data-seat={p.seat}>
                      <th scope="row" className="printing-seat">
                        {p.seat}
                      </th>
                      <td>{p.name}</td>
                      <td>
                        <label className="printing-check">
                          <input
                            type="checkbox"
                            checked={pending[p.participantId] ?? p.present}
                            // A kit printed or queued for them: they came, and the kit's numbers are theirs.
                            disabled={!canManage || p.kitIndex !== null}
                            onChange={(e) => toggle(p, e.target.checked)}
                            aria-label={i18n.t('printing.presentFor', { name: p.name })}
                          />
                          <span aria-hidden="true">{i18n.t('printing.present')}</span>
                        </label>
                      </td>
                      <td>{p.kitIndex === null ? '—' : <KitWords kit={kits.get(p.kitIndex)} index={p.kitIndex} />}</td>
                    </tr>
                    {failed?.participantId === p.participantId && (
                      <tr className="table__error-row">
                        <td colSpan={4}>
                          <ActionError error={failed.error} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {canManage && <StartPrinting overview={overview} onQueued={onQueued} />}
    </section>
  );
}

function KitWords({ kit, index }: { kit: KitRow | undefined; index: number }) {
  const i18n = useI18n();
  return (
    <>
      {i18n.t('printing.kitRef', { index })}
      {kit && <span className="muted"> — {i18n.t(`printing.kit.state.${kit.state}`)}</span>}
    </>
  );
}
