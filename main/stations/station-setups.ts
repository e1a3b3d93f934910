import type { Db } from '../db/open-database';

/** The set-ups of room stations HQ issued (migration 0140, `station_setup`). */

export interface SetupRow {
  setupId: string;
  station: string;
  room: string;
  isReserve: boolean;
  movesKey: string | null;
  movedFrom: string | null;
  issuedAt: string;
  file: string;
  answeredAt: string | null;
  answerKey: string | null;
}

interface RawRow {
  setup_id: string;
  station: string;
  room: string;
  is_reserve: number;
  moves_key: string | null;
  moved_from: string | null;
  issued_at: string;
  file: string;
  answered_at: string | null;
  answer_key: string | null;
}

const toRow = (r: RawRow): SetupRow => ({
  setupId: r.setup_id,
  station: r.station,
  room: r.room,
  isReserve: r.is_reserve === 1,
  movesKey: r.moves_key,
  movedFrom: r.moved_from,
  issuedAt: r.issued_at,
  file: r.file,
  answeredAt: r.answered_at,
  answerKey: r.answer_key,
});

export function setupById(db: Db, setupId: string): SetupRow | null {
  const r = db.prepare<[string], RawRow>('SELECT * FROM station_setup WHERE setup_id = ?').get(setupId);
  return r ? toRow(r) : null;
}

/** Every set-up issued, newest first. */
export function listSetups(db: Db): SetupRow[] {
  return db.prepare<[], RawRow>('SELECT * FROM station_setup ORDER BY issued_at DESC, rowid DESC').all().map(toRow);
}

export function insertSetup(db: Db, s: Omit<SetupRow, 'answeredAt' | 'answerKey'> & { issuedBy: number | null }): void {
  db.prepare(
    `INSERT INTO station_setup (setup_id, station, room, is_reserve, moves_key, moved_from, issued_at, issued_by, file)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(s.setupId, s.station, s.room, s.isReserve ? 1 : 0, s.movesKey, s.movedFrom, s.issuedAt, s.issuedBy, s.file);
}

export function markAnswered(db: Db, setupId: string, key: string, at: string): void {
  db.prepare('UPDATE station_setup SET answered_at = ?, answer_key = ? WHERE setup_id = ?').run(at, key, setupId);
}

/**
 * Is this number used in the PPE already: a station of the roster, a pin (live or retired), or a set-up issued for
 * a new station? A number is never given to a second computer, so what a key signed under it stays attributable.
 */
export function numberTaken(db: Db, number: string): boolean {
  const hit = db
    .prepare<[string, string, string], { n: number }>(
      `SELECT (SELECT count(*) FROM station WHERE number = ?) + (SELECT count(*) FROM station_peer WHERE station = ?)
            + (SELECT count(*) FROM station_setup WHERE station = ?) AS n`,
    )
    .get(number, number, number);
  return (hit?.n ?? 0) > 0;
}
