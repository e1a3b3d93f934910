-- 0100: setting up an HQ station by enrolment code (issue 11, item 1; main/stations/hq-setup.ts; PROTOCOL.md,
-- "Setting up an HQ station").
--
-- setup_attempt: the set-up in progress on a station that is not set up yet. It is written BEFORE RCOI is asked:
-- the code, where and for what it was given, and the station's new Ed25519 key pair (the private half sealed by the
-- key protector, as in sync_station). A set-up cut short by a crash after RCOI answered is repeated with the same
-- code and the same key, which RCOI recognises and answers with the same station; another code starts afresh with a
-- new key. RCOI's answer, once checked (MAC, signature, shape), is kept here until the person has chosen who signs in
-- first; then ONE act writes the whole PPE and this station (hq-setup.ts). One row; nothing here is trusted later.
CREATE TABLE setup_attempt (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  enrolment_code TEXT NOT NULL,            -- normalised XXXX-XXXX-XXXX
  ppe_code TEXT NOT NULL CHECK (ppe_code GLOB '[0-9][0-9][0-9][0-9]'),
  rcoi_url TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('hq-main', 'hq-reserve')),
  public_key TEXT NOT NULL,                -- base64 SPKI DER (Ed25519): the key RCOI learns for this station
  private_key_sealed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  answer TEXT,                             -- RCOI's checked answer (JSON), NULL until it came
  answered_at TEXT,
  last_error TEXT                          -- JSON {code, params}: why the last try did not get an answer
) STRICT;
