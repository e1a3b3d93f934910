import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Seals secrets (the station's private key) before they reach the database. In Electron the platform keychain
 * seals them (safeStorage: DPAPI, Keychain, libsecret; see main/app). The browser shell and the tests, which run
 * without Electron, use a wrapping key in a file of the data folder readable by its owner only: weaker, and said so.
 */
export interface KeyProtector {
  readonly kind: 'os-keychain' | 'file';
  seal(plain: Buffer): string;
  unseal(sealed: string): Buffer;
}

/** AES-256-GCM under a random wrapping key kept in <dataDir>/station-wrap.key (mode 0600). */
export function fileKeyProtector(dataDir: string): KeyProtector {
  const file = join(dataDir, 'station-wrap.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  const key = readFileSync(file);
  return {
    kind: 'file',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
    },
    unseal(sealed) {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || !body) throw new Error('sealed key: unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
    },
  };
}
