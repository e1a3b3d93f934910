-- 0060: training mode is sealed off (issue 8, item 6).
-- The demo RCOI key's private half is published with the app's sources (the reference server signs the demo's lists
-- and packages with it), so a PPE that pins it trusts whatever anyone signs. The database itself guards two rules,
-- whoever writes the ppe row (the demo seeding today, the station set-up tomorrow, or a hand edit):
--   1. a PPE that is not in training mode never pins the demo key;
--   2. a training PPE stays a training PPE: its demo people, trivial PINs and demo key must never pass for a real
--      exam point; a real station starts from a fresh database.
-- The key below is the demo key of assets/demo/demo-ppe.json (rcoiPublicKey; its id is DEMO_RCOI_KEY_ID in
-- main/ppe/demo-keys.ts, which also refuses variant spellings of it at run time, for rows written before 0060).

CREATE TRIGGER ppe_demo_key_only_in_training_insert
BEFORE INSERT ON ppe
WHEN NEW.training_mode = 0 AND trim(NEW.rcoi_public_key) = 'MCowBQYDK2VwAyEA22StE2LtqIGu0ec08wmVakyg4e8xmcgkqy7nh7vYTPY='
BEGIN
  SELECT RAISE(ABORT, 'demo_key_outside_training');
END;

CREATE TRIGGER ppe_demo_key_only_in_training_update
BEFORE UPDATE OF rcoi_public_key, training_mode ON ppe
WHEN NEW.training_mode = 0 AND trim(NEW.rcoi_public_key) = 'MCowBQYDK2VwAyEA22StE2LtqIGu0ec08wmVakyg4e8xmcgkqy7nh7vYTPY='
BEGIN
  SELECT RAISE(ABORT, 'demo_key_outside_training');
END;

CREATE TRIGGER ppe_training_stays_training
BEFORE UPDATE OF training_mode ON ppe
WHEN OLD.training_mode = 1 AND NEW.training_mode <> 1
BEGIN
  SELECT RAISE(ABORT, 'training_station_cannot_become_real');
END;
