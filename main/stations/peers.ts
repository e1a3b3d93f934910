import type { Db } from '../db/open-database';
import type { PinnedPeer } from '../transfer/station-identity';

/** A pinned station as the screens list it (migration 0110, `station_peer`). */
export interface PeerRow extends PinnedPeer {
  isReserve: boolean;
  pinnedAt: string;
}

/** The stations whose keys this station trusts now (retired pins excluded). */
export function pinnedPeers(db: Db): PeerRow[] {
  return db
    .prepare<[], { station: string; role: 'hq' | 'room'; room: string | null; is_reserve: number; signing_key: string; agreement_key: string; pinned_at: string }>(
      `SELECT station, role, room, is_reserve, signing_key, agreement_key, pinned_at
       FROM station_peer WHERE retired_at IS NULL ORDER BY role, room, station`,
    )
    .all()
    .map((r) => ({
      station: r.station,
      role: r.role,
      room: r.room,
      isReserve: r.is_reserve === 1,
      signingKey: r.signing_key,
      agreementKey: r.agreement_key,
      pinnedAt: r.pinned_at,
    }));
}

/**
 * Pins a station's keys. Called inside the act that journals it (set-up of a room station, HQ taking its reply).
 * A station number or key already pinned live is refused by the table's unique indexes; moving a station retires
 * its pin first (`retirePeer`).
 */
export function pinPeer(db: Db, peer: PinnedPeer & { isReserve: boolean }, at: string): void {
  db.prepare(
    `INSERT INTO station_peer (station, role, room, is_reserve, signing_key, agreement_key, pinned_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(peer.station, peer.role, peer.room, peer.isReserve ? 1 : 0, peer.signingKey, peer.agreementKey, at);
}

/** Retires a live pin (the station moved or was replaced); the row stays for what it signed before. */
export function retirePeer(db: Db, station: string, at: string): boolean {
  return db.prepare('UPDATE station_peer SET retired_at = ? WHERE station = ? AND retired_at IS NULL').run(at, station).changes === 1;
}
