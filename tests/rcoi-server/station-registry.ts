import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../main/kernel/clock';
import {
  CODE_ALPHABET,
  deriveSetupKeySync,
  normaliseEnrolmentCode,
  setupCodeId,
} from '../../main/stations/hq-setup-protocol';
import type { Db } from '../../main/db/open-database';
import { HttpError } from './http-json';
import type { EnrolRequest } from './sync-schemas';

export interface EnrolmentCodeEntry {
  code: string;
  regionCode: string;
  ppeCode: string;
  /** A reusable code enrols any number of stations (the demo's); a normal one exactly one. */
  reusable: boolean;
  /** The station the code enrolled (the latest one, for a reusable code). */
  usedByStation: string | null;
  /** UTC instant after which a one-time code is refused (`code_expired`); null: never (the reusable demo code). */
  expiresAt: string | null;
}

/** How long a one-time code lasts unless the issuer says otherwise. */
export const DEFAULT_CODE_TTL_HOURS = 72;

export interface StationRecord {
  stationId: string;
  regionCode: string;
  ppeCode: string;
  stationNumber: number;
  /** base64 SPKI DER of the station's Ed25519 key. */
  publicKey: string;
  enrolledAt: string;
}

const CODE_COLUMNS =
  'code, region_code AS regionCode, ppe_code AS ppeCode, reusable, used_by_station AS usedByStation, expires_at AS expiresAt';
const STATION_COLUMNS = `station_id AS stationId, region_code AS regionCode, ppe_code AS ppeCode,
  station_number AS stationNumber, public_key AS publicKey, enrolled_at AS enrolledAt`;

/** Enrolment codes RCOI issues and the stations enrolled with them. */
export class StationRegistry {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Issues a code for a PPE: one-time unless `reusable`. A given code that already exists for the same PPE is
   * returned as it is (used or not), so the demo can "create it if absent" on every start.
   */
  createCode(
    regionCode: string,
    ppeCode: string,
    code: string | undefined,
    reusable = false,
    ttlHours = DEFAULT_CODE_TTL_HOURS,
  ): EnrolmentCodeEntry {
    const wanted = code ?? newCode();
    // A one-time code in the 4-4-4 shape may also set up an HQ station: its MAC key is derived once, here (scrypt is
    // slow on purpose), and the station names the code by the id derived from it. The reusable demo code may not.
    const setupCode = reusable ? null : normaliseEnrolmentCode(wanted);
    const setupKey = setupCode ? deriveSetupKeySync(setupCode, ppeCode) : null;
    const now = this.clock.now();
    const expiresAt = reusable ? null : new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
    return this.db.transaction(() => {
      const existing = this.code(wanted);
      if (existing) {
        if (existing.regionCode !== regionCode || existing.ppeCode !== ppeCode) {
          throw new HttpError(409, `enrolment code ${wanted} belongs to another PPE`, 'conflict');
        }
        return existing;
      }
      this.db
        .prepare(
          `INSERT INTO enrolment_codes (code, region_code, ppe_code, reusable, created_at, expires_at, setup_id, setup_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          wanted,
          regionCode,
          ppeCode,
          reusable ? 1 : 0,
          now.toISOString(),
          expiresAt,
          setupKey && setupCodeId(setupKey),
          setupKey?.toString('hex') ?? null,
        );
      return this.code(wanted)!;
    }).immediate();
  }

  code(code: string): EnrolmentCodeEntry | undefined {
    const row = this.db.prepare(`SELECT ${CODE_COLUMNS} FROM enrolment_codes WHERE code = ?`).get(code) as
      | (Omit<EnrolmentCodeEntry, 'reusable'> & { reusable: number })
      | undefined;
    return row && { ...row, reusable: row.reusable === 1 };
  }

  /**
   * Enrols a station with a code of its PPE. The same code with the same public key answers the station id it
   * gave before (PROTOCOL.md: a station that crashed after RCOI answered asks again); a one-time code already used
   * with another key is refused like an unknown one.
   */
  enrol(request: EnrolRequest): { stationId: string } {
    const publicKey = canonicalEd25519Key(request.publicKey);
    return this.db.transaction(() => {
      const code = this.code(request.enrolmentCode);
      if (!code || code.regionCode !== request.regionCode || code.ppeCode !== request.ppeCode) throw badCode();
      const before = this.db
        .prepare('SELECT station_id AS stationId FROM stations WHERE enrolment_code = ? AND public_key = ?')
        .get(code.code, publicKey) as { stationId: string } | undefined;
      if (before) return before;
      if (code.usedByStation !== null && !code.reusable) throw badCode();
      if (isExpired(code, this.clock.now())) throw badCode();
      const stationId = randomUUID();
      const now = this.clock.now().toISOString();
      this.db
        .prepare(
          `INSERT INTO stations (station_id, region_code, ppe_code, station_number, public_key, enrolment_code,
             enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(stationId, request.regionCode, request.ppeCode, request.stationNumber, publicKey, code.code, now);
      this.db.prepare('UPDATE enrolment_codes SET used_by_station = ?, used_at = ? WHERE code = ?').run(stationId, now, code.code);
      return { stationId };
    }).immediate();
  }

  station(stationId: string): StationRecord | undefined {
    return this.db.prepare(`SELECT ${STATION_COLUMNS} FROM stations WHERE station_id = ?`).get(stationId) as
      | StationRecord
      | undefined;
  }

  counts(): { stations: number; codes: number; usedCodes: number } {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM stations) AS stations, count(*) AS codes, count(used_by_station) AS usedCodes
         FROM enrolment_codes`,
      )
      .get() as { stations: number; codes: number; usedCodes: number };
  }
}

function badCode(): HttpError {
  return new HttpError(403, 'unknown enrolment code for this PPE, or one already used with another key', 'bad_code');
}

/** The key re-exported from its parsed form: one key, one string, whatever padding the client sent. */
export function canonicalEd25519Key(spkiBase64: string): string {
  try {
    const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType === 'ed25519') return key.export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    // falls through to the refusal below
  }
  throw new HttpError(400, 'publicKey must be the base64 SPKI DER of an Ed25519 public key', 'bad_request');
}

export function isExpired(code: Pick<EnrolmentCodeEntry, 'expiresAt'>, now: Date): boolean {
  return code.expiresAt !== null && now.getTime() >= Date.parse(code.expiresAt);
}

/**
 * Twelve characters from an alphabet without look-alikes (digits and capitals without I, L, O, U), grouped for
 * reading aloud over the phone. 32 letters: a byte modulo 32 is uniform.
 */
function newCode(): string {
  const alphabet = CODE_ALPHABET;
  const chars = [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}
