import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { record, type Actor, type CoreContext } from '../core/context';
import { readPpeConfig, readSetting } from '../core/ppe-config';
import { inTransaction } from '../db/open-database';
import type { KeyProtector } from './key-store';
import type { Credentials, SyncClient } from './sync-client';

/** This station's credentials, unsealed for use; null until the station is enrolled. */
export function loadCredentials(ctx: CoreContext, keys: KeyProtector): Credentials | null {
  const row = ctx.db
    .prepare<[], { station_id: string; private_key_sealed: string }>('SELECT station_id, private_key_sealed FROM sync_station')
    .get();
  if (!row) return null;
  const der = keys.unseal(row.private_key_sealed);
  return { stationId: row.station_id, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
}

/**
 * Enrols the station with the one-time code RCOI issued: a fresh Ed25519 key pair, the public half sent to RCOI,
 * the private half sealed before it is stored. Journaled.
 */
export async function enrolStation(ctx: CoreContext, keys: KeyProtector, client: SyncClient, actor: Actor, code: string): Promise<string> {
  const ppe = readPpeConfig(ctx.db);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicDer = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const sealed = keys.seal(privateKey.export({ type: 'pkcs8', format: 'der' }));
  const { stationId } = await client.enrol({
    regionCode: ppe.regionCode,
    ppeCode: ppe.code,
    stationNumber: readSetting(ctx.db, 'station_number') ?? '',
    enrolmentCode: code,
    publicKey: publicDer,
  });
  inTransaction(ctx.db, () => {
    ctx.db
      .prepare(
        `INSERT INTO sync_station (id, station_id, public_key, private_key_sealed, enrolled_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET station_id = excluded.station_id, public_key = excluded.public_key,
           private_key_sealed = excluded.private_key_sealed, enrolled_at = excluded.enrolled_at`,
      )
      .run(stationId, publicDer, sealed, ctx.clock.now().toISOString());
    record(ctx, actor, 'sync.enrolled', { stationId, keyProtection: keys.kind });
  });
  return stationId;
}
