import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { Actor, CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import { defaultCryptoSuite } from '../crypto/crypto-suite';
import { readPpeConfig, readSetting } from '../ppe/ppe-config';
import { inTransaction } from '../db/open-database';
import type { KeyProtector } from './key-store';
import type { Credentials, SyncClient } from './sync-client';

interface StationRow {
  enrolment_code: string;
  station_id: string | null;
  public_key: string;
  private_key_sealed: string;
}

function stationRow(ctx: Pick<CoreContext, 'db'>): StationRow | undefined {
  return ctx.db.prepare<[], StationRow>('SELECT * FROM sync_station WHERE id = 1').get();
}

/** This station's credentials, unsealed for use; null until the station is enrolled. */
export function loadCredentials(ctx: Pick<CoreContext, 'db'>, keys: KeyProtector): Credentials | null {
  const row = stationRow(ctx);
  if (!row?.station_id) return null;
  const der = keys.unseal(row.private_key_sealed);
  return { stationId: row.station_id, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
}

/**
 * Enrols the station with the one-time code RCOI issued. The key pair is made and stored (private half sealed)
 * before RCOI is asked; if the process dies between RCOI's answer and our commit, the next attempt sends the same
 * key with the same code and RCOI answers with the same station id. A different code starts afresh. Journaled.
 */
export async function enrolStation(ctx: CoreContext, keys: KeyProtector, client: SyncClient, actor: Actor, code: string): Promise<string> {
  const ppe = readPpeConfig(ctx.db);
  let row = stationRow(ctx);
  if (!row || row.enrolment_code !== code) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const fresh = {
      code,
      publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      sealed: keys.seal(privateKey.export({ type: 'pkcs8', format: 'der' })),
    };
    inTransaction(ctx.db, () =>
      ctx.db
        .prepare(
          `INSERT INTO sync_station (id, enrolment_code, station_id, public_key, private_key_sealed, created_at)
           VALUES (1, ?, NULL, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET enrolment_code = excluded.enrolment_code, station_id = NULL,
             public_key = excluded.public_key, private_key_sealed = excluded.private_key_sealed,
             created_at = excluded.created_at, enrolled_at = NULL`,
        )
        .run(fresh.code, fresh.publicKey, fresh.sealed, ctx.clock.now().toISOString()),
    );
    row = stationRow(ctx)!;
  }
  const { stationId } = await client.enrol({
    regionCode: ppe.regionCode,
    ppeCode: ppe.code,
    stationNumber: readSetting(ctx.db, 'station_number') ?? '',
    enrolmentCode: code,
    publicKey: row.public_key,
  });
  act(ctx, actor, (work) => {
    work.db.prepare('UPDATE sync_station SET station_id = ?, enrolled_at = ? WHERE id = 1').run(stationId, work.at.toISOString());
    // Which RCOI key vouched for this enrolment (its answer was signed with it): the journal says whom we trust.
    work.record('sync.enrolled', { stationId, keyProtection: keys.kind, rcoiKeyId: defaultCryptoSuite.keyId(ppe.rcoiPublicKey) });
  });
  return stationId;
}
