-- 0080: what the station last knew of its link with RCOI (issue 11, item 6), kept across a restart.
-- Before this, the last contact, the clock's skew against RCOI and the last error lived only in the sync worker's
-- memory: after a restart the «Связь с РЦОИ» screen said «not reached since start» and a clock known to be wrong
-- raised no alarm until RCOI answered again. One row, rewritten by the sync worker whenever one of these changes; a
-- change of the skew alarm is written in the same transaction as its journal entry (clock.skew_detected/_resolved).
CREATE TABLE sync_link (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_contact_at TEXT,                 -- UTC instant of the last answer from RCOI
  clock_skew_seconds INTEGER,           -- RCOI's time minus this computer's, measured at last_contact_at
  clock_skew_alarm INTEGER NOT NULL DEFAULT 0 CHECK (clock_skew_alarm IN (0, 1)),
  last_error TEXT,                      -- JSON {code, params}
  last_error_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;
