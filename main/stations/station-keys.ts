import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { generateStationKeys, type StationKeyPairs } from '../crypto/station-crypto';
import type { CoreContext } from '../kernel/context';
import { inTransaction } from '../db/open-database';
import type { KeyProtector } from '../sync/key-store';

/**
 * This station's own keys for the transfer drive and its journal anchors (migration 0110, `station_key`): made once,
 * the private halves sealed by the key protector (the OS keychain in Electron) before they are stored, never
 * replaced. A room station makes them at set-up; HQ and a training station make them the first time they need them.
 */

interface StationKeyRow {
  signing_public: string;
  signing_private_sealed: string;
  agreement_public: string;
  agreement_private_sealed: string;
}

/** The station's keys, unsealed for use; null if it has none yet. */
export function loadStationKeys(ctx: Pick<CoreContext, 'db'>, protector: KeyProtector): StationKeyPairs | null {
  const row = ctx.db.prepare<[], StationKeyRow>('SELECT * FROM station_key WHERE id = 1').get();
  if (!row) return null;
  const signing = unsealPrivate(protector, row.signing_private_sealed);
  const agreement = unsealPrivate(protector, row.agreement_private_sealed);
  // The public halves are derived from the sealed private ones, never taken from the row: a database rewritten by
  // someone without the keychain cannot make this station vouch for a key it does not hold.
  const keys: StationKeyPairs = {
    signing: { privateKey: signing, publicKeySpkiBase64: spkiOf(signing) },
    agreement: { privateKey: agreement, publicKeySpkiBase64: spkiOf(agreement) },
  };
  if (keys.signing.publicKeySpkiBase64 !== row.signing_public || keys.agreement.publicKeySpkiBase64 !== row.agreement_public) {
    throw new Error('station_key: the stored public keys do not match the sealed private keys');
  }
  return keys;
}

/** The station's keys, made and stored (sealed) the first time; the same keys on every later call. */
export function ensureStationKeys(ctx: Pick<CoreContext, 'db' | 'clock'>, protector: KeyProtector): StationKeyPairs {
  const existing = loadStationKeys(ctx, protector);
  if (existing) return existing;
  const fresh = generateStationKeys();
  inTransaction(ctx.db, () => {
    ctx.db
      .prepare(
        `INSERT INTO station_key (id, signing_public, signing_private_sealed, agreement_public, agreement_private_sealed, created_at)
         VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(
        fresh.signing.publicKeySpkiBase64,
        protector.seal(fresh.signing.privateKey.export({ format: 'der', type: 'pkcs8' })),
        fresh.agreement.publicKeySpkiBase64,
        protector.seal(fresh.agreement.privateKey.export({ format: 'der', type: 'pkcs8' })),
        ctx.clock.now().toISOString(),
      );
  });
  // Whoever won a race stored theirs: read back what is stored.
  return loadStationKeys(ctx, protector)!;
}

/**
 * The short fingerprint people compare on two screens: SHA-256 of the signing key's SPKI DER, its first 66 bits as
 * five groups of four digits («1234 5678 9012 3456 7890»). Digits, because tired people compare digits more surely
 * than letters; 66 bits, because making another key with the same fingerprint is far beyond anyone's reach.
 */
export function stationFingerprint(signingKeySpkiBase64: string): string {
  const digest = createHash('sha256').update(Buffer.from(signingKeySpkiBase64, 'base64')).digest();
  let n = digest.readBigUInt64BE(0) * 4n + BigInt(digest[8]! >> 6);
  const digits: string[] = [];
  for (let i = 0; i < 20; i++) {
    digits.unshift(String(n % 10n));
    n /= 10n;
  }
  return [0, 4, 8, 12, 16].map((i) => digits.slice(i, i + 4).join('')).join(' ');
}

function unsealPrivate(protector: KeyProtector, sealed: string): KeyObject {
  return createPrivateKey({ key: protector.unseal(sealed), format: 'der', type: 'pkcs8' });
}

function spkiOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
}
