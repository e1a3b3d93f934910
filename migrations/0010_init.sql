-- 0010: the foundation. One exam point (ППЭ) per installation; every table STRICT.
-- Instants are stored as UTC ISO-8601 strings ('2026-06-01T06:30:00.000Z'); calendar dates of exams are the
-- PPE's local dates ('YYYY-MM-DD'), because the schedule is published in local dates.

CREATE TABLE region (
  code TEXT PRIMARY KEY CHECK (code GLOB '[0-9][0-9]'),
  name TEXT NOT NULL
) STRICT;

-- The exam point this installation serves (ППЭ). Exactly one row.
CREATE TABLE ppe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  region_code TEXT NOT NULL REFERENCES region(code),
  code TEXT NOT NULL CHECK (code GLOB '[0-9][0-9][0-9][0-9]'),
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  time_zone TEXT NOT NULL,              -- IANA name, e.g. 'Asia/Novokuznetsk'
  rcoi_public_key TEXT NOT NULL,        -- RCOI signing key pinned at set-up (base64 SPKI DER)
  rcoi_url TEXT,                        -- where the regional centre answers, when it does
  training_mode INTEGER NOT NULL DEFAULT 0 CHECK (training_mode IN (0, 1))
) STRICT;

-- Exams on this PPE's schedule. A distribution bundle for an exam not listed here is refused.
CREATE TABLE exam (
  id INTEGER PRIMARY KEY,
  exam_date TEXT NOT NULL CHECK (exam_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  subject_code INTEGER NOT NULL CHECK (subject_code > 0),
  subject_name TEXT NOT NULL,
  form TEXT NOT NULL CHECK (form IN ('EGE', 'GVE')),
  period TEXT NOT NULL CHECK (period IN ('early', 'main', 'additional')),
  day_kind TEXT NOT NULL CHECK (day_kind IN ('main', 'reserve')),
  start_local TEXT NOT NULL DEFAULT '10:00' CHECK (start_local GLOB '[0-2][0-9]:[0-5][0-9]'),
  duration_min INTEGER NOT NULL CHECK (duration_min > 0),
  special_extra_min INTEGER NOT NULL DEFAULT 90 CHECK (special_extra_min >= 0),
  UNIQUE (exam_date, subject_code, form)
) STRICT;

-- Rooms (аудитории) with 4-digit codes; the headquarters (штаб) has its own code and no seats.
CREATE TABLE auditorium (
  code TEXT PRIMARY KEY CHECK (code GLOB '[0-9][0-9][0-9][0-9]'),
  name TEXT NOT NULL,
  seats INTEGER NOT NULL CHECK (seats BETWEEN 0 AND 25),
  is_headquarters INTEGER NOT NULL DEFAULT 0 CHECK (is_headquarters IN (0, 1)),
  special_conditions INTEGER NOT NULL DEFAULT 0 CHECK (special_conditions IN (0, 1))
) STRICT;

-- Computers of the PPE (станции). The same application runs on each, with the role chosen at set-up.
CREATE TABLE station (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,          -- the unique computer number the federal software prints on protocols
  role TEXT NOT NULL CHECK (role IN ('hq', 'authorization', 'organizer', 'scanning')),
  auditorium_code TEXT NOT NULL REFERENCES auditorium(code),
  is_reserve INTEGER NOT NULL DEFAULT 0 CHECK (is_reserve IN (0, 1))
) STRICT;

-- Everything that is set once per installation: which station this is, session policy.
CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- People who work at the PPE. role_code follows the regional database: 1 head, 2 organiser in a room,
-- 3 organiser outside, 4 assistant, 5 GEK member, 6 public observer, 7 technical specialist, 8, 9.
CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,     -- the worker's code in the regional database
  last_name TEXT NOT NULL,
  first_name TEXT NOT NULL,
  middle_name TEXT NOT NULL DEFAULT '',
  role_code INTEGER NOT NULL CHECK (role_code BETWEEN 1 AND 9),
  pin_hash TEXT,                        -- 'scrypt$N$r$p$salt$hash'; NULL until a PIN is issued
  failed_pin_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT                     -- UTC instant; sign-in refused until then
) STRICT;

