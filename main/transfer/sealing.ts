import type { KeyObject } from 'node:crypto';
import type { StationCrypto } from '../crypto/station-crypto';
import type { Sealing } from './message-format';

// A secret payload is sealed once with a random content key (AES-256-GCM, the header as AAD), and that key is
// wrapped for each receiving station (a room has a main and a reserve station): ECDH of a fresh ephemeral X25519
// key with the station's pinned X25519 key, HKDF-SHA256 over both public keys, AES-256-GCM over the content key with
// the station's number as AAD. Only a receiving station's private key opens it; the header, carrying the wrapped
// keys, cannot be changed without the body failing to open (and the signature failing first).

const WRAP_INFO = 'PPE-TRANSFER v1 content key';
const IV_BYTES = 12;

export interface SealRecipient {
  station: string;
  agreementPublicKey: string;
}

/** A content key and its wrappings: the wrappings go into the header, the key seals the body once the header is known. */
export function prepareSealing(crypto: StationCrypto, recipients: SealRecipient[]): { sealing: Sealing; contentKey: Buffer } {
  const contentKey = crypto.randomBytes(32);
  const ephemeral = crypto.ephemeralAgreementKey();
  const wrapped = recipients.map((r) => {
    const kek = crypto.agreeKey(ephemeral.privateKey, r.agreementPublicKey, saltOf(ephemeral.publicKeySpkiBase64, r.agreementPublicKey), WRAP_INFO);
    const { iv, sealed } = crypto.seal(kek, contentKey, Buffer.from(r.station, 'utf8'));
    return { station: r.station, iv: iv.toString('base64'), wrappedKey: sealed.toString('base64') };
  });
  return {
    sealing: { alg: 'X25519-HKDF-SHA256-A256GCM', ephemeralKey: ephemeral.publicKeySpkiBase64, recipients: wrapped },
    contentKey,
  };
}

/** The body of a sealed message: its IV, then the ciphertext and tag; `header` is the exact header bytes (AAD). */
export function sealBody(crypto: StationCrypto, contentKey: Buffer, plaintext: Buffer, header: Buffer): Buffer {
  const { iv, sealed } = crypto.seal(contentKey, plaintext, header);
  return Buffer.concat([iv, sealed]);
}

/** The plaintext, or null when this station holds no wrapping or the key or body does not open. */
export function openBody(
  crypto: StationCrypto,
  sealing: Sealing,
  me: { station: string; agreementKey: KeyObject; agreementPublicKey: string },
  body: Buffer,
  header: Buffer,
): Buffer | null {
  const mine = sealing.recipients.find((r) => r.station === me.station);
  if (!mine || body.length < IV_BYTES) return null;
  let kek: Buffer;
  try {
    kek = crypto.agreeKey(me.agreementKey, sealing.ephemeralKey, saltOf(sealing.ephemeralKey, me.agreementPublicKey), WRAP_INFO);
  } catch {
    return null;
  }
  const contentKey = crypto.open(kek, Buffer.from(mine.iv, 'base64'), Buffer.from(mine.wrappedKey, 'base64'), Buffer.from(me.station, 'utf8'));
  if (!contentKey || contentKey.length !== 32) return null;
  return crypto.open(contentKey, body.subarray(0, IV_BYTES), body.subarray(IV_BYTES), header);
}

function saltOf(ephemeralKey: string, recipientKey: string): Buffer {
  return Buffer.concat([Buffer.from(ephemeralKey, 'base64'), Buffer.from(recipientKey, 'base64')]);
}
