import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { knownTokenLibraries, resolveTokenLibrary } from '../../native/token/module-paths';
import { CKM_ECDSA, CKM_ECDSA_SHA256, CKK_EC, CKK_GOSTR3410, EC_PARAMS_P256 } from '../../native/token/pkcs11-constants';
import { ECDSA_P256, p256Point } from '../../native/token/signing-suites';
import { SimulatedTokenProvider, SIMULATED_MODEL } from '../../native/token/simulated-token';
import { toTokenError, TokenError } from '../../native/token/token-error';

// The parts of the token layer that need no token: the mapping of PKCS#11 return values to typed states (including
// CKR_PIN_LOCKED, which SoftHSM never answers — tests/integration/token-softhsm.test.ts), the library paths, the
// ECDSA suite's choice of mechanism, and the simulated token used in demo and training mode.

const pkcs11Error = (name: string) => Object.assign(new Error(`${name}:0`), { name: 'Pkcs11Error' });

describe('PKCS#11 return values → typed token states', () => {
  it.each([
    ['CKR_PIN_INCORRECT', 'PIN_INCORRECT'],
    ['CKR_PIN_LEN_RANGE', 'PIN_INCORRECT'],
    ['CKR_PIN_LOCKED', 'PIN_LOCKED'],
    ['CKR_USER_PIN_NOT_INITIALIZED', 'PIN_NOT_SET'],
    ['CKR_USER_NOT_LOGGED_IN', 'NOT_LOGGED_IN'],
    ['CKR_DEVICE_REMOVED', 'REMOVED'],
    ['CKR_TOKEN_NOT_PRESENT', 'REMOVED'],
    ['CKR_SESSION_HANDLE_INVALID', 'REMOVED'],
    ['CKR_SLOT_ID_INVALID', 'REMOVED'],
    ['CKR_MECHANISM_INVALID', 'NO_MECHANISM'],
    ['CKR_GENERAL_ERROR', 'FAILED'],
  ])('%s → %s, with a Russian message and the CKR name kept', (ckr, code) => {
    const e = toTokenError(pkcs11Error(ckr));
    expect(e.code).toBe(code);
    expect(e.detail).toBe(ckr);
    expect(e.message).toMatch(/[а-яё]/i);
  });

  it('says the last try when the token sets CKF_USER_PIN_FINAL_TRY', () => {
    const e = toTokenError(pkcs11Error('CKR_PIN_INCORRECT'), 'last');
    expect(e.pinTriesLeft).toBe('last');
    expect(e.message).toMatch(/последняя попытка/);
  });

  it('anything that is not a PKCS#11 error is FAILED, never thrown raw', () => {
    expect(toTokenError(new TypeError('bad handle')).code).toBe('FAILED');
    expect(toTokenError('??').code).toBe('FAILED');
    const typed = new TokenError('TIMEOUT');
    expect(toTokenError(typed)).toBe(typed);
  });
});

describe('token library paths', () => {
  it('an override wins even if the file is missing (a wrong setting is reported, not replaced)', () => {
    expect(resolveTokenLibrary('  /opt/x/libfoo.so ', 'linux', () => false)).toBe('/opt/x/libfoo.so');
  });

  it('otherwise the first known Rutoken or JaCarta library present, per platform', () => {
    const jacarta = '/usr/lib/x86_64-linux-gnu/libjcPKCS11-2.so';
    expect(resolveTokenLibrary(null, 'linux', (p) => p === jacarta)).toBe(jacarta);
    expect(resolveTokenLibrary('', 'win32', (p) => p.endsWith('rtPKCS11ECP.dll'))).toBe('C:\\Windows\\System32\\rtPKCS11ECP.dll');
    expect(resolveTokenLibrary(undefined, 'linux', () => false)).toBeNull();
    expect(knownTokenLibraries('darwin').map((l) => l.vendor)).toEqual(expect.arrayContaining(['Rutoken', 'JaCarta']));
    expect(knownTokenLibraries('aix')).toEqual([]);
  });
});

