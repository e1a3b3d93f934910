import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { resolveTokenLibrary } from './module-paths';
import * as C from './pkcs11-constants';
import { Pkcs11Host, DEFAULT_TOKEN_TIMEOUT_MS } from './pkcs11-host';
import { SUITES, SUITE_MECHANISMS, type SigningSuite } from './signing-suites';
import type { SignatureAlgorithm, Token, TokenInfo, TokenProvider, TokenPublicKey, TokenSignature } from './token';
import { ckrOf, toTokenError, TokenError, type PinTriesLeft } from './token-error';

// The PKCS#11 adapter: any token whose vendor ships a PKCS#11 library (Rutoken, JaCarta, SoftHSM2 in tests). Every
// library call goes through Pkcs11Host (a worker thread, each call bounded). What a token answers is treated as
// outside input: strings are trimmed and length-capped, a public key must be a valid point, a certificate must parse.

export interface Pkcs11ProviderOptions {
  /** The library path from the settings; if unset, the known Rutoken/JaCarta locations are tried (module-paths.ts). */
  libraryPath?: string | null;
  platform?: NodeJS.Platform;
  /** The bound on each library call. */
  timeoutMs?: number;
}

type Handle = Buffer;
interface RawTokenInfo { label: string; manufacturerID: string; model: string; serialNumber: string; flags: number }
interface RawSlotInfo { slotDescription: string; flags: number }
interface Attribute { type: number; value?: Buffer | number | boolean | string }
interface ReadAttribute { type: number; value?: Buffer }

// PKCS#11 strings are fixed-width, blank-padded; some libraries pad with NULs. Capped: a token is outside input.
const text = (s: unknown): string => (typeof s === 'string' ? s.replace(/[\u0000-\u001f]/g, '').trim().slice(0, 64) : '');
const slotHex = (slot: Handle): string => (slot.length === 8 ? slot.readBigUInt64LE(0).toString(16) : slot.toString('hex'));

function tokenInfoOf(slot: Handle, s: RawSlotInfo, t: RawTokenInfo): TokenInfo {
  const f = Number(t.flags);
  const has = (bit: number) => (f & bit) !== 0;
  return {
    slotId: slotHex(slot),
    slotDescription: text(s.slotDescription),
    removable: (Number(s.flags) & C.CKF_REMOVABLE_DEVICE) !== 0,
    label: text(t.label),
    serial: text(t.serialNumber),
    model: text(t.model),
    manufacturer: text(t.manufacturerID),
    flags: {
      loginRequired: has(C.CKF_LOGIN_REQUIRED),
      tokenInitialized: has(C.CKF_TOKEN_INITIALIZED),
      userPinInitialized: has(C.CKF_USER_PIN_INITIALIZED),
      userPinCountLow: has(C.CKF_USER_PIN_COUNT_LOW),
      userPinFinalTry: has(C.CKF_USER_PIN_FINAL_TRY),
      userPinLocked: has(C.CKF_USER_PIN_LOCKED),
      protectedAuthPath: has(C.CKF_PROTECTED_AUTHENTICATION_PATH),
      writeProtected: has(C.CKF_WRITE_PROTECTED),
    },
    simulated: false,
  };
}

/** CKD_NULL on P-256 gives the x-coordinate of the shared point: 32 bytes. */
const SHARED_SECRET_BYTES = 32;

/**
 * The uncompressed point (04 ‖ X ‖ Y, 65 bytes) of a P-256 public key given as SPKI DER, which is what
 * CK_ECDH1_DERIVE_PARAMS.pPublicData takes. Anything else — another curve, not a key, a point off the curve (node
 * refuses those when it imports the key) — is refused here, before the token is involved.
 */
function p256Point(spkiDer: Buffer): Buffer {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  } catch (e) {
    throw new TokenError('FAILED', 'peer key is not a public key', null, { cause: e });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TokenError('FAILED', 'peer key is not P-256');
  }
  const jwk = key.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  if (x.length !== 32 || y.length !== 32) throw new TokenError('FAILED', 'peer key is not P-256');
  return Buffer.concat([Buffer.from([0x04]), x, y]);
}

