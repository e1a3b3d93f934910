-- 0070: steps of the exam day that a person confirms (issue 10, item 2: passed is not done).
-- The clock alone moves most of the day's timeline (the entrance opens, the exam starts, it ends), but some steps are
-- done by people: the materials received from the GEK member, the staff briefing held, the key to the materials
-- received. Such a step counts as done only when someone with the right role says so; its time passing proves
-- nothing. Each confirmation is a row here, written in the same act as its journal entry (timeline.step_confirmed).
--
-- Append-only, like the journal: a confirmation is a signature-like fact. Should withdrawing one ever be offered, it
-- is a new row (a later column saying so), never an UPDATE or a DELETE of this one. Hence no UNIQUE on (exam, step):
-- the service refuses a second confirmation itself, inside its IMMEDIATE transaction.
CREATE TABLE timeline_confirmation (
  id INTEGER PRIMARY KEY,
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  step TEXT NOT NULL,                   -- the timeline key: materials_handover, staff_briefing, key_release, ...
  confirmed_at TEXT NOT NULL,           -- UTC instant
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  staff_name TEXT NOT NULL,             -- as the journal entry names the person
  role_code INTEGER NOT NULL,           -- the person's role of the day when confirming
  station TEXT NOT NULL                 -- this station's number, as the journal entry has it
) STRICT;
CREATE INDEX timeline_confirmation_by_step ON timeline_confirmation (exam_id, step);

CREATE TRIGGER timeline_confirmation_is_append_only_update BEFORE UPDATE ON timeline_confirmation
BEGIN SELECT RAISE(ABORT, 'timeline confirmations are append-only'); END;
CREATE TRIGGER timeline_confirmation_is_append_only_delete BEFORE DELETE ON timeline_confirmation
BEGIN SELECT RAISE(ABORT, 'timeline confirmations are append-only'); END;
