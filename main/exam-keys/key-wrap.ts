import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import type { KeyRecipient } from './key-file-format';

// The package key wrapped to a GEK member's token (ECIES-style, the way the key file's recipients carry it):
//   RCOI makes a one-time P-256 key pair E for each recipient; Z = ECDH(E.private, token.public), 32 bytes;
//   KEK = HKDF-SHA256(ikm Z, salt = E's SPKI DER, info = INFO ‖ keyId ‖ tokenKey), 32 bytes;
//   wrapped = IV ‖ AES-256-GCM(KEK, IV, packageKey, aad = keyId) ‖ tag.
// Unwrapping needs Z, and only the token can compute it: ECDH(token.private, E.public) runs on the token
// (CKM_ECDH1_DERIVE, Token.deriveSharedSecret), which wants the member's PIN. A wrong token, a wrong key file or a
// changed byte all fail the GCM tag. Z and KEK are wiped as soon as the package key is out; the package key lives
// in the room station's memory only (main/printing's key vault).
//
// Binding keyId and tokenKey into the KEK and keyId into the AAD stops a wrapped key being moved into another key
// file or to another recipient's entry. Z is used once (E is one-time), so HKDF needs no further randomness.

const INFO = 'ppe-exam-key v1 ';

/** hex SHA-256 of an SPKI DER: how the key file names a token key. */
export function tokenKeyId(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex');
}

function kekOf(sharedSecret: Buffer, ephemeralSpki: Buffer, keyId: string, tokenKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sharedSecret, ephemeralSpki, Buffer.from(INFO + keyId + ' ' + tokenKey, 'utf8'), 32));
}

/** RCOI's side (the reference server): the recipient entry that lets this token, and only it, unwrap the key. */
export function wrapForToken(
  packageKey: Buffer,
  recipient: { staffId: string; tokenSerial: string | null; tokenSpkiDer: Buffer },
  keyId: string,
): KeyRecipient {
  if (packageKey.length !== 32) throw new Error('the package key must be 32 bytes');
  const tokenKey = tokenKeyId(recipient.tokenSpkiDer);
  const tokenPublic = createPublicKey({ key: recipient.tokenSpkiDer, format: 'der', type: 'spki' });
  const ephemeral = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ephemeralSpki = Buffer.from(ephemeral.publicKey.export({ format: 'der', type: 'spki' }));
  const z = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: tokenPublic });
  const kek = kekOf(z, ephemeralSpki, keyId, tokenKey);
  z.fill(0);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const wrapped = Buffer.concat([iv, cipher.update(packageKey), cipher.final(), cipher.getAuthTag()]);
  kek.fill(0);
  return {
    staffId: recipient.staffId,
    tokenSerial: recipient.tokenSerial,
    tokenKey,
    ephemeralKey: ephemeralSpki.toString('base64'),
    wrappedKey: wrapped.toString('base64'),
  };
}

/** What unwrapping needs of a token: ECDH with its private key (Token.deriveSharedSecret, after login). */
export interface SharedSecretSource {
  deriveSharedSecret(peerSpkiDer: Buffer): Promise<Buffer>;
}

/** The wrapped key did not open: a wrong token, a wrong or changed key file. Callers word it; nothing else leaks. */
export class KeyUnwrapError extends Error {
  constructor() {
    super('the exam key does not open with this token');
  }
}

/**
 * The room station's side: the package key from a recipient entry, with the token doing the ECDH. Returns a fresh
 * 32-byte buffer the caller owns (and wipes when the key is no longer needed).
 */
export async function unwrapWithToken(recipient: KeyRecipient, keyId: string, token: SharedSecretSource): Promise<Buffer> {
  const ephemeralSpki = Buffer.from(recipient.ephemeralKey, 'base64');
  const wrapped = Buffer.from(recipient.wrappedKey, 'base64');
  if (wrapped.length !== 12 + 32 + 16) throw new KeyUnwrapError();
  const z = await token.deriveSharedSecret(ephemeralSpki);
  const kek = kekOf(z, ephemeralSpki, keyId, recipient.tokenKey);
  z.fill(0);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(12 + 32));
    return Buffer.concat([decipher.update(wrapped.subarray(12, 12 + 32)), decipher.final()]);
  } catch {
    throw new KeyUnwrapError();
  } finally {
    kek.fill(0);
  }
}