function triesLeftOf(info: TokenInfo): PinTriesLeft {
  if (info.flags.userPinFinalTry) return 'last';
  if (info.flags.userPinCountLow) return 'few';
  return 'unknown';
}

export class Pkcs11TokenProvider implements TokenProvider {
  readonly kind = 'pkcs11' as const;
  private host: Pkcs11Host | null = null;

  constructor(private readonly options: Pkcs11ProviderOptions = {}) {}

  /** The library this provider loads, or null if none is set and none of the known ones is installed. */
  get libraryPath(): string | null {
    return resolveTokenLibrary(this.options.libraryPath, this.options.platform);
  }

  async list(): Promise<TokenInfo[]> {
    return (await listSlots(this.hostOrThrow())).map((e) => e.info);
  }

  async open(serial: string): Promise<Token> {
    const host = this.hostOrThrow();
    const entry = (await listSlots(host)).find((e) => e.info.serial === serial);
    if (entry === undefined) throw new TokenError('NO_TOKEN', serial);
    try {
      // A read-only session is enough to log in and sign; nothing is ever written to the GEK member's token.
      const session = await host.call<Handle>('C_OpenSession', entry.slot, C.CKF_SERIAL_SESSION);
      return new Pkcs11Token(host, host.generation, entry.slot, session, entry.info);
    } catch (e) {
      throw toTokenError(e);
    }
  }

  async close(): Promise<void> {
    const host = this.host;
    this.host = null;
    await host?.dispose();
  }

  private hostOrThrow(): Pkcs11Host {
    const path = this.libraryPath;
    if (path === null) throw new TokenError('LIBRARY_MISSING', 'no known token library installed');
    if (this.host === null || this.host.libraryPath !== path) {
      void this.host?.dispose();
      this.host = new Pkcs11Host(path, this.options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS);
    }
    return this.host;
  }
}

/** Every slot with a token that answers; a token pulled between C_GetSlotList and C_GetTokenInfo is just not listed. */
async function listSlots(host: Pkcs11Host): Promise<Array<{ slot: Handle; info: TokenInfo }>> {
  let slots: Handle[];
  try {
    slots = await host.call<Handle[]>('C_GetSlotList', true);
  } catch (e) {
    throw toTokenError(e);
  }
  const out: Array<{ slot: Handle; info: TokenInfo }> = [];
  for (const slot of slots) {
    try {
      const s = await host.call<RawSlotInfo>('C_GetSlotInfo', slot);
      const t = await host.call<RawTokenInfo>('C_GetTokenInfo', slot);
      out.push({ slot, info: tokenInfoOf(slot, s, t) });
    } catch (e) {
      if (e instanceof TokenError && e.code === 'TIMEOUT') throw e;
      // A slot whose token cannot be read is left out (SoftHSM answers CKR_GENERAL_ERROR for a deleted token).
    }
  }
  return out;
}

interface SigningKey {
  handle: Handle;
  id: Buffer;
  label: string;
  suite: SigningSuite;
}

/** What a token answers for a handle that is no longer valid (after a logout, private objects' handles die). */
const STALE_HANDLE_CKR = new Set(['CKR_OBJECT_HANDLE_INVALID', 'CKR_KEY_HANDLE_INVALID']);

/**
 * Thrown inside an operation at a point where a dead key handle is safe to retry from (nothing was signed or derived):
 * `withKey` then looks the key up once more. `original` is what the caller sees if it is not retried.
 */
class StaleKey extends Error {
  constructor(readonly original: unknown) {
    super('stale key handle');
  }
}

/** A StaleKey if `e` is the token saying a handle is dead, else `e` itself. */
const staleOr = (e: unknown): unknown => (STALE_HANDLE_CKR.has(ckrOf(e) ?? '') ? new StaleKey(e) : e);

