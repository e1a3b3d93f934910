-- A PIN chosen by someone other than its owner (issued by the technical specialist or the PPE head) is only good
-- for choosing a new one: sign-in with it opens no session until the owner has set their own PIN.
ALTER TABLE staff ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0 CHECK (must_change_pin IN (0, 1));
