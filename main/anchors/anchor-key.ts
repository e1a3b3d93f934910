import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { Db } from '../db/open-database';
import type { KeyProtector } from '../sync/key-store';

/**
 * The public half of this station's signing key as the sealed private half says, for checking the station's own
 * anchors. Deliberately not `station_key.signing_public` (nor the key written beside each anchor): someone who
 * rewrites the database file can write a key of their own there and re-sign every anchor with it, but cannot make
 * the key protector (the OS keychain) unseal a private key that is not the station's.
 *
 * 'none': the station has no key (it never anchored); 'unsealable': the key is there but cannot be unsealed (the
 * keychain was lost or the sealed bytes changed) — the anchors cannot be vouched for either way.
 */
export function derivedSigningKey(db: Db, protector: KeyProtector): { spki: string } | 'none' | 'unsealable' {
  const row = db.prepare<[], { signing_private_sealed: string }>('SELECT signing_private_sealed FROM station_key WHERE id = 1').get();
  if (!row) return 'none';
  try {
    const privateKey = createPrivateKey({ key: protector.unseal(row.signing_private_sealed), format: 'der', type: 'pkcs8' });
    if (privateKey.asymmetricKeyType !== 'ed25519') return 'unsealable';
    return { spki: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64') };
  } catch {
    return 'unsealable';
  }
}