describe('the ECDSA P-256 suite', () => {
  it('uses the token’s own hashing when it reports CKM_ECDSA_SHA256, else hashes in the app for raw CKM_ECDSA', () => {
    const data = Buffer.from('abc');
    expect(ECDSA_P256.plan(new Set([CKM_ECDSA, CKM_ECDSA_SHA256]), data)).toMatchObject({ mechanism: CKM_ECDSA_SHA256, hashedOn: 'token', input: data });
    const raw = ECDSA_P256.plan(new Set([CKM_ECDSA]), data);
    expect(raw).toMatchObject({ mechanism: CKM_ECDSA, hashedOn: 'app' });
    expect(raw?.input.toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(ECDSA_P256.plan(new Set(), data)).toBeNull();
  });

  it('fits P-256 EC keys only', () => {
    expect(ECDSA_P256.fitsKey({ keyType: CKK_EC, params: EC_PARAMS_P256 })).toBe(true);
    expect(ECDSA_P256.fitsKey({ keyType: CKK_EC, params: Buffer.from('06052b81040022', 'hex') })).toBe(false); // P-384
    expect(ECDSA_P256.fitsKey({ keyType: CKK_GOSTR3410, params: EC_PARAMS_P256 })).toBe(false);
  });

  it('reads both shapes of CKA_EC_POINT and refuses a point that is not on the curve', () => {
    const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });
    const point = spki.subarray(spki.length - 65);
    expect(ECDSA_P256.spki(point).equals(spki)).toBe(true);
    expect(ECDSA_P256.spki(Buffer.concat([Buffer.from([0x04, 0x41]), point])).equals(spki)).toBe(true);
    const offCurve = Buffer.from(point);
    offCurve[64] = (offCurve[64] ?? 0) ^ 1;
    expect(() => ECDSA_P256.spki(offCurve)).toThrow();
    expect(() => p256Point(Buffer.from([0x02, 1, 2, 3]))).toThrow(/not an uncompressed P-256 point/);
  });
});

describe('the simulated token (demo and training)', () => {
  it('is marked simulated and signs what node:crypto verifies with its public key', async () => {
    const provider = new SimulatedTokenProvider({ pin: '1111' });
    const [info] = await provider.list();
    expect(info).toMatchObject({ simulated: true, model: SIMULATED_MODEL });
    expect(info?.label).toMatch(/симуляция/i);
    const token = await provider.open(info?.serial ?? '');
    await expect(token.sign(Buffer.from('x'))).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
    await token.login('1111');
    const pub = await token.publicKey();
    const signed = await token.sign(Buffer.from('акт'));
    expect(signed).toMatchObject({ algorithm: 'ECDSA-P256-SHA256', format: 'raw-r-s', hashedOn: 'app' });
    expect(verify('sha256', Buffer.from('акт'), { key: createPublicKey(pub.spkiPem), dsaEncoding: 'ieee-p1363' }, signed.signature)).toBe(true);
  });

  it('counts wrong PINs down to the last try, then locks; the right PIN does not unlock it', async () => {
    const provider = new SimulatedTokenProvider({ pin: '1111', maxTries: 3 });
    const token = await provider.open('SIM-0001');
    await expect(token.login('0')).rejects.toMatchObject({ code: 'PIN_INCORRECT', pinTriesLeft: 'few' });
    await expect(token.login('0')).rejects.toMatchObject({ code: 'PIN_INCORRECT', pinTriesLeft: 'last' });
    expect(token.info.flags.userPinFinalTry).toBe(true);
    await expect(token.login('0')).rejects.toMatchObject({ code: 'PIN_LOCKED' });
    await expect(token.login('1111')).rejects.toMatchObject({ code: 'PIN_LOCKED' });
    expect((await provider.list())[0]?.flags.userPinLocked).toBe(true);
  });

  it('a pulled simulated token answers REMOVED, then is not listed', async () => {
    const provider = new SimulatedTokenProvider({ pin: '1111' });
    const token = await provider.open('SIM-0001');
    await token.login('1111');
    provider.setPresent(false);
    await expect(token.sign(Buffer.from('x'))).rejects.toMatchObject({ code: 'REMOVED' });
    expect(await provider.list()).toEqual([]);
    await expect(provider.open('SIM-0001')).rejects.toMatchObject({ code: 'NO_TOKEN' });
  });
});