class Pkcs11Token implements Token {
  private key: SigningKey | null = null;
  private signMechanisms: Set<number> | null = null;
  private deriveMechanism: boolean | null = null;

  constructor(
    private readonly host: Pkcs11Host,
    private readonly generation: number,
    private readonly slot: Handle,
    private readonly session: Handle,
    readonly info: TokenInfo,
  ) {}

  async login(pin: string): Promise<void> {
    // Private objects' handles die with a logout, and a logout in any session of this application (another Token on
    // the same token) logs every session out: the key is looked up afresh after each login.
    this.key = null;
    await this.guard(async () => {
      const before = await this.freshInfo();
      if (before.flags.userPinLocked) throw new TokenError('PIN_LOCKED', 'CKF_USER_PIN_LOCKED');
      try {
        await this.call('C_Login', this.session, C.CKU_USER, pin);
      } catch (e) {
        const ckr = ckrOf(e);
        if (ckr === 'CKR_USER_ALREADY_LOGGED_IN') return;
        if (ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_INVALID' || ckr === 'CKR_PIN_LEN_RANGE') {
          // The token updates its flags with the refusal: they say whether the next wrong PIN is the last one.
          const after = await this.freshInfo();
          if (after.flags.userPinLocked) throw new TokenError('PIN_LOCKED', ckr, null, { cause: e });
          throw toTokenError(e, triesLeftOf(after));
        }
        throw e;
      }
    });
  }

  async algorithms(): Promise<SignatureAlgorithm[]> {
    return this.guard(async () => {
      const mechs = await this.mechanisms();
      const probe = Buffer.alloc(0);
      return SUITES.filter((s) => s.plan(mechs, probe) !== null).map((s) => s.algorithm);
    });
  }

  async publicKey(): Promise<TokenPublicKey> {
    return this.guard(async () => {
      const key = await this.signingKey();
      const [pub] = await this.find([
        { type: C.CKA_CLASS, value: C.CKO_PUBLIC_KEY },
        { type: C.CKA_ID, value: key.id },
      ]);
      let spkiDer: Buffer;
      if (pub !== undefined) {
        const value = await this.attribute(pub, C.CKA_EC_POINT);
        if (value === null) throw new TokenError('NO_KEY', 'public key without CKA_EC_POINT');
        try {
          spkiDer = key.suite.spki(value);
        } catch (e) {
          throw new TokenError('NO_KEY', e instanceof Error ? e.message : 'bad public key', null, { cause: e });
        }
      } else {
        const cert = await this.certificate();
        if (cert === null) throw new TokenError('NO_KEY', 'no public key or certificate for the signing key');
        spkiDer = Buffer.from(new X509Certificate(cert).publicKey.export({ format: 'der', type: 'spki' }));
      }
      const b64 = spkiDer.toString('base64').replace(/.{1,64}/g, '$&\n');
      return {
        algorithm: key.suite.algorithm,
        spkiDer,
        spkiPem: `-----BEGIN PUBLIC KEY-----\n${b64}-----END PUBLIC KEY-----\n`,
        keyId: key.id.toString('hex'),
        label: key.label,
      };
    });
  }

  async certificate(): Promise<Buffer | null> {
    return this.guard(async () => {
      const key = await this.signingKey();
      const [cert] = await this.find([
        { type: C.CKA_CLASS, value: C.CKO_CERTIFICATE },
        { type: C.CKA_ID, value: key.id },
      ]);
      if (cert === undefined) return null;
      const der = await this.attribute(cert, C.CKA_VALUE);
      if (der === null) return null;
      try {
        new X509Certificate(der);
      } catch {
        return null; // Not a certificate we can read: as good as none; the public key object still serves.
      }
      return der;
    });
  }

