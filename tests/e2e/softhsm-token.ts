import { createRequire } from 'node:module';
import type * as Pkcs11js from 'pkcs11js';
import { createSoftHsmStore, SOFTHSM_LIBRARY, type SoftHsmStore } from '../support/softhsm';

// A GEK member's token for the end-to-end tests: a SoftHSM2 token in a private store (tests/support/softhsm.ts) with
// a P-256 key that signs and derives, and its public key read back with pkcs11js directly (not through the app's
// provider, so the code under test is not also the code that prepares the fixture). The stations reach it through
// SOFTHSM2_CONF in their environment (`env`) and the library path a technical specialist sets on «Токены ГЭК».

/** The library file itself: the app's setting refuses a symbolic link (/usr/lib/softhsm/libsofthsm2.so is one). */
export const SOFTHSM_LIBRARY_FILE = '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so';

export interface GekTestToken {
  store: SoftHsmStore;
  serial: string;
  label: string;
  pin: string;
  /** base64 SPKI DER of the token's P-256 key, as RCOI and the distribution bundle carry it. */
  publicKey: string;
  /** What a station's process needs to find this store. */
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

// SubjectPublicKeyInfo header of an uncompressed P-256 point (id-ecPublicKey, prime256v1, BIT STRING of 66 bytes).
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

export function createGekTestToken(label = 'GEK-E2E', pin = '12345678'): GekTestToken {
  const store = createSoftHsmStore();
  const serial = store.initToken(label, pin, '87654321');
  store.generateP256(label, pin);
  const pk = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11js;
  const p = new pk.PKCS11();
  p.load(SOFTHSM_LIBRARY);
  p.C_Initialize();
  let point: Buffer;
  try {
    const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === label)!;
    const session = p.C_OpenSession(slot, pk.CKF_SERIAL_SESSION);
    p.C_FindObjectsInit(session, [{ type: pk.CKA_CLASS, value: pk.CKO_PUBLIC_KEY }]);
    const [handle] = p.C_FindObjects(session, 1);
    p.C_FindObjectsFinal(session);
    const [attr] = p.C_GetAttributeValue(session, handle!, [{ type: pk.CKA_EC_POINT }]);
    p.C_CloseSession(session);
    // CKA_EC_POINT is a DER OCTET STRING (04 41) around the uncompressed point (04 ‖ X ‖ Y).
    point = (attr!.value as Buffer).subarray(2);
  } finally {
    p.C_Finalize();
    p.close();
  }
  if (point.length !== 65 || point[0] !== 4) throw new Error('SoftHSM token: unexpected EC point');
  return {
    store,
    serial,
    label,
    pin,
    publicKey: Buffer.concat([P256_SPKI_PREFIX, point]).toString('base64'),
    env: { SOFTHSM2_CONF: `${store.dir}/softhsm2.conf` },
    dispose: () => store.dispose(),
  };
}
