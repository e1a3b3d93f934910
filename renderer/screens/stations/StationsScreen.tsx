import { useState } from 'react';
import type { StationsOverview } from '../../../main/ipc/slices/stations';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';
import { IssueSetup } from './IssueSetup';
import { RoomStationActions } from './RoomStationActions';

type Peer = StationsOverview['peers'][number];

/**
 * «Станции ППЭ»: this station and its fingerprint; the stations it pinned, each with the fingerprint people compared;
 * at HQ the set-ups issued and still awaiting a reply, preparing a room station and moving one; at a room station,
 * taking a move and writing the reply again. Everything a person compares is digits in large type.
 */
export function StationsScreen({ canManage }: { canManage: boolean }) {
  const i18n = useI18n();
  const view = useChannel('stations/overview', {}, { topics: ['stations'] });
  const [moving, setMoving] = useState<Peer | null>(null);
  const data = view.data;
  const isHq = data?.thisStation?.role === 'hq';
  const awaiting = data?.setups.filter((s) => s.answeredAt === null) ?? [];
  return (
    <div className="page" data-testid="stations">
      <PageHead title={i18n.t('stations.title')} />
      <p className="lead">{i18n.t(isHq ? 'stations.leadHq' : 'stations.leadRoom')}</p>
      {view.error && <ErrorMessage error={view.error} onRetry={view.reload} />}
      {!data && !view.error && <Busy>{i18n.t('common.loading')}</Busy>}
      {data && (
        <>
          <ThisStation station={data.thisStation} />
          <PeersTable peers={data.peers} canMove={isHq && canManage} onMove={setMoving} />
          {isHq && <AwaitingReplies setups={awaiting} canMove={canManage} onMove={setMoving} />}
          {isHq && canManage && (
            <IssueSetup key={moving?.station ?? 'new'} rooms={data.rooms} moving={moving} onCancelMove={() => setMoving(null)} />
          )}
          {!isHq && canManage && data.thisStation && <RoomStationActions />}
        </>
      )}
    </div>
  );
}

function ThisStation({ station }: { station: StationsOverview['thisStation'] }) {
  const i18n = useI18n();
  if (!station) return <EmptyState>{i18n.t('stations.noNumber')}</EmptyState>;
  return (
    <section className="section" aria-labelledby="stations-own-title">
      <h2 id="stations-own-title" className="section__title">
        {i18n.t('stations.own.title')}
      </h2>
      <dl className="setup-facts">
        <div className="setup-facts__row">
          <dt>{i18n.t('stations.facts.station')}</dt>
          <dd>
            {station.role === 'hq' ? i18n.t('stations.own.hq', { number: station.number }) : i18n.t('stations.own.room', { number: station.number, room: station.room ?? '' })}
          </dd>
        </div>
      </dl>
      <div className="fingerprint-box">
        <p className="fingerprint-box__label">{i18n.t('stations.own.fingerprint')}</p>
        <p className="fingerprint mono" data-testid="station-own-fingerprint">
          {station.fingerprint ?? i18n.t('stations.own.noKey')}
        </p>
      </div>
    </section>
  );
}

function PeersTable({ peers, canMove, onMove }: { peers: Peer[]; canMove: boolean; onMove(peer: Peer): void }) {
  const i18n = useI18n();
  const zone = useZone();
  return (
    <section className="section" aria-labelledby="stations-peers-title">
      <h2 id="stations-peers-title" className="section__title">
        {i18n.t('stations.peers.title')}
      </h2>
      {peers.length === 0 ? (
        <EmptyState>{i18n.t('stations.peers.none')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="stations-peers">
            <thead>
              <tr>
                <th scope="col">{i18n.t('stations.col.station')}</th>
                <th scope="col">{i18n.t('stations.col.room')}</th>
                <th scope="col">{i18n.t('stations.col.fingerprint')}</th>
                <th scope="col">{i18n.t('stations.col.pinnedAt')}</th>
                {canMove && <th scope="col">{i18n.t('stations.col.action')}</th>}
              </tr>
            </thead>
            <tbody>
              {peers.map((p) => (
                <tr key={p.station} data-station={p.station}>
                  <th scope="row">
                    {p.station}
                    <div className="muted">{p.role === 'hq' ? i18n.t('stations.role.hq') : i18n.t(p.isReserve ? 'stations.kind.reserve' : 'stations.kind.main')}</div>
                  </th>
                  <td>{p.room ? `${p.room}${p.roomName ? ` — ${p.roomName}` : ''}` : i18n.t('stations.role.hq')}</td>
                  <td className="mono fingerprint--cell">{p.fingerprint}</td>
                  <td>{zone.dateTime(p.pinnedAt)}</td>
                  {canMove && (
                    <td>
                      {p.role === 'room' && (
                        <button type="button" className="button" onClick={() => onMove(p)}>
                          {i18n.t('stations.move', { number: p.station })}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AwaitingReplies({ setups, canMove, onMove }: { setups: StationsOverview['setups']; canMove: boolean; onMove(peer: Peer): void }) {
  const i18n = useI18n();
  const zone = useZone();
  const awaitingWords = (s: StationsOverview['setups'][number]) => ({
    number: s.station,
    kind: i18n.t(s.isReserve ? 'stations.kind.reserve' : 'stations.kind.main'),
    room: `${s.room}${s.roomName ? ` — ${s.roomName}` : ''}`,
    time: zone.dateTime(s.issuedAt),
  });
  return (
    <section className="section" aria-labelledby="stations-awaiting-title">
      <h2 id="stations-awaiting-title" className="section__title">
        {i18n.t('stations.awaiting.title')}
      </h2>
      {setups.length === 0 ? (
        <EmptyState>{i18n.t('stations.awaiting.none')}</EmptyState>
      ) : (
        <>
          <p className="muted">{i18n.t('stations.awaiting.hint')}</p>
          <ul className="setup-files" data-testid="stations-awaiting">
            {setups.map((s) => (
              <li key={s.setupId} className="setup-files__item" data-station={s.station}>
                {s.movedFrom
                  ? i18n.t('stations.awaiting.move', { from: s.movedFrom, ...awaitingWords(s) })
                  : i18n.t('stations.awaiting.line', awaitingWords(s))}
                <div className="muted mono">{s.file}</div>
                {/* A move whose file was lost: issued again for the same key (the station is not pinned meanwhile). */}
                {s.movedFrom && canMove && (
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      onMove({ station: s.movedFrom!, role: 'room', room: s.room, roomName: s.roomName, isReserve: s.isReserve, fingerprint: '', pinnedAt: s.issuedAt })
                    }
                  >
                    {i18n.t('stations.moveAgain', { number: s.movedFrom })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