  async sign(data: Uint8Array): Promise<TokenSignature> {
    return this.guard(() => this.withKey(async (key) => {
      const plan = key.suite.plan(await this.mechanisms(), data);
      if (plan === null) throw new TokenError('NO_MECHANISM', key.suite.algorithm);
      // Only a refused C_SignInit is retried with the key found anew: the data has not reached the token yet. A failed
      // C_Sign is not retried (its data was handed over), so one call never signs twice.
      await this.call('C_SignInit', this.session, { mechanism: plan.mechanism }, key.handle).catch((e: unknown) => {
        throw staleOr(e);
      });
      const signature = await this.call<Buffer>('C_Sign', this.session, plan.input, Buffer.alloc(key.suite.signatureLength));
      if (signature.length !== key.suite.signatureLength) {
        throw new TokenError('FAILED', `signature of ${signature.length} bytes`);
      }
      return {
        algorithm: key.suite.algorithm,
        format: 'raw-r-s',
        signature,
        keyId: key.id.toString('hex'),
        hashedOn: plan.hashedOn,
      };
    }));
  }

  /**
   * CKM_ECDH1_DERIVE with CKD_NULL on the signing key pair's private key (the one with the signing key's CKA_ID and
   * CKA_DERIVE): the token derives a session secret key holding the shared x-coordinate, we read its CKA_VALUE and
   * destroy it at once. The secret is made non-sensitive and extractable only so it can be read: it is a session
   * object (CKA_TOKEN false), gone at the latest when the session closes, and never written to the token. The private
   * key itself never leaves the token.
   */
  async deriveSharedSecret(peerSpkiDer: Buffer): Promise<Buffer> {
    // The peer's key is checked before the token is asked: only a P-256 point is ever handed to the library.
    const peerPoint = p256Point(peerSpkiDer);
    return this.guard(() => this.withKey(async (key, cached) => {
      if (key.suite.algorithm !== 'ECDSA-P256-SHA256') throw new TokenError('NO_MECHANISM', `no ECDH for ${key.suite.algorithm}`);
      if (!(await this.canDerive())) throw new TokenError('NO_MECHANISM', 'token lacks CKM_ECDH1_DERIVE');
      const [base] = await this.find([
        { type: C.CKA_CLASS, value: C.CKO_PRIVATE_KEY },
        { type: C.CKA_ID, value: key.id },
        { type: C.CKA_DERIVE, value: true },
      ]);
      if (base === undefined) {
        const refusal = new TokenError('NO_MECHANISM', 'the key pair has no CKA_DERIVE');
        // With a cached key, finding nothing is what a session logged out by another session looks like: look again
        // (the lookup then says NOT_LOGGED_IN).
        throw cached ? new StaleKey(refusal) : refusal;
      }
      let secretHandle: Handle;
      try {
        secretHandle = await this.call<Handle>(
          'C_DeriveKey',
          this.session,
          // A plain object with a Buffer: it crosses to the worker by structured clone (Buffer arrives as Uint8Array
          // and the worker turns it back into a Buffer, which pkcs11js requires for publicData).
          { mechanism: C.CKM_ECDH1_DERIVE, parameter: { type: C.CK_PARAMS_EC_DH, kdf: C.CKD_NULL, publicData: peerPoint } },
          base,
          [
            { type: C.CKA_CLASS, value: C.CKO_SECRET_KEY },
            { type: C.CKA_KEY_TYPE, value: C.CKK_GENERIC_SECRET },
            { type: C.CKA_TOKEN, value: false },
            { type: C.CKA_SENSITIVE, value: false },
            { type: C.CKA_EXTRACTABLE, value: true },
            { type: C.CKA_VALUE_LEN, value: SHARED_SECRET_BYTES },
          ],
        );
      } catch (e) {
        const ckr = ckrOf(e);
        // The key refuses to derive, or the token refuses the mechanism for it: both mean "this token cannot".
        if (ckr === 'CKR_KEY_FUNCTION_NOT_PERMITTED' || ckr === 'CKR_KEY_TYPE_INCONSISTENT' || ckr === 'CKR_MECHANISM_PARAM_INVALID') {
          throw new TokenError('NO_MECHANISM', ckr, null, { cause: e });
        }
        // A refused derivation made nothing: safe to do again with the key found anew.
        throw staleOr(e);
      }
      try {
        const value = await this.attribute(secretHandle, C.CKA_VALUE);
        if (value === null || value.length !== SHARED_SECRET_BYTES) {
          value?.fill(0);
          throw new TokenError('FAILED', `derived secret of ${value?.length ?? 0} bytes`);
        }
        return value;
      } finally {
        await this.call('C_DestroyObject', this.session, secretHandle).catch(() => undefined);
      }
    }));
  }

