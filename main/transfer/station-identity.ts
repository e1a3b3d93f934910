import type { StationCrypto, StationKeyPairs } from '../crypto/station-crypto';

/**
 * Who this station is on the transfer drive, and whom it trusts. Given to the transfer module by the station's
 * set-up (issue 11, item 1); the module never makes or changes either.
 */
export interface StationIdentity {
  ppe: { region: string; code: string };
  /** This station's number, unique within the PPE. */
  station: string;
  role: 'hq' | 'room';
  /** The room a room station serves; null at HQ. */
  room: string | null;
  keys: StationKeyPairs;
}

/** Another station of this PPE whose public keys were pinned at set-up (compared by fingerprint on both screens). */
export interface PinnedPeer {
  station: string;
  role: 'hq' | 'room';
  room: string | null;
  /** base64 SPKI DER of its Ed25519 key: what its messages must be signed with. */
  signingKey: string;
  /** base64 SPKI DER of its X25519 key: what secrets for it are sealed to. */
  agreementKey: string;
}

export interface TransferSetup {
  identity: StationIdentity;
  peers: readonly PinnedPeer[];
  crypto: StationCrypto;
}
