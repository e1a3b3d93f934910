import { createHash, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Request signing of the sync protocol (PROTOCOL.md, "Credentials and request signing"), shared by the client
 * (main/sync) and the reference RCOI server (tests/rcoi-server) so both read the same definition.
 */
export const SCHEME = 'PPE-SYNC-1';

export const HEADER = {
  station: 'x-ppe-station',
  timestamp: 'x-ppe-timestamp',
  nonce: 'x-ppe-nonce',
  bodySha256: 'x-ppe-body-sha256',
  signature: 'x-ppe-signature',
  chunkSha256: 'x-ppe-chunk-sha256',
} as const;

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export function signingString(method: string, pathWithQuery: string, timestamp: string, nonce: string, bodySha256: string): string {
  return [SCHEME, method.toUpperCase(), pathWithQuery, timestamp, nonce, bodySha256].join('\n');
}

/** Headers that make a request verifiable by RCOI: who sends it, when, once only, and with exactly this body. */
export function signRequest(
  privateKey: KeyObject,
  stationId: string,
  method: string,
  pathWithQuery: string,
  bodySha256: string,
  at: Date,
): Record<string, string> {
  const timestamp = at.toISOString();
  const nonce = randomBytes(16).toString('hex');
  const signature = sign(null, Buffer.from(signingString(method, pathWithQuery, timestamp, nonce, bodySha256)), privateKey);
  return {
    [HEADER.station]: stationId,
    [HEADER.timestamp]: timestamp,
    [HEADER.nonce]: nonce,
    [HEADER.bodySha256]: bodySha256,
    [HEADER.signature]: signature.toString('base64'),
  };
}

export function verifySignature(
  publicKeySpkiBase64: string,
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  bodySha256: string,
  signatureBase64: string,
): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeySpkiBase64, 'base64'), format: 'der', type: 'spki' });
    const message = Buffer.from(signingString(method, pathWithQuery, timestamp, nonce, bodySha256));
    return verify(null, message, key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