  async logout(): Promise<void> {
    await this.guard(async () => {
      try {
        await this.call('C_Logout', this.session);
      } catch (e) {
        if (ckrOf(e) !== 'CKR_USER_NOT_LOGGED_IN') throw e;
      }
      this.key = null;
    });
  }

  async close(): Promise<void> {
    try {
      await this.call('C_CloseSession', this.session);
    } catch {
      // Closing a session of a pulled token fails; there is nothing left to close.
    }
  }

  /** The token's mechanisms that can sign, among those some suite uses (C_GetMechanismList + C_GetMechanismInfo). */
  private async mechanisms(): Promise<Set<number>> {
    if (this.signMechanisms !== null) return this.signMechanisms;
    const listed = new Set(await this.call<number[]>('C_GetMechanismList', this.slot));
    const usable = new Set<number>();
    for (const m of SUITE_MECHANISMS) {
      if (!listed.has(m)) continue;
      const info = await this.call<{ flags: number }>('C_GetMechanismInfo', this.slot, m);
      if ((Number(info.flags) & C.CKF_SIGN) !== 0) usable.add(m);
    }
    this.signMechanisms = usable;
    return usable;
  }

  /** Whether the token lists CKM_ECDH1_DERIVE with CKF_DERIVE (C_GetMechanismList + C_GetMechanismInfo). */
  private async canDerive(): Promise<boolean> {
    if (this.deriveMechanism !== null) return this.deriveMechanism;
    const listed = await this.call<number[]>('C_GetMechanismList', this.slot);
    let usable = false;
    if (listed.map(Number).includes(C.CKM_ECDH1_DERIVE)) {
      const info = await this.call<{ flags: number }>('C_GetMechanismInfo', this.slot, C.CKM_ECDH1_DERIVE);
      usable = (Number(info.flags) & C.CKF_DERIVE) !== 0;
    }
    this.deriveMechanism = usable;
    return usable;
  }

  /**
   * Runs `work` with the signing key. The key's handle is cached, but a logout in any session of this application on
   * the token (another Token, another window) logs every session out and kills private objects' handles — even when
   * that session logs in again at once. So if the key came from the cache and `work` throws StaleKey, the cache is
   * dropped and `work` runs once more with the key looked up again (NOT_LOGGED_IN if nobody is logged in now). Nothing
   * else is retried, and never more than once.
   */
  private async withKey<T>(work: (key: SigningKey, cached: boolean) => Promise<T>): Promise<T> {
    const cached = this.key !== null;
    const unwrap = (e: unknown): unknown => (e instanceof StaleKey ? e.original : e);
    try {
      return await work(await this.signingKey(), cached);
    } catch (e) {
      if (!(e instanceof StaleKey) || !cached) throw unwrap(e);
      this.key = null;
    }
    try {
      return await work(await this.signingKey(), false);
    } catch (e) {
      throw unwrap(e);
    }
  }

