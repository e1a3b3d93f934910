-- 0130: signed journal anchors (issue 11, item 4; main/anchors/ANCHORS.md). An anchor is the journal's head (entry
-- number and hash) signed by a station's Ed25519 key (station_key, migration 0110): a journal rewritten and rehashed
-- from some entry on no longer matches what was signed, and the signature cannot be made again without the key the
-- key protector (the OS keychain) seals.
--
-- journal_anchor: this station's own anchors ('own') and, at HQ, the anchors room stations brought on the transfer
-- drive ('received'). Anchors are numbered per station without gaps (anchor_no 1, 2, 3 …, signed), so an anchor
-- deleted from the middle shows, and a number seen twice with other content (at RCOI or HQ) shows a deleted tail.
-- Append-only, like the journal.
CREATE TABLE journal_anchor (
  id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL CHECK (origin IN ('own', 'received')),
  station TEXT NOT NULL,                      -- whose journal: this station's number, or the room station's
  anchor_no INTEGER NOT NULL CHECK (anchor_no > 0),
  ppe_region TEXT NOT NULL,
  ppe_code TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq > 0),       -- the anchored entry (the journal's head when it was signed)
  entry_hash TEXT NOT NULL,                   -- its hash, 64 hex digits
  signed_at TEXT NOT NULL,                    -- UTC instant, signed
  signing_key TEXT NOT NULL,                  -- base64 SPKI DER (Ed25519), as the signer said; own anchors are
                                              -- checked against the key derived from the sealed private key instead
  signature TEXT NOT NULL,                    -- base64 Ed25519 signature over the bytes ANCHORS.md describes
  reason TEXT NOT NULL CHECK (reason IN ('hourly', 'handover', 'manual')),
  recorded_at TEXT NOT NULL,                  -- when this station stored it (= signed_at for own anchors)
  UNIQUE (origin, station, anchor_no)
) STRICT;

CREATE TRIGGER journal_anchor_is_append_only_update BEFORE UPDATE ON journal_anchor
BEGIN SELECT RAISE(ABORT, 'journal anchors are append-only'); END;
CREATE TRIGGER journal_anchor_is_append_only_delete BEFORE DELETE ON journal_anchor
BEGIN SELECT RAISE(ABORT, 'journal anchors are append-only'); END;

-- journal_anchor_written: which own anchors a room station has put on the transfer drive for HQ, and in which
-- message. Written after the message is on the drive; an anchor written twice (a crash in between) is taken once.
CREATE TABLE journal_anchor_written (
  anchor_id INTEGER NOT NULL REFERENCES journal_anchor(id),
  transfer_seq INTEGER NOT NULL,              -- the message's number in this station's stream to HQ
  file_name TEXT NOT NULL,
  written_at TEXT NOT NULL,
  PRIMARY KEY (anchor_id, transfer_seq)
) STRICT;

CREATE TRIGGER journal_anchor_written_is_append_only_update BEFORE UPDATE ON journal_anchor_written
BEGIN SELECT RAISE(ABORT, 'journal anchors are append-only'); END;
CREATE TRIGGER journal_anchor_written_is_append_only_delete BEFORE DELETE ON journal_anchor_written
BEGIN SELECT RAISE(ABORT, 'journal anchors are append-only'); END;
