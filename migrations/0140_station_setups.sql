-- 0140: the set-ups of room stations HQ issued on the transfer drive (issue 11, item 1; main/stations/).
--
-- One row per set-up file HQ wrote: a new room station (its room, number, main or reserve), or a station moved to
-- another room or number (moves_key: the signing key the moved station holds, which must answer it). A station's
-- number is unique within the PPE: never issued twice, never one of the `station` table's. The reply that answers
-- a set-up is recorded once (answered_at, answer_key), in the same act that pins the station's keys (station_peer,
-- migration 0110); a second reply to the same set-up is refused, so the row changes once and never after.
CREATE TABLE station_setup (
  setup_id TEXT PRIMARY KEY,               -- uuid, quoted by the reply
  station TEXT NOT NULL,                   -- the room station's number
  room TEXT NOT NULL REFERENCES auditorium(code),
  is_reserve INTEGER NOT NULL CHECK (is_reserve IN (0, 1)),
  moves_key TEXT,                          -- a move: the moved station's signing key (base64 SPKI); NULL for a new station
  moved_from TEXT,                         -- a move: the station's number before it
  issued_at TEXT NOT NULL,
  issued_by INTEGER REFERENCES staff(id),
  file TEXT NOT NULL,                      -- its name on the transfer drive, under PPE-TRANSFER/
  answered_at TEXT,
  answer_key TEXT,                         -- the signing key the reply carried and HQ pinned
  CHECK ((moves_key IS NULL) = (moved_from IS NULL)),
  CHECK ((answered_at IS NULL) = (answer_key IS NULL))
) STRICT;

-- A new station's number is issued once; a move may name the same number again (another room).
CREATE UNIQUE INDEX station_setup_new_number ON station_setup (station) WHERE moves_key IS NULL;

CREATE TRIGGER station_setup_answered_once BEFORE UPDATE ON station_setup
WHEN OLD.answered_at IS NOT NULL OR NEW.setup_id IS NOT OLD.setup_id OR NEW.station IS NOT OLD.station
  OR NEW.room IS NOT OLD.room OR NEW.is_reserve IS NOT OLD.is_reserve OR NEW.moves_key IS NOT OLD.moves_key
  OR NEW.moved_from IS NOT OLD.moved_from OR NEW.issued_at IS NOT OLD.issued_at OR NEW.issued_by IS NOT OLD.issued_by
  OR NEW.file IS NOT OLD.file
BEGIN SELECT RAISE(ABORT, 'a station set-up is answered once, never rewritten'); END;
CREATE TRIGGER station_setup_is_kept_delete BEFORE DELETE ON station_setup
BEGIN SELECT RAISE(ABORT, 'a station set-up is never deleted'); END;
