import { AppError } from '../kernel/app-error';
import type { Work } from '../kernel/unit-of-work';
import type { MessageHeader } from '../transfer/message-format';
import { stationReplyPayload } from '../transfer/station-setup-payloads';
import type { TransferApplier } from '../transfer/transfer-service';
import type { TransferKindName } from '../transfer/transfer-kinds';
import { pinnedPeers, pinPeer } from './peers';
import { stationFingerprint } from './station-keys';
import { markAnswered, setupById } from './station-setups';

/**
 * HQ taking a room station's reply (issue 11, item 1), inside the transfer import's act: read-message.ts verified it
 * against the key it carries; here it is taken only if it answers a set-up this HQ issued — the same set-up id,
 * station number, room and main/reserve, not answered before, and for a move the very key that was moved — and then
 * its keys are pinned in the same act. Anything else throws, the act is rolled back, and the import refuses the
 * file with that error: nothing is pinned.
 */
export function applyStationReply(work: Work, message: { header: MessageHeader; payload: Record<string, unknown> }): void {
  const reply = stationReplyPayload.parse(message.payload);
  const number = reply.station.number;
  const setup = setupById(work.db, reply.setupId);
  if (!setup) throw new AppError('STATION_REPLY_UNKNOWN_SETUP', { station: number });
  if (setup.answeredAt !== null) throw new AppError('STATION_REPLY_ANSWERED', { station: number });
  if (setup.station !== number || message.header.sender !== number) throw new AppError('STATION_REPLY_MISMATCH', { station: number, reason: 'station' });
  if (setup.room !== reply.room) throw new AppError('STATION_REPLY_MISMATCH', { station: number, reason: 'room' });
  if (setup.isReserve !== reply.station.isReserve) throw new AppError('STATION_REPLY_MISMATCH', { station: number, reason: 'reserve' });
  const live = pinnedPeers(work.db);
  const keyInUse = live.some((p) => p.signingKey === reply.station.signingKey || p.station === number);
  if ((setup.movesKey !== null && setup.movesKey !== reply.station.signingKey) || keyInUse) {
    throw new AppError('STATION_REPLY_MISMATCH', { station: number, reason: 'key' });
  }
  const at = work.at.toISOString();
  markAnswered(work.db, setup.setupId, reply.station.signingKey, at);
  // The roster of the PPE's computers knows the station at its place: a new row, or the moved station's row updated.
  const exists = work.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM station WHERE number = ?').get(number)!.n > 0;
  if (exists) {
    work.db.prepare('UPDATE station SET auditorium_code = ?, is_reserve = ? WHERE number = ?').run(setup.room, setup.isReserve ? 1 : 0, number);
  } else {
    work.db.prepare("INSERT INTO station (number, role, auditorium_code, is_reserve) VALUES (?, 'organizer', ?, ?)").run(number, setup.room, setup.isReserve ? 1 : 0);
  }
  pinPeer(
    work.db,
    { station: number, role: 'room', room: setup.room, isReserve: setup.isReserve, signingKey: reply.station.signingKey, agreementKey: reply.station.agreementKey },
    at,
  );
  work.record('station.pinned', {
    setupId: setup.setupId,
    station: number,
    room: setup.room,
    isReserve: setup.isReserve,
    fingerprint: stationFingerprint(reply.station.signingKey),
    moved: setup.movesKey !== null,
  });
  work.changed('stations');
}

/**
 * What the stations capability takes from the transfer drive: give these to the TransferService HQ imports with
 * (app-core), beside the other capabilities' appliers.
 */
export function stationsAppliers(): Partial<Record<TransferKindName, TransferApplier>> {
  return { 'station.reply': applyStationReply, 'station.setup': refuseSetupInImport };
}

/**
 * A set-up from the pinned HQ found by the ordinary import (a move of this station): never applied by itself. The
 * set-up this station took is in the ledger already (taken: the import leaves it alone); any other is refused
 * here, and taken only on the «Станции ППЭ» screen, where a person compares HQ's fingerprint.
 */
function refuseSetupInImport(_work: Work, message: { file: string }): void {
  throw new AppError('STATION_SETUP_BY_HAND', { file: message.file });
}
