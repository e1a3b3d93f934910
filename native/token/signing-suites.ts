import { createHash, createPublicKey } from 'node:crypto';
import { CKK_EC, CKM_ECDSA, CKM_ECDSA_SHA256, EC_PARAMS_P256 } from './pkcs11-constants';
import type { SignatureAlgorithm } from './token';

// A signing suite is what the app needs to sign with one algorithm on a PKCS#11 token: which keys it fits, which of
// the token's mechanisms it uses (chosen from what the token reports, never assumed), what bytes it hands the token,
// and how the public key becomes a SubjectPublicKeyInfo. The adapter tries SUITES in order and uses the first one the
// token has both a key and a mechanism for.
//
// A GOST R 34.10-2012 suite (Rutoken) is one more object here: fitsKey = CKK_GOSTR3410 with the 2012-256 parameter
// set; plan = CKM_GOSTR3410_WITH_GOSTR3411_12_256 (0xD4321008, the OID 1.2.643.7.1.1.2.2 as mechanism parameter) with
// the whole message, since Node's OpenSSL has no GOST hash; spki from CKA_VALUE with the GOST algorithm OIDs. Put
// before ECDSA it wins on tokens that have both. Not written yet: there is no GOST token or emulator here to test it.

export interface KeyFacts {
  keyType: number;
  /** CKA_EC_PARAMS (DER of the curve OID) for EC keys, or the GOST parameter set; null if the token gave none. */
  params: Buffer | null;
}

export interface SignPlan {
  mechanism: number;
  /** The bytes given to C_Sign: the message itself if the token hashes, else the digest computed in Node. */
  input: Buffer;
  hashedOn: 'token' | 'app';
}

export interface SigningSuite {
  algorithm: SignatureAlgorithm;
  /** Bytes to reserve for C_Sign's output. */
  signatureLength: number;
  fitsKey(key: KeyFacts): boolean;
  /** The mechanism this suite would use from among those the token can sign with, or null. */
  plan(signMechanisms: ReadonlySet<number>, data: Uint8Array): SignPlan | null;
  /** SubjectPublicKeyInfo (DER) from the public key object's value (CKA_EC_POINT for EC). Throws on a bad point. */
  spki(publicValue: Buffer): Buffer;
}

/** SPKI header of an id-ecPublicKey on prime256v1 with an uncompressed 65-byte point following. */
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/**
 * CKA_EC_POINT is a DER OCTET STRING around the point (04 41 04 X Y) by the standard; some tokens give the bare
 * point (04 X Y). Accepts exactly those two shapes of an uncompressed P-256 point.
 */
export function p256Point(ecPoint: Buffer): Buffer {
  if (ecPoint.length === 67 && ecPoint[0] === 0x04 && ecPoint[1] === 0x41 && ecPoint[2] === 0x04) return ecPoint.subarray(2);
  if (ecPoint.length === 65 && ecPoint[0] === 0x04) return ecPoint;
  throw new Error(`not an uncompressed P-256 point (${ecPoint.length} bytes)`);
}

export const ECDSA_P256: SigningSuite = {
  algorithm: 'ECDSA-P256-SHA256',
  signatureLength: 64,
  fitsKey: (key) => key.keyType === CKK_EC && key.params !== null && key.params.equals(EC_PARAMS_P256),
  plan(signMechanisms, data) {
    // A token that hashes itself gets the message; SoftHSM 2.6 has only raw CKM_ECDSA, so the app hashes.
    if (signMechanisms.has(CKM_ECDSA_SHA256)) return { mechanism: CKM_ECDSA_SHA256, input: Buffer.from(data), hashedOn: 'token' };
    if (signMechanisms.has(CKM_ECDSA)) {
      return { mechanism: CKM_ECDSA, input: createHash('sha256').update(data).digest(), hashedOn: 'app' };
    }
    return null;
  },
  spki(publicValue) {
    const der = Buffer.concat([P256_SPKI_PREFIX, p256Point(publicValue)]);
    // OpenSSL refuses a point that is not on the curve: a token cannot hand us a key nobody could verify against.
    createPublicKey({ key: der, format: 'der', type: 'spki' });
    return der;
  },
};

/** Preference order: the first suite with a fitting key and mechanism on the token is used. */
export const SUITES: readonly SigningSuite[] = [ECDSA_P256];

/** The mechanisms of all suites, so the adapter asks C_GetMechanismInfo only about those. */
export const SUITE_MECHANISMS: readonly number[] = [CKM_ECDSA_SHA256, CKM_ECDSA];
