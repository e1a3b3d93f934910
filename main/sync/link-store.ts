import type { Db } from '../db/open-database';
import type { AppErrorPayload } from '../ipc/errors';

/**
 * What the station last knew of its link with RCOI, kept in the database (migration 0080, one row): the last contact,
 * the clock's skew measured then with its alarm, and the last error. Read once when the sync worker starts, so that
 * after a restart the «Связь с РЦОИ» screen and the attention alarms say what was known before it, not «never
 * reached»; a clock found wrong stays an alarm until a new contact finds it right.
 */
export interface SavedLink {
  lastContactAt: Date | null;
  clockSkewSeconds: number | null;
  clockSkewAlarm: boolean;
  lastError: AppErrorPayload | null;
  lastErrorAt: Date | null;
}

interface Row {
  last_contact_at: string | null;
  clock_skew_seconds: number | null;
  clock_skew_alarm: number;
  last_error: string | null;
  last_error_at: string | null;
}

const date = (s: string | null) => (s === null ? null : new Date(s));

export function readSavedLink(db: Db): SavedLink | null {
  const row = db
    .prepare<[], Row>('SELECT last_contact_at, clock_skew_seconds, clock_skew_alarm, last_error, last_error_at FROM sync_link WHERE id = 1')
    .get();
  if (!row) return null;
  return {
    lastContactAt: date(row.last_contact_at),
    clockSkewSeconds: row.clock_skew_seconds,
    clockSkewAlarm: row.clock_skew_alarm === 1,
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as AppErrorPayload),
    lastErrorAt: date(row.last_error_at),
  };
}

/** The row as it would be written: the worker compares it with the last one written and writes only a change. */
export function savedLinkKey(link: SavedLink): string {
  return JSON.stringify([
    link.lastContactAt?.toISOString() ?? null,
    link.clockSkewSeconds,
    link.clockSkewAlarm,
    link.lastError,
    link.lastErrorAt?.toISOString() ?? null,
  ]);
}

/** Writes the one row; the caller holds the transaction (an act when the change is journaled, else inTransaction). */
export function writeSavedLink(db: Db, link: SavedLink, at: Date): void {
  db.prepare(
    `INSERT INTO sync_link (id, last_contact_at, clock_skew_seconds, clock_skew_alarm, last_error, last_error_at, updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET last_contact_at = excluded.last_contact_at, clock_skew_seconds = excluded.clock_skew_seconds,
       clock_skew_alarm = excluded.clock_skew_alarm, last_error = excluded.last_error, last_error_at = excluded.last_error_at,
       updated_at = excluded.updated_at`,
  ).run(
    link.lastContactAt?.toISOString() ?? null,
    link.clockSkewSeconds,
    link.clockSkewAlarm ? 1 : 0,
    link.lastError === null ? null : JSON.stringify(link.lastError),
    link.lastErrorAt?.toISOString() ?? null,
    at.toISOString(),
  );
}
