-- 0030: internet packages (интернет-пакеты) and the flash drives they are copied to.
-- A package's bytes live in <data>/packages/<package_id>/ and on the drives; these tables say what is known about
-- them. Nothing here is ever set to 'verified' except right after every byte was read back and matched.

-- A package RCOI has listed for one of this PPE's exams. The newest listed package of an exam is the one in use.
CREATE TABLE internet_package (
  package_id TEXT PRIMARY KEY,
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  size INTEGER NOT NULL CHECK (size >= 0),          -- bytes of the files, as RCOI listed them
  file_count INTEGER NOT NULL CHECK (file_count > 0),
  available_from TEXT,                              -- the PPE-local date RCOI published it for
  listed_at TEXT NOT NULL,                          -- when this station first saw it in RCOI's list
  state TEXT NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'downloading', 'downloaded')),
  manifest_sha256 TEXT,                             -- of the signed manifest, once the whole package is verified
  kits INTEGER,                                     -- kits for the rooms, from the verified manifest
  reserve_kits INTEGER,
  downloaded_at TEXT,
  last_error TEXT,                                  -- JSON {code, params} of the last failed attempt
  CHECK ((state = 'downloaded') = (manifest_sha256 IS NOT NULL))
) STRICT;
CREATE INDEX internet_package_by_exam ON internet_package (exam_id, listed_at);

-- Drives the technical specialist has given a role. Known by identity (serial, or label and size), so a drive
-- inserted again later is recognised. At most one main and one reserve drive at a time; a role given to another
-- drive is taken from the old one (role NULL), which stays known so its copies keep their history.
CREATE TABLE flash_drive (
  id TEXT PRIMARY KEY,
  role TEXT CHECK (role IN ('main', 'reserve', 'transfer')),
  serial TEXT,
  label TEXT,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  assigned_at TEXT NOT NULL,
  assigned_by INTEGER REFERENCES staff(id)
) STRICT;
CREATE UNIQUE INDEX flash_drive_one_per_role ON flash_drive (role) WHERE role IN ('main', 'reserve');

-- A package's copy on a drive. writing: started, not finished (a crash leaves it here); written: every file and the
-- manifest are on the drive, not yet read back; verified: read back and matched the signed manifest at checked_at;
-- failed: the write failed or the last check found a problem (JSON {code, params}).
CREATE TABLE package_copy (
  package_id TEXT NOT NULL REFERENCES internet_package(package_id),
  drive_id TEXT NOT NULL REFERENCES flash_drive(id),
  state TEXT NOT NULL CHECK (state IN ('writing', 'written', 'verified', 'failed')),
  folder TEXT NOT NULL,                             -- relative to the drive's root
  updated_at TEXT NOT NULL,
  checked_at TEXT,
  problem TEXT,
  CHECK ((state = 'failed') = (problem IS NOT NULL)),
  PRIMARY KEY (package_id, drive_id)
) STRICT;
