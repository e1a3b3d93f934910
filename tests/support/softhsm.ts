import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Pkcs11js from 'pkcs11js';

// A private SoftHSM2 token store for one test run (../shared/environment.md §c): its own config and token directory
// under a temp folder, pointed to by SOFTHSM2_CONF, so nothing in /var/lib/softhsm is read or touched. Tokens are
// created with softhsm2-util; key pairs with pkcs11js called directly (pkcs11-tool is not installed here), so the
// code under test is not also the code that prepares its fixture.

export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';

/** Fails loudly (never skips) when SoftHSM2 is missing: .ci/run installs the Debian package softhsm2. */
export function requireSoftHsm(): void {
  const util = spawnSync('softhsm2-util', ['--version'], { encoding: 'utf8' });
  if (util.status !== 0 || !existsSync(SOFTHSM_LIBRARY)) {
    throw new Error(
      `SoftHSM2 is not installed (softhsm2-util: ${util.error?.message ?? `exit ${util.status}`}; library ` +
        `${SOFTHSM_LIBRARY}: ${existsSync(SOFTHSM_LIBRARY) ? 'present' : 'missing'}). Install it: apt-get install softhsm2`,
    );
  }
}

export interface SoftHsmStore {
  dir: string;
  /** Creates and initialises a token; returns its serial. */
  initToken(label: string, pin: string, soPin: string): string;
  deleteToken(label: string): void;
  /**
   * A P-256 signing key pair on the token (CKA_ID 01), generated on the token. Its private key may also derive
   * (CKA_DERIVE, for the exam key's ECDH) unless `derive: false` — a token whose key cannot.
   */
  generateP256(label: string, pin: string, options?: { derive?: boolean }): void;
  /** A token with only the SO PIN set: the user PIN was never initialised. */
  initTokenWithoutUserPin(label: string, soPin: string): void;
  dispose(): void;
}

export function createSoftHsmStore(): SoftHsmStore {
  requireSoftHsm();
  const dir = mkdtempSync(join(tmpdir(), 'ppe-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  // Set on the process before any library is loaded: SoftHSM reads it with getenv at C_Initialize, on any thread.
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const util = (args: string[]) => execFileSync('softhsm2-util', args, { env, encoding: 'utf8' });

  const withLibrary = <T>(work: (p: Pkcs11js.PKCS11, pk: typeof Pkcs11js) => T): T => {
    const pk = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11js;
    const p = new pk.PKCS11();
    p.load(SOFTHSM_LIBRARY);
    p.C_Initialize();
    try {
      return work(p, pk);
    } finally {
      p.C_Finalize();
      p.close();
    }
  };

  return {
    dir,
    initToken(label, pin, soPin) {
      const out = util(['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin]);
      if (!/reassigned to slot/.test(out)) throw new Error(`softhsm2-util --init-token: ${out}`);
      return withLibrary((p) => {
        const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === label);
        if (slot === undefined) throw new Error(`token ${label} not found after init`);
        return p.C_GetTokenInfo(slot).serialNumber.trim();
      });
    },
    deleteToken(label) {
      util(['--delete-token', '--token', label]);
    },
    generateP256(label, pin, options) {
      withLibrary((p, pk) => {
        const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === label);
        if (slot === undefined) throw new Error(`token ${label} not found`);
        const s = p.C_OpenSession(slot, pk.CKF_SERIAL_SESSION | pk.CKF_RW_SESSION);
        p.C_Login(s, pk.CKU_USER, pin);
        const id = Buffer.from([1]);
        p.C_GenerateKeyPair(
          s,
          { mechanism: pk.CKM_EC_KEY_PAIR_GEN },
          [
            { type: pk.CKA_TOKEN, value: true },
            { type: pk.CKA_VERIFY, value: true },
            { type: pk.CKA_EC_PARAMS, value: Buffer.from('06082a8648ce3d030107', 'hex') },
            { type: pk.CKA_LABEL, value: `${label}-key` },
            { type: pk.CKA_ID, value: id },
          ],
          [
            { type: pk.CKA_TOKEN, value: true },
            { type: pk.CKA_SIGN, value: true },
            { type: pk.CKA_DERIVE, value: options?.derive ?? true },
            { type: pk.CKA_PRIVATE, value: true },
            { type: pk.CKA_SENSITIVE, value: true },
            { type: pk.CKA_EXTRACTABLE, value: false },
            { type: pk.CKA_LABEL, value: `${label}-key` },
            { type: pk.CKA_ID, value: id },
          ],
        );
        p.C_Logout(s);
        p.C_CloseSession(s);
      });
    },
    initTokenWithoutUserPin(label, soPin) {
      withLibrary((p, pk) => {
        const free = p.C_GetSlotList(true).find((s) => (Number(p.C_GetTokenInfo(s).flags) & pk.CKF_TOKEN_INITIALIZED) === 0);
        if (free === undefined) throw new Error('no free SoftHSM slot');
        // The label is a fixed 32-byte blank-padded field in PKCS#11.
        p.C_InitToken(free, soPin, label.padEnd(32, ' '));
      });
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
