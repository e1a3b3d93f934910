import { openDatabase, type Db } from '../../main/db/open-database';

/**
 * Schema steps by user_version. A step never changes once it has been used, so an old test or demo database
 * still opens; later needs append steps.
 */
const SCHEMA_STEPS: readonly string[] = [
  // 1: distribution bundles.
  `CREATE TABLE published_bundles (
     bundle_id    TEXT PRIMARY KEY,
     region_code  TEXT NOT NULL,
     ppe_code     TEXT NOT NULL,
     exam_date    TEXT NOT NULL,
     subject_code INTEGER NOT NULL,
     form         TEXT NOT NULL,
     version      INTEGER NOT NULL,
     sha256       TEXT NOT NULL,
     file_text    TEXT NOT NULL,
     published_at TEXT NOT NULL,
     UNIQUE (region_code, ppe_code, exam_date, subject_code, form, version)
   )`,
  // 2: the sync protocol (main/sync/PROTOCOL.md): stations, replay guard, received items, uploads, outgoing feed.
  `CREATE TABLE enrolment_codes (
     code            TEXT PRIMARY KEY,
     region_code     TEXT NOT NULL,
     ppe_code        TEXT NOT NULL,
     created_at      TEXT NOT NULL,
     -- 1 for the demo code: any number of stations may enrol with it (see station-registry.ts).
     reusable        INTEGER NOT NULL DEFAULT 0,
     used_by_station TEXT,
     used_at         TEXT
   );
   CREATE TABLE stations (
     station_id     TEXT PRIMARY KEY,
     region_code    TEXT NOT NULL,
     ppe_code       TEXT NOT NULL,
     station_number INTEGER NOT NULL,
     public_key     TEXT NOT NULL,
     enrolment_code TEXT NOT NULL REFERENCES enrolment_codes (code),
     enrolled_at    TEXT NOT NULL
   );
   CREATE INDEX stations_by_code ON stations (enrolment_code, public_key);
   CREATE TABLE seen_nonces (
     station_id TEXT NOT NULL,
     nonce      TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (station_id, nonce)
   ) WITHOUT ROWID;
   CREATE INDEX seen_nonces_by_expiry ON seen_nonces (expires_at);
   CREATE TABLE items (
     item_id              TEXT PRIMARY KEY,
     station_id           TEXT NOT NULL REFERENCES stations (station_id),
     kind                 TEXT NOT NULL,
     schema_version       INTEGER NOT NULL,
     stream               TEXT NOT NULL,
     sha256               TEXT NOT NULL,
     size                 INTEGER NOT NULL,
     payload              TEXT,
     file_path            TEXT,
     chunk_size           INTEGER,
     stored_at            TEXT NOT NULL,
     copies               INTEGER NOT NULL DEFAULT 1 CHECK (copies = 1),
     duplicate_deliveries INTEGER NOT NULL DEFAULT 0,
     CHECK ((payload IS NULL) <> (file_path IS NULL))
   );
   CREATE TABLE uploads (
     item_id        TEXT PRIMARY KEY,
     station_id     TEXT NOT NULL REFERENCES stations (station_id),
     kind           TEXT NOT NULL,
     schema_version INTEGER NOT NULL,
     stream         TEXT NOT NULL,
     size           INTEGER NOT NULL,
     sha256         TEXT NOT NULL,
     chunk_size     INTEGER NOT NULL,
     opened_at      TEXT NOT NULL
   );
   CREATE TABLE upload_chunks (
     item_id     TEXT NOT NULL REFERENCES uploads (item_id) ON DELETE CASCADE,
     chunk_index INTEGER NOT NULL,
     sha256      TEXT NOT NULL,
     size        INTEGER NOT NULL,
     file_path   TEXT NOT NULL,
     received_at TEXT NOT NULL,
     PRIMARY KEY (item_id, chunk_index)
   );
   CREATE TABLE feed_items (
     cursor         INTEGER PRIMARY KEY AUTOINCREMENT,
     region_code    TEXT NOT NULL,
     ppe_code       TEXT NOT NULL,
     id             TEXT NOT NULL UNIQUE,
     kind           TEXT NOT NULL,
     schema_version INTEGER NOT NULL,
     payload        TEXT NOT NULL,
     published_at   TEXT NOT NULL
   );
   CREATE INDEX feed_items_by_ppe ON feed_items (region_code, ppe_code, cursor);
   -- Bundles published before the feed existed reach the feed too, in publication order.
   INSERT INTO feed_items (region_code, ppe_code, id, kind, schema_version, payload, published_at)
     SELECT region_code, ppe_code, bundle_id, 'distribution-bundle', 1, json_object('file', file_text), published_at
     FROM published_bundles ORDER BY published_at, bundle_id;`,
  // 3: internet packages (main/packages/package-format.ts); their files live in <db>.blobs/packages/<packageId>/.
  `CREATE TABLE published_packages (
     package_id   TEXT PRIMARY KEY,
     region_code  TEXT NOT NULL,
     ppe_code     TEXT NOT NULL,
     exam_date    TEXT NOT NULL,
     subject_code INTEGER NOT NULL,
     form         TEXT NOT NULL,
     day_kind     TEXT NOT NULL,
     published_at TEXT NOT NULL,
     total_bytes  INTEGER NOT NULL,
     file_count   INTEGER NOT NULL
   );
   CREATE INDEX published_packages_by_ppe ON published_packages (region_code, ppe_code, exam_date);
   -- The manifest's file list as published: the only paths GET /api/v1/packages/:id/files/<path> serves.
   CREATE TABLE published_package_files (
     package_id TEXT NOT NULL REFERENCES published_packages (package_id),
     path       TEXT NOT NULL,
     size       INTEGER NOT NULL,
     sha256     TEXT NOT NULL,
     PRIMARY KEY (package_id, path)
   ) WITHOUT ROWID;`,
  // 4: when a package is listed (5 / 3 working days before the exam, main/timeline/working-days.ts), and its version.
  // available_from is a PPE-local date, so the zone it is in is kept with it: the server knows no PPE's zone
  // otherwise. Both NULL (every package published before this step): listed from publication on.
  `ALTER TABLE published_packages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
   ALTER TABLE published_packages ADD COLUMN available_from TEXT;
   ALTER TABLE published_packages ADD COLUMN time_zone TEXT CHECK ((time_zone IS NULL) = (available_from IS NULL));`,
  // 5: HQ set-up by enrolment code (main/sync/PROTOCOL.md, "Setting up an HQ station"; main/stations/hq-setup-protocol.ts).
  // A one-time code expires (NULL: never — the reusable demo code and codes from before this step). A code issued in
  // the 4-4-4 shape carries the MAC key derived from it and the id the station names it by; NULL: not a set-up code.
  // What RCOI knows of each PPE (rooms, permanent staff, schedule) is kept as the JSON the set-up answer carries.
  `ALTER TABLE enrolment_codes ADD COLUMN expires_at TEXT;
   ALTER TABLE enrolment_codes ADD COLUMN setup_id TEXT;
   ALTER TABLE enrolment_codes ADD COLUMN setup_key TEXT;
   CREATE UNIQUE INDEX enrolment_codes_by_setup_id ON enrolment_codes (setup_id) WHERE setup_id IS NOT NULL;
   CREATE TABLE ppe_configs (
     region_code   TEXT NOT NULL,
     ppe_code      TEXT NOT NULL,
     config        TEXT NOT NULL,
     registered_at TEXT NOT NULL,
     PRIMARY KEY (region_code, ppe_code)
   );
   CREATE TABLE station_setups (
     station_id     TEXT PRIMARY KEY REFERENCES stations (station_id),
     region_code    TEXT NOT NULL,
     ppe_code       TEXT NOT NULL,
     kind           TEXT NOT NULL CHECK (kind IN ('hq-main', 'hq-reserve')),
     station_number TEXT NOT NULL,
     set_up_at      TEXT NOT NULL,
     UNIQUE (region_code, ppe_code, station_number)
   );`,
  // 6: the key to the exam materials (main/sync/PROTOCOL.md, «Exam key»; key-routes.ts). This is test equipment: it
  // keeps each package's key (hex) to release it on exam morning, with the kit counts that place its reserve kits
  // (main/kits/KITS.md «Numbering»); NULL for packages published before this step, whose key is lost (no_package).
  // GEK members' tokens registered by hand for a PPE and date (the bundles' staff tokens count too, gek-registry.ts);
  // every key file released, byte for byte (fetched again by key id); the reserve grants; the token requests' nonces.
  `ALTER TABLE published_packages ADD COLUMN package_key TEXT;
   ALTER TABLE published_packages ADD COLUMN room_kits INTEGER;
   ALTER TABLE published_packages ADD COLUMN reserve_kits INTEGER;
   ALTER TABLE published_packages ADD COLUMN package_key_id TEXT;
   CREATE TABLE gek_tokens (
     region_code   TEXT NOT NULL,
     ppe_code      TEXT NOT NULL,
     exam_date     TEXT NOT NULL,
     staff_id      TEXT NOT NULL,
     public_key    TEXT NOT NULL,
     token_key     TEXT NOT NULL,
     serial        TEXT,
     registered_at TEXT NOT NULL,
     PRIMARY KEY (region_code, ppe_code, exam_date, token_key)
   );
   CREATE TABLE released_exam_keys (
     key_id      TEXT PRIMARY KEY,
     package_id  TEXT NOT NULL REFERENCES published_packages (package_id),
     region_code TEXT NOT NULL,
     ppe_code    TEXT NOT NULL,
     kind        TEXT NOT NULL CHECK (kind IN ('main', 'reserve')),
     sequence    INTEGER NOT NULL,
     file_text   TEXT NOT NULL,
     issued_at   TEXT NOT NULL,
     UNIQUE (package_id, sequence)
   );
   CREATE TABLE reserve_grants (
     package_id     TEXT NOT NULL REFERENCES published_packages (package_id),
     sequence       INTEGER NOT NULL,
     room_code      TEXT NOT NULL,
     station_number TEXT NOT NULL,
     kits           INTEGER NOT NULL,
     kit_indices    TEXT NOT NULL,
     granted_at     TEXT NOT NULL,
     PRIMARY KEY (package_id, sequence)
   );
   CREATE TABLE exam_key_nonces (
     nonce   TEXT PRIMARY KEY,
     seen_at TEXT NOT NULL
   );`,
];

export function openRcoiDatabase(file: string): Db {
  const db = openDatabase(file);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_STEPS.length) {
    db.close();
    throw new Error(`${file}: RCOI database schema ${current} is newer than this server knows (${SCHEMA_STEPS.length})`);
  }
  db.transaction(() => {
    for (let v = current; v < SCHEMA_STEPS.length; v++) db.exec(SCHEMA_STEPS[v]!);
    db.pragma(`user_version = ${SCHEMA_STEPS.length}`);
  }).immediate();
  return db;
}
