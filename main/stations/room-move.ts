import { defaultStationCrypto } from '../crypto/station-crypto';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import { readPpeConfig } from '../ppe/ppe-config';
import type { KeyProtector } from '../sync/key-store';
import { receivedSha } from '../transfer/transfer-ledger';
import { receiverKey } from '../transfer/message-format';
import { pinnedPeers } from './peers';
import { acceptable, recordSetupTaken, SETUP_ID_SETTING, writeStationReply, type RoomSetupResult } from './room-setup';
import { describeSetupFile, readSetupFile, readSetupFiles } from './room-setup-files';
import { stationFingerprint } from './station-keys';
import { loadTransferSetup } from './transfer-setup';

/**
 * A room station moved by HQ to another room or number (issue 11, item 1): HQ retired its pin and wrote a set-up
 * naming this station's current key. The station takes it only over its existing identity — the same PPE, the same
 * HQ key it pinned, its own key named — after the technical specialist compared HQ's fingerprint, in one journaled
 * act; then it replies from its new place with the same key, and HQ pins it there.
 */
function roomIdentity(ctx: CoreContext, protector: KeyProtector) {
  const setup = loadTransferSetup(ctx, protector);
  if (!setup) throw new AppError('STATION_NOT_SET_UP');
  if (setup.identity.role !== 'room') throw new AppError('STATION_SETUP_NOT_THIS_STATION', { file: '', reason: 'other_key' });
  return setup;
}

/** The set-ups on a drive that move this station (they name its key); others are not listed. */
export async function listMoveFiles(ctx: CoreContext, protector: KeyProtector, driveRoot: string) {
  const setup = roomIdentity(ctx, protector);
  const mine = setup.identity.keys.signing.publicKeySpkiBase64;
  const { files, more } = await readSetupFiles(defaultStationCrypto, driveRoot);
  return {
    files: files.filter((f) => !f.verdict.ok || f.verdict.payload.station.currentKey === mine).map(describeSetupFile),
    more,
  };
}

export async function takeMove(
  ctx: CoreContext,
  protector: KeyProtector,
  actor: Actor,
  request: { driveRoot: string; file: string; hqFingerprint: string },
): Promise<RoomSetupResult> {
  const setup = roomIdentity(ctx, protector);
  const read = await readSetupFile(defaultStationCrypto, request.driveRoot, request.file);
  const taken = acceptable(ctx, read);
  const p = taken.payload;
  const ppe = readPpeConfig(ctx.db);
  // A station never changes its PPE.
  if (p.ppe.code !== ppe.code || p.ppe.regionCode !== ppe.regionCode) {
    throw new AppError('STATION_SETUP_OTHER_PPE', { filePpe: p.ppe.code, ppe: ppe.code });
  }
  const mine = setup.identity.keys.signing.publicKeySpkiBase64;
  if (p.station.currentKey !== mine) {
    throw new AppError('STATION_SETUP_NOT_THIS_STATION', { file: request.file, reason: p.station.currentKey === null ? 'new_on_set_up' : 'other_key' });
  }
  // The move comes from the HQ this station trusts: the key it pinned at set-up.
  const hq = pinnedPeers(ctx.db).find((peer) => peer.role === 'hq' && peer.station === p.hq.station);
  if (!hq || hq.signingKey !== p.hq.signingKey) throw new AppError('TRANSFER_UNKNOWN_SENDER', { file: request.file, sender: p.hq.station });
  if (stationFingerprint(p.hq.signingKey) !== request.hqFingerprint) throw new AppError('STATION_SETUP_FINGERPRINT_CHANGED');
  const from = { station: setup.identity.station, room: setup.identity.room ?? '' };

  act(ctx, actor, (work) => {
    const db = work.db;
    db.prepare('INSERT INTO auditorium (code, name, seats, is_headquarters, special_conditions) VALUES (?, ?, ?, 0, ?) ON CONFLICT (code) DO NOTHING').run(
      p.room.code,
      p.room.name,
      p.room.seats,
      p.room.specialConditions ? 1 : 0,
    );
    db.prepare('UPDATE station SET number = ?, auditorium_code = ?, is_reserve = ? WHERE number = ?').run(
      p.station.number,
      p.room.code,
      p.station.isReserve ? 1 : 0,
      from.station,
    );
    db.prepare("UPDATE setting SET value = ? WHERE key = 'station_number'").run(p.station.number);
    db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SETUP_ID_SETTING, p.setupId);
    if (receivedSha(db, taken.header.sender, receiverKey(taken.header.receiver), taken.header.seq) === null) recordSetupTaken(work, taken, read);
    work.record('station.moved', {
      setupId: p.setupId,
      fromStation: from.station,
      fromRoom: from.room,
      station: p.station.number,
      room: p.room.code,
      isReserve: p.station.isReserve,
    });
    work.changed('stations', 'roster');
  });

  const reply = await writeStationReply(ctx, protector, actor, request.driveRoot).then(
    (r) => ({ file: r.file }),
    (e: unknown) => ({ problem: (e instanceof AppError ? e : new AppError('INTERNAL', { detail: String(e) })).toPayload() }),
  );
  return {
    station: p.station.number,
    room: p.room.code,
    isReserve: p.station.isReserve,
    fingerprint: stationFingerprint(mine),
    hqFingerprint: stationFingerprint(p.hq.signingKey),
    reply,
  };
}