  /** The first private signing key that some suite fits and the token has a mechanism for. Needs login. */
  private async signingKey(): Promise<SigningKey> {
    if (this.key !== null) return this.key;
    const mechs = await this.mechanisms();
    const probe = Buffer.alloc(0);
    const keys = await this.find([
      { type: C.CKA_CLASS, value: C.CKO_PRIVATE_KEY },
      { type: C.CKA_SIGN, value: true },
    ]);
    if (keys.length === 0) {
      const info = await this.freshInfo();
      if (info.flags.loginRequired) {
        // Private keys are invisible before login; tell that apart from a token without a key.
        // CKS_RO_PUBLIC_SESSION (0) and CKS_RW_PUBLIC_SESSION (2): nobody is logged in on this session.
        const { state } = await this.call<{ state: number }>('C_GetSessionInfo', this.session);
        if (Number(state) === 0 || Number(state) === 2) throw new TokenError('NOT_LOGGED_IN');
      }
      throw new TokenError('NO_KEY', 'no private key with CKA_SIGN');
    }
    let sawKey = false;
    for (const handle of keys) {
      const keyType = await this.attribute(handle, C.CKA_KEY_TYPE);
      if (keyType === null) continue;
      const params = await this.attribute(handle, C.CKA_EC_PARAMS);
      const facts = { keyType: Number(keyType.readUIntLE(0, Math.min(6, keyType.length))), params };
      for (const suite of SUITES) {
        if (!suite.fitsKey(facts)) continue;
        sawKey = true;
        if (suite.plan(mechs, probe) === null) continue;
        const id = (await this.attribute(handle, C.CKA_ID)) ?? Buffer.alloc(0);
        const label = text((await this.attribute(handle, C.CKA_LABEL))?.toString('utf8'));
        this.key = { handle, id, label, suite };
        return this.key;
      }
    }
    throw sawKey ? new TokenError('NO_MECHANISM', 'key present, no signing mechanism for it') : new TokenError('NO_KEY', 'no key of a known algorithm');
  }

  private async find(template: Attribute[]): Promise<Handle[]> {
    await this.call('C_FindObjectsInit', this.session, template);
    try {
      return await this.call<Handle[]>('C_FindObjects', this.session, 16);
    } finally {
      await this.call('C_FindObjectsFinal', this.session).catch(() => undefined);
    }
  }

  /** One attribute's bytes, or null if the object does not have it (CKR_ATTRIBUTE_TYPE_INVALID and the like). */
  private async attribute(handle: Handle, type: number): Promise<Buffer | null> {
    try {
      const [a] = await this.call<ReadAttribute[]>('C_GetAttributeValue', this.session, handle, [{ type }]);
      return a?.value ?? null;
    } catch (e) {
      const ckr = ckrOf(e);
      if (ckr === 'CKR_ATTRIBUTE_TYPE_INVALID' || ckr === 'CKR_ATTRIBUTE_SENSITIVE') return null;
      throw e;
    }
  }

  private async freshInfo(): Promise<TokenInfo> {
    const s = await this.call<RawSlotInfo>('C_GetSlotInfo', this.slot);
    const t = await this.call<RawTokenInfo>('C_GetTokenInfo', this.slot);
    return tokenInfoOf(this.slot, s, t);
  }

  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    // A session from before a worker restart (after a timeout) belongs to a library instance that no longer answers.
    if (this.host.generation !== this.generation) return Promise.reject(new TokenError('TIMEOUT', 'worker restarted'));
    return this.host.call<T>(method, ...args);
  }

  /**
   * Runs one operation and turns whatever fails into a TokenError. A failure that is not a typed state by itself
   * (CKR_OBJECT_HANDLE_INVALID, CKR_GENERAL_ERROR...) is checked against the token's presence: if the token with this
   * serial is no longer listed, the state is REMOVED — that is what a pulled token looks like on libraries that do not
   * answer CKR_DEVICE_REMOVED.
   */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      const error = toTokenError(e);
      if (error.code !== 'FAILED' && error.code !== 'NO_KEY') throw error;
      if (!(await this.stillPresent())) throw new TokenError('REMOVED', error.detail, null, { cause: e });
      throw error;
    }
  }

  private async stillPresent(): Promise<boolean> {
    try {
      return (await listSlots(this.host)).some((e) => e.info.serial === this.info.serial);
    } catch {
      return false;
    }
  }
}
