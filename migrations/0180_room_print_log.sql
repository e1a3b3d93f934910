-- 0180: the rooms' print logs at HQ (issue 12, items 6 and 7; main/transfer/FORMAT.md «room.print_log»).
--
-- room_print_log (HQ): every room.print_log taken, the station's whole log as it wrote it (payload: the JSON of
-- main/printing/print-log-format.ts), after it was checked against HQ's own facts and every other station's current
-- log of the same package. A station's newer log replaces its older one whole, so nothing here is changed: the
-- history is kept row by row. Append-only.
CREATE TABLE room_print_log (
  id INTEGER PRIMARY KEY,
  station TEXT NOT NULL,                 -- the room station that printed (the message's sender)
  room TEXT NOT NULL,
  exam_date TEXT NOT NULL,
  subject_code INTEGER NOT NULL,
  package_id TEXT NOT NULL,
  seq INTEGER NOT NULL,                  -- the message's number in the station's stream to HQ
  sha256 TEXT NOT NULL,                  -- of the message file (transfer_message.sha256)
  written_at TEXT NOT NULL,              -- when the station wrote the log (UTC, the log's writtenAt)
  taken_at TEXT NOT NULL,
  kits INTEGER NOT NULL,
  printed INTEGER NOT NULL,
  spoiled INTEGER NOT NULL,
  replaced INTEGER NOT NULL,
  reserve_used INTEGER NOT NULL,
  remaining INTEGER NOT NULL,
  payload TEXT NOT NULL,
  UNIQUE (station, seq)
) STRICT;

CREATE TRIGGER room_print_log_is_append_only_update BEFORE UPDATE ON room_print_log
BEGIN SELECT RAISE(ABORT, 'room print logs are append-only'); END;
CREATE TRIGGER room_print_log_is_append_only_delete BEFORE DELETE ON room_print_log
BEGIN SELECT RAISE(ABORT, 'room print logs are append-only'); END;

-- room_print_log_current (HQ): the log the forms and the checks read for each station and exam — the newest taken
-- (highest number in the station's stream). Moved forward in place in the act that takes a newer log.
CREATE TABLE room_print_log_current (
  station TEXT NOT NULL,
  exam_date TEXT NOT NULL,
  subject_code INTEGER NOT NULL,
  log_id INTEGER NOT NULL REFERENCES room_print_log(id),
  PRIMARY KEY (station, exam_date, subject_code)
) STRICT;
