import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleEnvelope, type BundlePayload } from '../../main/bundles/bundle-format';
import { repoFile } from './repo-files';

/** The signer's key id as the bundle format defines it: lowercase hex SHA-256 of the SPKI DER public key. */
export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(publicKeyDer(key)).digest('hex');
}

/** Base64 of the SPKI DER public key: the form pinned in demo-ppe.json (rcoiPublicKey). */
export function publicKeySpkiBase64(key: KeyObject): string {
  return publicKeyDer(key).toString('base64');
}

function publicKeyDer(key: KeyObject): Buffer {
  // A private key carries its public half; deriving it here lets callers pass either.
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'der' });
}

/**
 * Builds the text of a bundle file. The payload is serialised once, and the signature covers exactly those
 * UTF-8 bytes; the payload is not validated here, so tests can sign deliberately odd payloads.
 */
export function signBundle(payload: BundlePayload | object, privateKey: KeyObject): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('signBundle needs an Ed25519 private key');
  }
  const payloadBytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const envelope: BundleEnvelope = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    payload: payloadBytes.toString('base64'),
    signature: {
      alg: 'Ed25519',
      keyId: keyIdOf(privateKey),
      // Ed25519 hashes internally, so the digest algorithm argument must be null.
      value: sign(null, payloadBytes, privateKey).toString('base64'),
    },
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

interface SigningKeyFixture {
  alg: string;
  publicKeySpki: string;
  privateKeyPkcs8: string;
}

/** The DEMO RCOI key (tests/rcoi-server/fixtures): its public half is the one pinned in the demo PPE. */
export function loadDemoSigningKey(): KeyObject {
  const file = repoFile('tests', 'rcoi-server', 'fixtures', 'demo-rcoi-signing-key.json');
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as SigningKeyFixture;
  const key = createPrivateKey({ key: Buffer.from(fixture.privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  // A fixture whose halves disagree would make every demo bundle fail verification in a confusing way.
  if (fixture.alg !== 'Ed25519' || publicKeySpkiBase64(key) !== fixture.publicKeySpki) {
    throw new Error(`${file}: the private key does not match publicKeySpki`);
  }
  return key;
}

/** A fresh Ed25519 private key, for tests that need a signer the PPE does not trust. */
export function generateSigningKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}
