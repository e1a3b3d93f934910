import { defaultStationCrypto } from '../crypto/station-crypto';
import type { CoreContext } from '../kernel/context';
import { readPpeConfig, readSetting } from '../ppe/ppe-config';
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
  if (!number) return null;
  const station = ctx.db
    .prepare<[string], { role: string; auditorium_code: string }>('SELECT role, auditorium_code FROM station WHERE number = ?')
    .get(number);
  if (!station) return null;
  const ppe = readPpeConfig(ctx.db);
  // The organiser's station serves a room (a reserve one waits in the HQ room until it is needed); the HQ, the
  // authorisation and the scanning stations work in the HQ and read what is addressed to HQ.
  const role = station.role === 'organizer' ? 'room' : 'hq';
  return {
    identity: {
      ppe: { region: ppe.regionCode, code: ppe.code },
      station: number,
      role,
      room: role === 'room' ? station.auditorium_code : null,
      keys: ensureStationKeys(ctx, protector),
    },
    peers: pinnedPeers(ctx.db),
    crypto: defaultStationCrypto,
  };
}