-- Who works where on a given exam (from the distribution bundle).
CREATE TABLE staff_assignment (
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  role_code INTEGER NOT NULL CHECK (role_code BETWEEN 1 AND 9),
  auditorium_code TEXT REFERENCES auditorium(code),
  PRIMARY KEY (exam_id, staff_id)
) STRICT;

CREATE TABLE participant (
  id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE,     -- the participant's identifier in the regional database
  last_name TEXT NOT NULL,
  first_name TEXT NOT NULL,
  middle_name TEXT NOT NULL DEFAULT '',
  document_series TEXT NOT NULL DEFAULT '',
  document_number TEXT NOT NULL
) STRICT;

-- The seat of a participant on an exam (списки распределения).
CREATE TABLE seating (
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  participant_id INTEGER NOT NULL REFERENCES participant(id),
  auditorium_code TEXT NOT NULL REFERENCES auditorium(code),
  seat TEXT NOT NULL,
  PRIMARY KEY (exam_id, participant_id),
  UNIQUE (exam_id, auditorium_code, seat)
) STRICT;
CREATE INDEX seating_by_room ON seating (exam_id, auditorium_code);

-- Special conditions (ОВЗ, section 2.5.13): a longer exam, an assistant, a room of their own, ...
CREATE TABLE seating_condition (
  exam_id INTEGER NOT NULL,
  participant_id INTEGER NOT NULL,
  condition TEXT NOT NULL CHECK (condition IN
    ('extended_time', 'assistant', 'separate_room', 'large_print', 'braille', 'computer', 'medical_break')),
  PRIMARY KEY (exam_id, participant_id, condition),
  FOREIGN KEY (exam_id, participant_id) REFERENCES seating(exam_id, participant_id) ON DELETE CASCADE
) STRICT;

-- Every distribution bundle ever imported, newest version per exam wins.
CREATE TABLE distribution_bundle (
  id INTEGER PRIMARY KEY,
  bundle_id TEXT NOT NULL UNIQUE,
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  version INTEGER NOT NULL CHECK (version > 0),
  issued_at TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by INTEGER REFERENCES staff(id),
  participants INTEGER NOT NULL,
  staff INTEGER NOT NULL,
  UNIQUE (exam_id, version)
) STRICT;

-- The audit journal: append-only; every entry carries the SHA-256 of the previous one. The newest entry also
-- carries the head mark (is_head = 1), cleared on the entry before it in the same transaction: a journal whose last
-- entry lacks the mark had its tail cut off. The mark lives in the row (not in a table of its own) because the
-- newest rows share one B-tree page, so keeping it costs no extra page write per durable commit.
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,                     -- UTC instant
  actor_staff_id INTEGER,               -- NULL for the system itself
  actor_name TEXT NOT NULL,
  actor_role_code INTEGER,
  station TEXT NOT NULL,
  action TEXT NOT NULL,
  payload TEXT NOT NULL,                -- canonical JSON
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  is_head INTEGER NOT NULL DEFAULT 0 CHECK (is_head IN (0, 1))
) STRICT;

-- The only change ever allowed: moving the head mark off an entry when the next one is appended.
CREATE TRIGGER journal_is_append_only_update BEFORE UPDATE ON journal
WHEN NOT (OLD.is_head = 1 AND NEW.is_head = 0 AND NEW.seq = OLD.seq AND NEW.at IS OLD.at
  AND NEW.actor_staff_id IS OLD.actor_staff_id AND NEW.actor_name IS OLD.actor_name
  AND NEW.actor_role_code IS OLD.actor_role_code AND NEW.station IS OLD.station AND NEW.action IS OLD.action
  AND NEW.payload IS OLD.payload AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash)
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_is_append_only_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
