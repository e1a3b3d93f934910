-- 0170: printing of individual kits at a room station (issue 12, items 3 and 6; main/printing/PRINTING.md).
--
-- print_kit: every kit of the package this station ever queued, once, by its index in the package (main/kits/KITS.md
-- «Numbering»). A kit is printed for one participant; a kit whose job failed goes back to 'failed' and is printed
-- again as the same row (attempts + 1), never as a second kit; a kit 'printing' when the app starts becomes
-- 'uncertain' until the organiser says how it came out. A spoiled kit is never printable again (trigger below): its
-- replacement is another row naming it in replacement_of. The numbers are those printed on the paper (the print
-- log carries them to HQ); the КИМ's text is never stored.
CREATE TABLE print_kit (
  package_id TEXT NOT NULL,
  kit_index INTEGER NOT NULL CHECK (kit_index >= 1),
  source TEXT NOT NULL CHECK (source IN ('room', 'reserve')),
  reserve_sequence INTEGER CHECK (reserve_sequence IS NULL OR reserve_sequence >= 1),
  kim_number TEXT NOT NULL,
  registration TEXT NOT NULL,
  answers1 TEXT NOT NULL,
  answers2_1 TEXT NOT NULL,
  answers2_2 TEXT NOT NULL,
  pages INTEGER NOT NULL CHECK (pages >= 1),
  state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed', 'uncertain', 'spoiled')),
  participant_id TEXT,                   -- RCOI's person id (participant.external_id)
  seat TEXT,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  queued_at TEXT NOT NULL,
  started_at TEXT,                       -- the last job's submission
  printed_at TEXT,
  problem TEXT,                          -- JSON {code, params} of the last failure
  spoil_reason TEXT CHECK (spoil_reason IS NULL OR spoil_reason IN ('misprint', 'printer_fault', 'damaged', 'other')),
  spoil_note TEXT,
  spoiled_at TEXT,
  spoiled_by TEXT,
  replacement_of INTEGER,
  PRIMARY KEY (package_id, kit_index),
  CHECK ((state = 'spoiled') = (spoil_reason IS NOT NULL))
) STRICT;
-- A kit goes to one participant: a participant holds at most one kit that is not spoiled.
CREATE UNIQUE INDEX print_kit_one_live_kit ON print_kit (package_id, participant_id) WHERE state <> 'spoiled' AND participant_id IS NOT NULL;
-- Numbers once: no two kits of a package print the same КИМ or registration number.
CREATE UNIQUE INDEX print_kit_kim_once ON print_kit (package_id, kim_number);
CREATE UNIQUE INDEX print_kit_registration_once ON print_kit (package_id, registration);

CREATE TRIGGER print_kit_spoiled_stays_spoiled BEFORE UPDATE ON print_kit
WHEN OLD.state = 'spoiled'
BEGIN SELECT RAISE(ABORT, 'a spoiled kit is never printed again'); END;
CREATE TRIGGER print_kit_never_removed BEFORE DELETE ON print_kit
BEGIN SELECT RAISE(ABORT, 'print_kit rows are never removed'); END;

-- print_attendance: who the organiser marked present, per exam (the room's roster comes from room.data).
CREATE TABLE print_attendance (
  exam_date TEXT NOT NULL,
  subject_code INTEGER NOT NULL,
  participant_id TEXT NOT NULL,
  present INTEGER NOT NULL CHECK (present IN (0, 1)),
  marked_at TEXT NOT NULL,
  PRIMARY KEY (exam_date, subject_code, participant_id)
) STRICT;

-- print_local_package: the package folder copied from the transfer drive into the station's data folder (still
-- encrypted), so printing does not depend on the drive staying in. Recorded after every file was read back and
-- checked against the signed manifest.
CREATE TABLE print_local_package (
  package_id TEXT PRIMARY KEY,
  folder TEXT NOT NULL,                  -- relative to the data folder
  manifest_sha256 TEXT NOT NULL,
  copied_at TEXT NOT NULL
) STRICT;
