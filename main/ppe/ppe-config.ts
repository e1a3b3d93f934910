import { AppError } from '../kernel/app-error';
import type { Db } from '../db/open-database';
import { assertKeyAllowed, isDemoKey } from './demo-keys';

export interface PpeConfig {
  regionCode: string;
  regionName: string;
  code: string;
  name: string;
  address: string;
  timeZone: string;
  rcoiPublicKey: string;
  rcoiUrl: string | null;
  trainingMode: boolean;
}

/**
 * Where this station stands: 'notSetUp' — a fresh install, no exam point and no RCOI key (the real set-up flow comes
 * with the stations issue; training mode is the one choice offered); 'training' — the demo PPE; 'ready' — a real PPE;
 * 'demoKeyRefused' — a real PPE that pins the demo RCOI key (an older or hand-edited database): it runs nothing.
 */
export type SetupState = 'notSetUp' | 'training' | 'ready' | 'demoKeyRefused';

export function readSetupState(db: Db): SetupState {
  const row = readRow(db);
  if (!row) return 'notSetUp';
  if (row.training_mode === 1) return 'training';
  return isDemoKey(row.rcoi_public_key) ? 'demoKeyRefused' : 'ready';
}

/**
 * The exam point this installation serves. Every capability reads it from here, so this is also where a station
 * that is not set up (STATION_NOT_SET_UP) or a real one pinning the demo key (DEMO_KEY_OUTSIDE_TRAINING) stops.
 */
export function readPpeConfig(db: Db): PpeConfig {
  const row = readRow(db);
  if (!row) throw new AppError('STATION_NOT_SET_UP');
  assertKeyAllowed(row.rcoi_public_key, row.training_mode === 1);
  return {
    regionCode: row.region_code,
    regionName: row.region_name,
    code: row.code,
    name: row.name,
    address: row.address,
    timeZone: row.time_zone,
    rcoiPublicKey: row.rcoi_public_key,
    rcoiUrl: row.rcoi_url,
    trainingMode: row.training_mode === 1,
  };
}

function readRow(db: Db) {
  return db
    .prepare<
      [],
      {
        region_code: string;
        region_name: string;
        code: string;
        name: string;
        address: string;
        time_zone: string;
        rcoi_public_key: string;
        rcoi_url: string | null;
        training_mode: number;
      }
    >(
      `SELECT p.region_code, r.name AS region_name, p.code, p.name, p.address, p.time_zone, p.rcoi_public_key,
              p.rcoi_url, p.training_mode
       FROM ppe p JOIN region r ON r.code = p.region_code WHERE p.id = 1`,
    )
    .get();
}

export function readSetting(db: Db, key: string): string | null {
  return db.prepare<[string], { value: string }>('SELECT value FROM setting WHERE key = ?').get(key)?.value ?? null;
}
