-- 0110: the stations of the exam point on the transfer drive (issue 11, item 1; main/transfer/FORMAT.md "Keys").
--
-- station_key: this station's own keys for the transfer drive — Ed25519 to sign what it writes (and its journal
-- anchors), X25519 so that secrets can be sealed to it. The private halves are sealed by the station's key protector
-- (the OS keychain in Electron) before they reach this table: a copied database file signs and opens nothing.
-- One row, made once, never replaced: a new key is a new station.
CREATE TABLE station_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  signing_public TEXT NOT NULL,            -- base64 SPKI DER
  signing_private_sealed TEXT NOT NULL,
  agreement_public TEXT NOT NULL,          -- base64 SPKI DER
  agreement_private_sealed TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER station_key_is_kept_update BEFORE UPDATE ON station_key
BEGIN SELECT RAISE(ABORT, 'a station key is never replaced'); END;
CREATE TRIGGER station_key_is_kept_delete BEFORE DELETE ON station_key
BEGIN SELECT RAISE(ABORT, 'a station key is never replaced'); END;

-- station_peer: the other stations of this PPE whose public keys were pinned at set-up, after the technical
-- specialist compared their fingerprints on both screens. A room station pins HQ's; HQ pins every room station's.
-- Moving a station (another room or number) is an explicit, journaled act: the old row is retired (retired_at set),
-- never rewritten, so what a key signed before the move stays attributable.
CREATE TABLE station_peer (
  id INTEGER PRIMARY KEY,
  station TEXT NOT NULL,                   -- the peer's station number, unique within the PPE
  role TEXT NOT NULL CHECK (role IN ('hq', 'room')),
  room TEXT,                               -- the room a room station serves; NULL for HQ
  is_reserve INTEGER NOT NULL DEFAULT 0 CHECK (is_reserve IN (0, 1)),
  signing_key TEXT NOT NULL,               -- base64 SPKI DER (Ed25519)
  agreement_key TEXT NOT NULL,             -- base64 SPKI DER (X25519)
  pinned_at TEXT NOT NULL,
  retired_at TEXT,
  CHECK ((role = 'hq') = (room IS NULL))
) STRICT;

-- At most one live pin per station number and per key.
CREATE UNIQUE INDEX station_peer_live_number ON station_peer (station) WHERE retired_at IS NULL;
CREATE UNIQUE INDEX station_peer_live_key ON station_peer (signing_key) WHERE retired_at IS NULL;

CREATE TRIGGER station_peer_keeps_keys BEFORE UPDATE ON station_peer
WHEN NEW.station IS NOT OLD.station OR NEW.role IS NOT OLD.role OR NEW.room IS NOT OLD.room
  OR NEW.signing_key IS NOT OLD.signing_key OR NEW.agreement_key IS NOT OLD.agreement_key
  OR NEW.pinned_at IS NOT OLD.pinned_at OR OLD.retired_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a pinned station is retired, never rewritten'); END;
CREATE TRIGGER station_peer_is_kept_delete BEFORE DELETE ON station_peer
BEGIN SELECT RAISE(ABORT, 'a pinned station is retired, never deleted'); END;
