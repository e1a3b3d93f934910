// The GEK member's hardware token (токен члена ГЭК): it signs the key request on exam morning, activates the key on
// room stations, signs acts and handovers. This file is the interface only; the PKCS#11 adapter
// (pkcs11-provider.ts) and the simulated token for demo and training (simulated-token.ts) live next to it.
//
// Callers never name a PKCS#11 mechanism: the token says what it can do (C_GetMechanismList/C_GetMechanismInfo) and
// the adapter picks a signing suite (signing-suites.ts). `sign()` returns the algorithm it used with the signature,
// so a GOST R 34.10-2012 suite can replace ECDSA P-256 without any caller changing.

export type SignatureAlgorithm = 'ECDSA-P256-SHA256' | 'GOST3410-2012-256';

/**
 * How a signature's bytes are laid out. Both algorithms give the raw pair r||s (64 bytes for P-256, in PKCS#11's
 * order); for ECDSA that is what node:crypto calls `dsaEncoding: 'ieee-p1363'`. GOST's 64 bytes are s||r per
 * RFC 4491 as the token returns them; no DER re-encoding is done here.
 */
export type SignatureFormat = 'raw-r-s';

export interface TokenFlags {
  /** The person must log in with the PIN before signing. */
  loginRequired: boolean;
  /** False for a blank token in a free slot (SoftHSM always offers one): not a GEK member's token. */
  tokenInitialized: boolean;
  userPinInitialized: boolean;
  /** A wrong PIN was entered since the last correct one (CKF_USER_PIN_COUNT_LOW). */
  userPinCountLow: boolean;
  /** One more wrong PIN locks the token (CKF_USER_PIN_FINAL_TRY). */
  userPinFinalTry: boolean;
  userPinLocked: boolean;
  /** A PIN pad on the reader: the PIN is typed there, not in the app. */
  protectedAuthPath: boolean;
  writeProtected: boolean;
}

export interface TokenInfo {
  /** The PKCS#11 slot id as hex. It changes between runs on some libraries (SoftHSM): identify a token by `serial`. */
  slotId: string;
  slotDescription: string;
  /** The slot is a removable reader (a USB token), not a software or fixed slot. */
  removable: boolean;
  label: string;
  serial: string;
  model: string;
  manufacturer: string;
  flags: TokenFlags;
  /** A software key standing in for a token in demo and training mode. Never true for a PKCS#11 token. */
  simulated: boolean;
}

export interface TokenPublicKey {
  algorithm: SignatureAlgorithm;
  /** SubjectPublicKeyInfo, DER; for ECDSA node:crypto reads it with `createPublicKey({ format: 'der', type: 'spki' })`. */
  spkiDer: Buffer;
  spkiPem: string;
  /** CKA_ID of the key pair as hex, which links the private key, public key and certificate on the token. */
  keyId: string;
  label: string;
}

export interface TokenSignature {
  algorithm: SignatureAlgorithm;
  format: SignatureFormat;
  signature: Buffer;
  keyId: string;
  /** Where the message was hashed: on the token (e.g. CKM_ECDSA_SHA256) or in the app before a raw-sign mechanism. */
  hashedOn: 'token' | 'app';
}

export interface Token {
  readonly info: TokenInfo;
  /**
   * Logs in with the user PIN. Refusals are TokenError: PIN_INCORRECT (with `pinTriesLeft` from the token's flags),
   * PIN_LOCKED, PIN_NOT_SET, REMOVED. Logging in twice is not an error.
   */
  login(pin: string): Promise<void>;
  /** The algorithms this token can sign with, best first (what `sign` would use is the first). */
  algorithms(): Promise<SignatureAlgorithm[]>;
  /** The signing key's public key. Needs login on tokens that keep public objects private. */
  publicKey(): Promise<TokenPublicKey>;
  /** The certificate (DER) that goes with the signing key, if the token holds one. */
  certificate(): Promise<Buffer | null>;
  /** Signs `data` (the whole message; hashing is the suite's job, on the token or in Node). Needs login. */
  sign(data: Uint8Array): Promise<TokenSignature>;
  /**
   * ECDH on the token between the signing key pair's private key and a peer's P-256 public key (SPKI DER): the
   * 32-byte shared secret x-coordinate (CKM_ECDH1_DERIVE with CKD_NULL). It unwraps the exam key
   * (main/exam-keys/key-wrap.ts). Needs login; the caller wipes the result after use.
   */
  deriveSharedSecret(peerSpkiDer: Buffer): Promise<Buffer>;
  logout(): Promise<void>;
  close(): Promise<void>;
}

export interface TokenProvider {
  readonly kind: 'pkcs11' | 'simulated';
  /** The tokens present now. A library that is missing or not PKCS#11 rejects with a TokenError. */
  list(): Promise<TokenInfo[]>;
  /** Opens a session with the token of this serial (NO_TOKEN if it is not inserted). */
  open(serial: string): Promise<Token>;
  /** Releases the library. The provider may be used again afterwards (it loads the library anew). */
  close(): Promise<void>;
}

export {
  TokenError,
  toTokenError,
  type PinTriesLeft,
  type TokenErrorCode,
} from './token-error';
