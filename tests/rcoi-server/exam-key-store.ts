import { sign, type KeyObject } from 'node:crypto';
import type { Db } from '../../main/db/open-database';
import {
  EXAM_KEY_FORMAT,
  EXAM_KEY_FORMAT_VERSION,
  examKeyPayloadSchema,
  type ExamKeyEnvelope,
  type ExamKeyPayload,
  type ReserveGrant,
} from '../../main/exam-keys/key-file-format';
import { keyIdOf } from './bundle-signer';

/** A key file as released: the exact text RCOI signed, fetched again byte for byte. */
export interface ReleasedKey {
  keyId: string;
  packageId: string;
  kind: 'main' | 'reserve';
  sequence: number;
  fileText: string;
}

/**
 * The key file in the envelope of main/exam-keys/key-file-format.ts: RCOI's Ed25519 signature over the payload's
 * UTF-8 JSON bytes, carried base64 so nobody re-serialises them to check it. The payload is checked against the
 * schema the PPE reads it with first: the server never signs a file the app would refuse as malformed.
 */
export function signExamKeyFile(payload: ExamKeyPayload, signingKey: KeyObject): string {
  const bytes = Buffer.from(JSON.stringify(examKeyPayloadSchema.parse(payload)), 'utf8');
  const envelope: ExamKeyEnvelope = {
    format: EXAM_KEY_FORMAT,
    formatVersion: EXAM_KEY_FORMAT_VERSION,
    payload: bytes.toString('base64'),
    signature: { alg: 'Ed25519', keyId: keyIdOf(signingKey), value: sign(null, bytes, signingKey).toString('base64') },
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/**
 * What the reference RCOI has released (schema step 6): every key file as signed, the reserve grants of each package,
 * and the nonces of the token-signed requests it accepted (a request signed once is honoured once).
 */
export class ExamKeyStore {
  constructor(private readonly db: Db) {}

  /** Records the nonce of an authentic token request; false if it was seen before (a replay). */
  spendNonce(nonce: string, now: Date): boolean {
    const r = this.db.prepare('INSERT INTO exam_key_nonces (nonce, seen_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING').run(nonce, now.toISOString());
    return r.changes === 1;
  }

  mainKey(packageId: string): ReleasedKey | undefined {
    return this.db
      .prepare<[string], ReleasedKey>(`SELECT ${COLUMNS} FROM released_exam_keys WHERE package_id = ? AND kind = 'main'`)
      .get(packageId);
  }

  /** A released key of this PPE by its id; another PPE's key is as unknown as none. */
  byKeyId(keyId: string, regionCode: string, ppeCode: string): ReleasedKey | undefined {
    return this.db
      .prepare<[string, string, string], ReleasedKey>(
        `SELECT ${COLUMNS} FROM released_exam_keys WHERE key_id = ? AND region_code = ? AND ppe_code = ?`,
      )
      .get(keyId, regionCode, ppeCode);
  }

  /** The package's reserve grants so far, in sequence order. */
  grants(packageId: string): ReserveGrant[] {
    return this.db
      .prepare<[string], { sequence: number; roomCode: string; stationNumber: string; kits: number; kitIndices: string; grantedAt: string }>(
        `SELECT sequence, room_code AS roomCode, station_number AS stationNumber, kits, kit_indices AS kitIndices,
           granted_at AS grantedAt FROM reserve_grants WHERE package_id = ? ORDER BY sequence`,
      )
      .all(packageId)
      .map((g) => ({ ...g, kitIndices: JSON.parse(g.kitIndices) as number[] }));
  }

  /** Records a released key file (and the reserve grant it made, if any) in one transaction. */
  record(key: ReleasedKey & { regionCode: string; ppeCode: string; issuedAt: string }, grant?: ReserveGrant): void {
    this.db.transaction(() => {
      if (grant) {
        this.db
          .prepare(
            `INSERT INTO reserve_grants (package_id, sequence, room_code, station_number, kits, kit_indices, granted_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(key.packageId, grant.sequence, grant.roomCode, grant.stationNumber, grant.kits, JSON.stringify(grant.kitIndices), grant.grantedAt);
      }
      this.db
        .prepare(
          `INSERT INTO released_exam_keys (key_id, package_id, region_code, ppe_code, kind, sequence, file_text, issued_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(key.keyId, key.packageId, key.regionCode, key.ppeCode, key.kind, key.sequence, key.fileText, key.issuedAt);
    }).immediate();
  }
}

const COLUMNS = 'key_id AS keyId, package_id AS packageId, kind, sequence, file_text AS fileText';
