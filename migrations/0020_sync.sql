-- 0020: sync with RCOI. The outbox is written in the same transaction as the change that produced each item;
-- the inbound cursor is written in the same transaction as each applied item.

-- This station's credentials at RCOI. The private key is sealed by the platform's key protector (key-store.ts).
-- The key pair is stored before RCOI is asked (station_id still NULL), so an enrolment cut short by a crash is
-- repeated with the same key, which RCOI recognises, instead of burning the one-time code.
CREATE TABLE sync_station (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  enrolment_code TEXT NOT NULL,
  station_id TEXT,
  public_key TEXT NOT NULL,             -- base64 SPKI DER
  private_key_sealed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  enrolled_at TEXT
) STRICT;

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,                  -- the item id: RCOI's idempotency key
  stream TEXT NOT NULL,                 -- items of one stream are delivered in order
  stream_seq INTEGER NOT NULL,
  kind TEXT NOT NULL,                   -- status, act, log, packet, ...
  schema_version INTEGER NOT NULL CHECK (schema_version > 0),
  created_at TEXT NOT NULL,
  payload TEXT,                         -- JSON, for small items
  blob_file TEXT,                       -- file name under <data>/outbox-blobs, for large items
  size INTEGER NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,                      -- JSON {code, params}
  delivered_at TEXT,
  CHECK ((payload IS NULL) <> (blob_file IS NULL)),
  UNIQUE (stream, stream_seq)
) STRICT;
CREATE INDEX outbox_by_state ON outbox (state, stream, stream_seq);

-- Items received from RCOI's feed, each applied once; the cursor moves in the same transaction.
CREATE TABLE inbound_item (
  id TEXT PRIMARY KEY,
  cursor INTEGER NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  payload TEXT NOT NULL,
  outcome TEXT NOT NULL                 -- JSON: what applying it did (or why it was refused)
) STRICT;
