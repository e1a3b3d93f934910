import { AppError } from './app-error';
import type { Db } from '../db/open-database';

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

/** The exam point this installation serves. Every capability reads it from here. */
export function readPpeConfig(db: Db): PpeConfig {
  const row = db
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
  if (!row) throw new AppError('INTERNAL', { reason: 'ppe_not_configured' });
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

export function readSetting(db: Db, key: string): string | null {
  return db.prepare<[string], { value: string }>('SELECT value FROM setting WHERE key = ?').get(key)?.value ?? null;
}
