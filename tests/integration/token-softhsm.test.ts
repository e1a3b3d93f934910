import { createPublicKey, diffieHellman, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pkcs11TokenProvider } from '../../native/token/pkcs11-provider';
import { TokenError, type TokenErrorCode } from '../../native/token/token-error';
import { createSoftHsmStore, SOFTHSM_LIBRARY, type SoftHsmStore } from '../support/softhsm';

// The GEK member's token layer against a real PKCS#11 token: SoftHSM2 with a private token store for this run
// (tests/support/softhsm.ts). No SoftHSM → the suite fails with how to install it; it is never skipped.
//
// What SoftHSM 2.6.1 does, seen here and asserted below so that a change is noticed:
// - a wrong PIN answers CKR_PIN_INCORRECT and sets CKF_USER_PIN_COUNT_LOW; it never sets CKF_USER_PIN_FINAL_TRY and
//   never locks (no CKR_PIN_LOCKED however many wrong PINs), so "locked" cannot be produced on SoftHSM: that state is
//   covered by the mapping of CKR_PIN_LOCKED / CKF_USER_PIN_LOCKED and by the simulated token (tests/unit/token.test.ts);
// - a token deleted with softhsm2-util while a session is open: the slot stays listed, C_GetTokenInfo answers
//   CKR_GENERAL_ERROR and C_SignInit CKR_OBJECT_HANDLE_INVALID — the layer's presence check turns that into REMOVED;
// - there is no CKM_ECDSA_SHA256, so the message is hashed in Node and signed with raw CKM_ECDSA.

const PIN = '246810';
const SO_PIN = '13579111';

