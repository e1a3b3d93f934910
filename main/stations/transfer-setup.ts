import { defaultStationCrypto } from '../crypto/station-crypto';
import type { CoreContext } from '../kernel/context';
import { readPpeConfig, readSetting } from '../ppe/ppe-config';
import { stationSideOf } from '../ppe/station-info';
import type { KeyProtector } from '../sync/key-store';
import type { TransferSetup } from '../transfer/station-identity';
import { pinnedPeers } from './peers';
import { ensureStationKeys } from './station-keys';

/**
 * What the transfer drive's service needs to know of this station (main/transfer/station-identity.ts): its PPE,
 * number, role and room from the set-up, its own keys (made the first time, sealed), and the peers it pinned. Null
 * while the station has no number (not set up). Read afresh for each use, so a pin taken a moment ago counts.
 */
export function loadTransferSetup(ctx: Pick<CoreContext, 'db' | 'clock'>, protector: KeyProtector): TransferSetup | null {
  const number = readSetting(ctx.db, 'station_number');
  // A room station reads its room's folder; the HQ, authorisation and scanning stations read HQ's (stationSideOf).
  const role = stationSideOf(ctx.db);
  if (!number || !role) return null;
  const room = ctx.db.prepare<[string], { auditorium_code: string }>('SELECT auditorium_code FROM station WHERE number = ?').get(number)!.auditorium_code;
  const ppe = readPpeConfig(ctx.db);
  return {
    identity: {
      ppe: { region: ppe.regionCode, code: ppe.code },
      station: number,
      role,
      room: role === 'room' ? room : null,
      keys: ensureStationKeys(ctx, protector),
    },
    peers: pinnedPeers(ctx.db),
    crypto: defaultStationCrypto,
  };
}
