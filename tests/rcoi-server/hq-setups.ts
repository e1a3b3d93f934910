import { randomUUID } from 'node:crypto';
import type { Clock } from '../../main/kernel/clock';
import type { Db } from '../../main/db/open-database';
import { setupPpeSchema, type SetupPpe, type SetupRequest } from '../../main/stations/hq-setup-answer';
import type { HqKind } from '../../main/stations/hq-setup-protocol';
import { HttpError } from './http-json';
import { canonicalEd25519Key, isExpired, type EnrolmentCodeEntry } from './station-registry';
import { parseOr400 } from './sync-schemas';

/** A one-time code as the set-up endpoint finds it: by the id the station derives, with its MAC key. */
export interface SetupCode extends EnrolmentCodeEntry {
  setupKey: Buffer;
}

export interface SetUpStation {
  stationId: string;
  stationNumber: string;
  kind: HqKind;
}

/**
 * What RCOI knows of each PPE (its rooms, permanent staff and exam schedule), and the HQ stations set up with its
 * enrolment codes (PROTOCOL.md, "Setting up an HQ station").
 */
export class HqSetups {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Registers (or replaces) a PPE's configuration; checked with the rules the station applies to it. */
  registerPpe(config: unknown): SetupPpe {
    const parsed = parseOr400(setupPpeSchema, config);
    this.db
      .prepare(
        `INSERT INTO ppe_configs (region_code, ppe_code, config, registered_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (region_code, ppe_code) DO UPDATE SET config = excluded.config, registered_at = excluded.registered_at`,
      )
      .run(parsed.regionCode, parsed.ppeCode, JSON.stringify(parsed), this.clock.now().toISOString());
    return parsed;
  }

  ppeConfig(regionCode: string, ppeCode: string): SetupPpe | undefined {
    const row = this.db
      .prepare<[string, string], { config: string }>('SELECT config FROM ppe_configs WHERE region_code = ? AND ppe_code = ?')
      .get(regionCode, ppeCode);
    return row && (JSON.parse(row.config) as SetupPpe);
  }

  /** The code a set-up request names, if RCOI issued it as a set-up code for that PPE code. */
  codeById(codeId: string, ppeCode: string): SetupCode | undefined {
    const row = this.db
      .prepare<[string], { code: string; regionCode: string; ppeCode: string; reusable: number; usedByStation: string | null; expiresAt: string | null; setupKey: string }>(
        `SELECT code, region_code AS regionCode, ppe_code AS ppeCode, reusable, used_by_station AS usedByStation,
                expires_at AS expiresAt, setup_key AS setupKey
         FROM enrolment_codes WHERE setup_id = ?`,
      )
      .get(codeId);
    if (!row || row.ppeCode !== ppeCode) return undefined;
    return { ...row, reusable: row.reusable === 1, setupKey: Buffer.from(row.setupKey, 'hex') };
  }

  /**
   * Sets up (or finds again) the station of a code. The same code with the same key answers the same station, even
   * once the code has expired: a station that crashed after RCOI answered completes with its retry. Otherwise a code
   * already used is `code_used`, an expired one `code_expired`.
   */
  setUp(code: SetupCode, request: SetupRequest): SetUpStation {
    const publicKey = canonicalEd25519Key(request.publicKey);
    return this.db.transaction((): SetUpStation => {
      const before = this.db
        .prepare<[string, string], SetUpStation>(
          `SELECT s.station_id AS stationId, u.station_number AS stationNumber, u.kind
           FROM stations s JOIN station_setups u ON u.station_id = s.station_id
           WHERE s.enrolment_code = ? AND s.public_key = ?`,
        )
        .get(code.code, publicKey);
      if (before) return before;
      const now = this.clock.now();
      const current = this.db
        .prepare<[string], { used: string | null }>('SELECT used_by_station AS used FROM enrolment_codes WHERE code = ?')
        .get(code.code);
      if (current?.used) throw new HttpError(403, 'this enrolment code has set up another station', 'code_used');
      if (isExpired(code, now)) throw new HttpError(403, 'this enrolment code has expired', 'code_expired');
      if (!this.ppeConfig(code.regionCode, code.ppeCode)) {
        throw new HttpError(409, `RCOI has no configuration for PPE ${code.regionCode}/${code.ppeCode}`, 'no_ppe_config');
      }
      const { n } = this.db
        .prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM station_setups WHERE region_code = ? AND ppe_code = ?')
        .get(code.regionCode, code.ppeCode)!;
      // RCOI numbers the PPE's computers: the PPE code and a running number («041201», «041202»…).
      const stationNumber = `${code.ppeCode}${String(n + 1).padStart(2, '0')}`;
      const stationId = randomUUID();
      const at = now.toISOString();
      this.db
        .prepare(
          `INSERT INTO stations (station_id, region_code, ppe_code, station_number, public_key, enrolment_code, enrolled_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(stationId, code.regionCode, code.ppeCode, Number(stationNumber), publicKey, code.code, at);
      this.db
        .prepare(
          `INSERT INTO station_setups (station_id, region_code, ppe_code, kind, station_number, set_up_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(stationId, code.regionCode, code.ppeCode, request.kind, stationNumber, at);
      this.db.prepare('UPDATE enrolment_codes SET used_by_station = ?, used_at = ? WHERE code = ?').run(stationId, at, code.code);
      return { stationId, stationNumber, kind: request.kind };
    }).immediate();
  }
}
