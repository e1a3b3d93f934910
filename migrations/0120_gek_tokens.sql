-- 0120: the GEK members' tokens registered at this PPE (issue 11, item 3; main/tokens/README.md).
--
-- A token is registered to ONE GEK member: from the distribution bundle where RCOI gives the member's token public
-- key (source 'bundle'), or enrolled at HQ by the technical specialist with the PPE head confirming with their own
-- PIN (source 'enrolled'). What is registered is what the token reported: its serial and label (NULL for a key that
-- came in a bundle without them), the signing algorithm, the public key (SPKI) and the certificate if it holds one.
-- A signature by the member is checked against this public key, never against what a token says at signing time.
--
-- Append-only, like station_peer: replacing a member's token retires the old row (retired_at set, once) and adds a
-- new one, so what the old key signed stays attributable. At most one live token per member, per serial and per key.
CREATE TABLE gek_token (
  id INTEGER PRIMARY KEY,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  serial TEXT,                             -- the token's serial as it reports it; NULL if RCOI gave only the key
  label TEXT,
  model TEXT,
  algorithm TEXT NOT NULL,                 -- 'ECDSA-P256-SHA256' (native/token/token.ts SignatureAlgorithm)
  public_key TEXT NOT NULL,                -- base64 SPKI DER
  certificate TEXT,                        -- base64 DER, if the token holds one
  key_id TEXT,                             -- CKA_ID as hex
  simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
  source TEXT NOT NULL CHECK (source IN ('bundle', 'enrolled')),
  bundle_id TEXT,                          -- the bundle that gave the key (source 'bundle')
  registered_at TEXT NOT NULL,             -- UTC instant
  registered_by INTEGER REFERENCES staff(id),  -- the technical specialist (source 'enrolled')
  confirmed_by INTEGER REFERENCES staff(id),   -- the PPE head who confirmed with their PIN (source 'enrolled')
  retired_at TEXT,
  CHECK ((source = 'enrolled') = (registered_by IS NOT NULL AND confirmed_by IS NOT NULL AND serial IS NOT NULL)),
  CHECK ((source = 'bundle') = (bundle_id IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX gek_token_live_member ON gek_token (staff_id) WHERE retired_at IS NULL;
CREATE UNIQUE INDEX gek_token_live_serial ON gek_token (serial) WHERE retired_at IS NULL AND serial IS NOT NULL;
CREATE UNIQUE INDEX gek_token_live_key ON gek_token (public_key) WHERE retired_at IS NULL;

-- A simulated token (training) is never registered on a real PPE, whatever the code above it does.
CREATE TRIGGER gek_token_simulated_only_in_training BEFORE INSERT ON gek_token
WHEN NEW.simulated = 1 AND (SELECT training_mode FROM ppe WHERE id = 1) IS NOT 1
BEGIN SELECT RAISE(ABORT, 'simulated_token_outside_training'); END;

CREATE TRIGGER gek_token_is_retired_never_rewritten BEFORE UPDATE ON gek_token
WHEN NEW.id IS NOT OLD.id OR NEW.staff_id IS NOT OLD.staff_id OR NEW.serial IS NOT OLD.serial OR NEW.label IS NOT OLD.label
  OR NEW.model IS NOT OLD.model OR NEW.algorithm IS NOT OLD.algorithm OR NEW.public_key IS NOT OLD.public_key
  OR NEW.certificate IS NOT OLD.certificate OR NEW.key_id IS NOT OLD.key_id OR NEW.simulated IS NOT OLD.simulated
  OR NEW.source IS NOT OLD.source OR NEW.bundle_id IS NOT OLD.bundle_id OR NEW.registered_at IS NOT OLD.registered_at
  OR NEW.registered_by IS NOT OLD.registered_by OR NEW.confirmed_by IS NOT OLD.confirmed_by OR OLD.retired_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a registered token is retired, never rewritten'); END;
CREATE TRIGGER gek_token_is_kept_delete BEFORE DELETE ON gek_token
BEGIN SELECT RAISE(ABORT, 'a registered token is retired, never deleted'); END;
