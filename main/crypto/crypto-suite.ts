import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';

/**
 * All cryptography goes through this interface so that a GOST provider can replace the default suite
 * (Ed25519 signatures, SHA-256 hashes) without touching the capabilities that use it.
 */
export interface CryptoSuite {
  sha256Hex(data: Uint8Array | string): string;
  /** Identifier of a public key: hex SHA-256 of its SPKI DER encoding. */
  keyId(publicKeySpkiBase64: string): string;
  verify(alg: 'Ed25519', publicKeySpkiBase64: string, data: Uint8Array, signature: Uint8Array): boolean;
}

export const defaultCryptoSuite: CryptoSuite = {
  sha256Hex(data) {
    return createHash('sha256').update(data).digest('hex');
  },
  keyId(publicKeySpkiBase64) {
    return createHash('sha256').update(Buffer.from(publicKeySpkiBase64, 'base64')).digest('hex');
  },
  verify(alg, publicKeySpkiBase64, data, signature) {
    if (alg !== 'Ed25519') return false;
    try {
      const key = createPublicKey({ key: Buffer.from(publicKeySpkiBase64, 'base64'), format: 'der', type: 'spki' });
      return nodeVerify(null, data, key, signature);
    } catch {
      return false;
    }
  },
};
