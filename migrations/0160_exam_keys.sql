-- 0160: the keys to the exam materials (issue 12, item 2; main/exam-keys/EXAM_KEYS.md).
--
-- exam_key (HQ and room stations): every key file this station holds, as RCOI signed it (the envelope's text, exactly
-- as received). The package key inside is wrapped to the GEK members' tokens, so the row opens nothing by itself;
-- the clear key exists only in a room station's memory after activation. HQ fills it from RCOI's answers, a room
-- station from the transfer drive (room.exam_key). Key files are never changed or removed: a key fetched again is
-- the same key id and the same text; a newer reserve key is a new row that carries all earlier grants.
CREATE TABLE exam_key (
  key_id TEXT PRIMARY KEY,               -- the payload's keyId (UUID)
  package_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('main', 'reserve')),
  sequence INTEGER NOT NULL CHECK (sequence >= 0),   -- 0 for the main key, the reserve grant's number otherwise
  exam_date TEXT NOT NULL,
  subject_code INTEGER NOT NULL,
  envelope TEXT NOT NULL,                -- the key file (JSON envelope), as signed by RCOI
  envelope_sha256 TEXT NOT NULL,
  issued_at TEXT NOT NULL,               -- RCOI's issuedAt
  requested_by TEXT NOT NULL,            -- RCOI's staff id of the GEK member whose token signed the request
  source TEXT NOT NULL CHECK (source IN ('rcoi', 'transfer')),
  received_at TEXT NOT NULL,
  UNIQUE (package_id, kind, sequence)
) STRICT;

CREATE TRIGGER exam_key_never_changes BEFORE UPDATE ON exam_key
BEGIN SELECT RAISE(ABORT, 'exam_key rows are never changed'); END;
CREATE TRIGGER exam_key_never_removed BEFORE DELETE ON exam_key
BEGIN SELECT RAISE(ABORT, 'exam_key rows are never removed'); END;
