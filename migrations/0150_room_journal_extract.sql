-- 0150: what the transfer drive's room kinds leave behind (issue 11, item 2; main/transfer/FORMAT.md «Kinds»).
--
-- room_data_applied (a room station): which room.data message its roster holds for each exam of its room. A newer
-- message (later createdAt, then higher number) replaces the room's seating and staff of that exam within one act;
-- an older one that arrives late is taken (the ledger has it) but changes nothing. One row per room and exam,
-- moved forward in place: it is a pointer to the message the roster now comes from, the ledger keeps them all.
CREATE TABLE room_data_applied (
  auditorium_code TEXT NOT NULL,
  exam_date TEXT NOT NULL,
  subject_code INTEGER NOT NULL,
  form TEXT NOT NULL,
  sender TEXT NOT NULL,                  -- the HQ station that wrote it
  seq INTEGER NOT NULL,
  created_at TEXT NOT NULL,              -- UTC instant, from the message's header
  participants INTEGER NOT NULL,
  staff INTEGER NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (auditorium_code, exam_date, subject_code, form)
) STRICT;

-- room_package (a room station): each internet package HQ brought on the transfer drive (room.package), recorded
-- after its folder on the drive was read through: the manifest signed by the pinned RCOI key and byte for byte the
-- one HQ named, every file's hash. One row per package, kept.
CREATE TABLE room_package (
  package_id TEXT PRIMARY KEY,
  exam_date TEXT NOT NULL,
  subject_code INTEGER NOT NULL,
  form TEXT NOT NULL,
  manifest_sha256 TEXT NOT NULL,
  folder TEXT NOT NULL,                  -- on the transfer drive, from its root
  size INTEGER NOT NULL,
  file_count INTEGER NOT NULL,
  kits INTEGER,
  reserve_kits INTEGER,
  sender TEXT NOT NULL,
  seq INTEGER NOT NULL,
  verified_at TEXT NOT NULL
) STRICT;

-- room_journal_extract (HQ): each room.journal_extract taken, after its hash chain was found whole and consistent
-- with the entries already kept from that station. Append-only.
CREATE TABLE room_journal_extract (
  id INTEGER PRIMARY KEY,
  station TEXT NOT NULL,                 -- the room station whose journal it is (the message's sender)
  room TEXT NOT NULL,
  exam_date TEXT NOT NULL,
  sha256 TEXT NOT NULL,                  -- of the message file (transfer_message.sha256)
  first_seq INTEGER,                     -- NULL for a day with no entries
  last_seq INTEGER,
  entries INTEGER NOT NULL,
  head_seq INTEGER NOT NULL,             -- the station's whole journal when the extract was written
  head_hash TEXT NOT NULL,
  complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
  taken_at TEXT NOT NULL
) STRICT;

-- room_journal_entry (HQ): the room stations' journal entries, exactly as they were stored there (every field the
-- hash covers), one row per station and number however many extracts carried it. Append-only.
CREATE TABLE room_journal_entry (
  station TEXT NOT NULL,                 -- the room station whose journal it is
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_staff_id INTEGER,
  actor_name TEXT NOT NULL,
  actor_role_code INTEGER,
  entry_station TEXT NOT NULL,           -- the station the entry itself names
  action TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (station, seq)
) STRICT;

CREATE TRIGGER room_journal_extract_is_append_only_update BEFORE UPDATE ON room_journal_extract
BEGIN SELECT RAISE(ABORT, 'room journal extracts are append-only'); END;
CREATE TRIGGER room_journal_extract_is_append_only_delete BEFORE DELETE ON room_journal_extract
BEGIN SELECT RAISE(ABORT, 'room journal extracts are append-only'); END;
CREATE TRIGGER room_journal_entry_is_append_only_update BEFORE UPDATE ON room_journal_entry
BEGIN SELECT RAISE(ABORT, 'room journal entries are append-only'); END;
CREATE TRIGGER room_journal_entry_is_append_only_delete BEFORE DELETE ON room_journal_entry
BEGIN SELECT RAISE(ABORT, 'room journal entries are append-only'); END;
