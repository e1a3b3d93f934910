import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign as nodeSign,
  type KeyObject,
} from 'node:crypto';
import { defaultCryptoSuite, type CryptoSuite } from './crypto-suite';

/**
 * What a station does with its own keys, beside the suite's hashing and verifying: sign with its Ed25519 key, and
 * agree a key with a peer's X25519 key (ECDH, then HKDF-SHA256) to seal data with AES-256-GCM. Behind this
 * interface so that a GOST provider (GOST R 34.10-2012 signatures, VKO key agreement, Kuznyechik-MGM) can replace
 * the default without touching the transfer drive's code (main/transfer/).
 */
export interface StationCrypto extends CryptoSuite {
  sign(privateKey: KeyObject, data: Uint8Array): Buffer;
  /** A fresh key pair for one message's key agreement (the sender's ephemeral key). */
  ephemeralAgreementKey(): AgreementKeyPair;
  /** ECDH of `privateKey` with the peer's public key, through HKDF-SHA256 with `salt` and `info`: a 32-byte key. */
  agreeKey(privateKey: KeyObject, peerPublicSpkiBase64: string, salt: Uint8Array, info: string): Buffer;
  randomBytes(n: number): Buffer;
  /** AES-256-GCM with a fresh 12-byte IV: the sealed bytes are the ciphertext followed by the 16-byte tag. */
  seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): { iv: Buffer; sealed: Buffer };
  /** null when the tag does not match (a wrong key, a changed byte, another AAD): never partial plaintext. */
  open(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer | null;
}

export interface AgreementKeyPair {
  privateKey: KeyObject;
  /** base64 SPKI DER, as public keys travel and are pinned everywhere in the app. */
  publicKeySpkiBase64: string;
}

/** A station's own keys: Ed25519 to sign what it writes, X25519 so that secrets can be sealed to it. */
export interface StationKeyPairs {
  signing: { privateKey: KeyObject; publicKeySpkiBase64: string };
  agreement: AgreementKeyPair;
}

const TAG_BYTES = 16;
const IV_BYTES = 12;

function spkiBase64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** New station keys (the room station makes its own at set-up; tests make theirs). */
export function generateStationKeys(): StationKeyPairs {
  const signing = generateKeyPairSync('ed25519');
  const agreement = generateKeyPairSync('x25519');
  return {
    signing: { privateKey: signing.privateKey, publicKeySpkiBase64: spkiBase64(signing.publicKey) },
    agreement: { privateKey: agreement.privateKey, publicKeySpkiBase64: spkiBase64(agreement.publicKey) },
  };
}

export const defaultStationCrypto: StationCrypto = {
  ...defaultCryptoSuite,
  sign(privateKey, data) {
    return nodeSign(null, data, privateKey);
  },
  ephemeralAgreementKey() {
    const pair = generateKeyPairSync('x25519');
    return { privateKey: pair.privateKey, publicKeySpkiBase64: spkiBase64(pair.publicKey) };
  },
  agreeKey(privateKey, peerPublicSpkiBase64, salt, info) {
    const publicKey = createPublicKey({ key: Buffer.from(peerPublicSpkiBase64, 'base64'), format: 'der', type: 'spki' });
    const shared = diffieHellman({ privateKey, publicKey });
    return Buffer.from(hkdfSync('sha256', shared, salt, info, 32));
  },
  randomBytes(n) {
    return randomBytes(n);
  },
  seal(key, plaintext, aad) {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { iv, sealed };
  },
  open(key, iv, sealed, aad) {
    if (sealed.length < TAG_BYTES || iv.length !== IV_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      return null;
    }
  },
};