async function refusal(p: Promise<unknown>): Promise<TokenError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TokenError) return e;
    throw new Error(`expected a TokenError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a refusal, the call succeeded');
}

async function expectCode(p: Promise<unknown>, code: TokenErrorCode): Promise<TokenError> {
  const e = await refusal(p);
  expect(e.code, `${e.code} (${e.detail})`).toBe(code);
  expect(e.message).toMatch(/[а-яё]/i);
  return e;
}

describe('GEK member token on SoftHSM2 (PKCS#11 through pkcs11js on a worker thread)', () => {
  let store: SoftHsmStore;
  let gekSerial: string;
  let pinSerial: string;
  let goneSerial: string;
  const providers: Pkcs11TokenProvider[] = [];
  const provider = (options: ConstructorParameters<typeof Pkcs11TokenProvider>[0] = { libraryPath: SOFTHSM_LIBRARY }) => {
    const p = new Pkcs11TokenProvider(options);
    providers.push(p);
    return p;
  };

  beforeAll(() => {
    store = createSoftHsmStore();
    gekSerial = store.initToken('gek', PIN, SO_PIN);
    store.generateP256('gek', PIN);
    pinSerial = store.initToken('pin-tries', PIN, SO_PIN);
    store.generateP256('pin-tries', PIN);
    goneSerial = store.initToken('gone', PIN, SO_PIN);
    store.generateP256('gone', PIN);
    store.initTokenWithoutUserPin('no-user-pin', SO_PIN);
  });

  afterAll(async () => {
    for (const p of providers) await p.close();
    store?.dispose();
  });

  it('lists the tokens with label, serial, model and flags', async () => {
    const tokens = await provider().list();
    const gek = tokens.find((t) => t.serial === gekSerial);
    expect(gek).toMatchObject({
      label: 'gek',
      model: 'SoftHSM v2',
      manufacturer: 'SoftHSM project',
      simulated: false,
      removable: false,
      flags: { tokenInitialized: true, loginRequired: true, userPinInitialized: true, userPinLocked: false },
    });
    expect(gek?.slotId).toMatch(/^[0-9a-f]+$/);
    expect(tokens.map((t) => t.label)).toEqual(expect.arrayContaining(['gek', 'pin-tries', 'gone', 'no-user-pin']));
    // SoftHSM always offers one more blank token in a free slot: listed, and marked as not initialised.
    expect(tokens.filter((t) => !t.flags.tokenInitialized).map((t) => t.label)).toEqual(['']);
  });

  it('signs after login; node:crypto verifies against the public key read from the token', async () => {
    const token = await provider().open(gekSerial);
    await token.login(PIN);
    expect(await token.algorithms()).toEqual(['ECDSA-P256-SHA256']);
    const pub = await token.publicKey();
    expect(pub).toMatchObject({ algorithm: 'ECDSA-P256-SHA256', keyId: '01', label: 'gek-key' });
    expect(pub.spkiPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const key = createPublicKey({ key: pub.spkiDer, format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPublicKey(pub.spkiPem).equals(key)).toBe(true);

    const message = Buffer.from('Заявка на ключ: ППЭ 0001, 2026-06-01');
    const signed = await token.sign(message);
    // SoftHSM has no CKM_ECDSA_SHA256: the suite chose raw CKM_ECDSA over a SHA-256 computed in the app.
    expect(signed).toMatchObject({ algorithm: 'ECDSA-P256-SHA256', format: 'raw-r-s', keyId: '01', hashedOn: 'app' });
    expect(signed.signature).toHaveLength(64);
    expect(verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signed.signature)).toBe(true);
    expect(verify('sha256', Buffer.from('Заявка на ключ: ППЭ 0002, 2026-06-01'), { key, dsaEncoding: 'ieee-p1363' }, signed.signature)).toBe(false);
    // SoftHSM keeps no certificate for the key.
    expect(await token.certificate()).toBeNull();
    await token.logout();
    await expectCode(token.sign(message), 'NOT_LOGGED_IN');
    await token.close();
  });

  it('a logout in another session of the token invalidates the cached key: sign and derive look it up again', async () => {
    // PKCS#11 logs out every session of the application on a token; SoftHSM then drops the private key's handle, so
    // session A's cached handle answers CKR_OBJECT_HANDLE_INVALID. B logs in again: A is logged in, with a new handle.
    const p = provider();
    const a = await p.open(gekSerial);
    const b = await p.open(gekSerial);
    await a.login(PIN);
    await b.login(PIN);
    const key = createPublicKey({ key: (await a.publicKey()).spkiDer, format: 'der', type: 'spki' });
    const peer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const peerSpki = Buffer.from(peer.publicKey.export({ format: 'der', type: 'spki' }));
    const z = diffieHellman({ privateKey: peer.privateKey, publicKey: key });
    const before = Buffer.from('до выхода сеанса Б');
    expect(verify('sha256', before, { key, dsaEncoding: 'ieee-p1363' }, (await a.sign(before)).signature)).toBe(true);
    expect((await a.deriveSharedSecret(peerSpki)).equals(z)).toBe(true);

    // B logs out: A is logged out too, and says so (not FAILED for the dead handle, not NO_MECHANISM).
    await b.logout();
    await expectCode(a.sign(Buffer.from('после выхода')), 'NOT_LOGGED_IN');
    await expectCode(a.deriveSharedSecret(peerSpki), 'NOT_LOGGED_IN');

    // A signs with a cached handle, B logs out and in again: A, never told, signs and derives with the key found anew.
    await a.login(PIN);
    expect((await a.sign(before)).signature).toHaveLength(64);
    await b.logout();
    await b.login(PIN);
    const after = Buffer.from('после нового входа сеанса Б');
    expect(verify('sha256', after, { key, dsaEncoding: 'ieee-p1363' }, (await a.sign(after)).signature)).toBe(true);
    expect((await a.deriveSharedSecret(peerSpki)).equals(z)).toBe(true);
    await a.close();
    await b.close();
  });

  it('refuses to sign before login with NOT_LOGGED_IN', async () => {
    const token = await provider().open(gekSerial);
    await expectCode(token.sign(Buffer.from('x')), 'NOT_LOGGED_IN');
    await token.close();
  });

  it('a wrong PIN is refused with what the token says of the tries left; SoftHSM counts but never locks', async () => {
    const token = await provider().open(pinSerial);
    expect(token.info.flags.userPinCountLow).toBe(false);
    const first = await expectCode(token.login('000000'), 'PIN_INCORRECT');
    expect(first.detail).toBe('CKR_PIN_INCORRECT');
    // After the refusal SoftHSM sets CKF_USER_PIN_COUNT_LOW: "few tries left", said in the message too.
    expect(first.pinTriesLeft).toBe('few');
    expect(first.message).toMatch(/попыт/);
    // Twelve more wrong PINs: still PIN_INCORRECT, never FINAL_TRY or PIN_LOCKED on SoftHSM.
    for (let i = 0; i < 12; i++) {
      const e = await expectCode(token.login(`11111${i % 10}`), 'PIN_INCORRECT');
      expect(e.pinTriesLeft).toBe('few');
    }
    const listed = (await provider().list()).find((t) => t.serial === pinSerial);
    expect(listed?.flags).toMatchObject({ userPinCountLow: true, userPinFinalTry: false, userPinLocked: false });
    // The right PIN still works and clears the flag.
    await token.login(PIN);
    const after = (await provider().list()).find((t) => t.serial === pinSerial);
    expect(after?.flags.userPinCountLow).toBe(false);
    expect((await token.sign(Buffer.from('ok'))).signature).toHaveLength(64);
    await token.close();
  });

  it('a token whose user PIN was never set answers PIN_NOT_SET', async () => {
    const p = provider();
    const t = (await p.list()).find((x) => x.label === 'no-user-pin');
    expect(t?.flags.userPinInitialized).toBe(false);
    const token = await p.open(t?.serial ?? '');
    await expectCode(token.login(PIN), 'PIN_NOT_SET');
    await token.close();
  });

  it('a token removed mid-operation becomes REMOVED, then NO_TOKEN; the provider keeps working', async () => {
    const p = provider();
    const token = await p.open(goneSerial);
    await token.login(PIN);
    await token.publicKey();
    store.deleteToken('gone');
    await expectCode(token.sign(Buffer.from('после извлечения')), 'REMOVED');
    await expectCode(token.publicKey(), 'REMOVED');
    await token.close();
    expect((await p.list()).map((t) => t.serial)).not.toContain(goneSerial);
    await expectCode(p.open(goneSerial), 'NO_TOKEN');
    // Another token on the same library still signs.
    const other = await p.open(gekSerial);
    await other.login(PIN);
    expect((await other.sign(Buffer.from('ещё работает'))).signature).toHaveLength(64);
    await other.close();
  });

  it('a missing library, a file that is not a library and a library that is not PKCS#11 are typed states', async () => {
    const missing = join(store.dir, 'librtpkcs11ecp.so');
    await expectCode(provider({ libraryPath: missing }).list(), 'LIBRARY_MISSING');
    const notElf = join(store.dir, 'jcPKCS11-2.so');
    writeFileSync(notElf, 'not a shared object');
    await expectCode(provider({ libraryPath: notElf }).list(), 'LIBRARY_INVALID');
    const libz = ['/usr/lib/x86_64-linux-gnu/libz.so.1', '/usr/lib/aarch64-linux-gnu/libz.so.1', '/lib/libz.so.1'].find(existsSync);
    if (libz === undefined) throw new Error('no libz.so.1 on this machine to stand for a non-PKCS#11 library');
    const e = await expectCode(provider({ libraryPath: libz }).list(), 'LIBRARY_INVALID');
    expect(e.detail).toMatch(/C_GetFunctionList/);
    // No setting and no known token library on this platform.
    await expectCode(provider({ libraryPath: null, platform: 'aix' }).list(), 'LIBRARY_MISSING');
    await expectCode(provider({ libraryPath: null, platform: 'aix' }).open(gekSerial), 'LIBRARY_MISSING');
  });

  it('an unknown serial is NO_TOKEN', async () => {
    await expectCode(provider().open('0000000000000000'), 'NO_TOKEN');
  });
});
