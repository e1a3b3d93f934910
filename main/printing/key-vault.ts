import { createHash } from 'node:crypto';

/**
 * The package key of today's exam, in this process's memory only (issue 12, item 3). It arrives unwrapped from the
 * GEK member's token (key-activation.ts) and lives here until the app locks it away (`wipe`: the station is closed, the
 * package changes); it is never journaled, never written to disk, never sent to the renderer — the overview says only
 * whether it is active. After a restart the key file is still held (exam_key) and the key must be activated again.
 * JavaScript cannot promise the bytes were never copied (main/kits/KITS.md «What stays in memory»): the buffer we own
 * is overwritten with zeros when it goes.
 */
export interface ActiveKey {
  packageId: string;
  keyId: string;
  /** Who activated it, as the journal names them: the GEK member's name and token serial. */
  activatedBy: string;
  tokenSerial: string;
  activatedAt: string;
}

export class KeyVault {
  private held: { info: ActiveKey; key: Buffer } | null = null;

  /** Keeps `key` (the vault owns it from now on) for `info.packageId`, wiping any key held before. */
  keep(info: ActiveKey, key: Buffer): void {
    this.wipe();
    this.held = { info, key };
  }

  /** What is active for this package, or null. */
  info(packageId: string): ActiveKey | null {
    return this.held?.info.packageId === packageId ? this.held.info : null;
  }

  /**
   * Lends the key to `use` (decrypting one pack). The caller must not keep the buffer: it is wiped with the vault.
   * Null when no key is active for this package.
   */
  key(packageId: string): Buffer | null {
    return this.held?.info.packageId === packageId ? this.held.key : null;
  }

  wipe(): void {
    this.held?.key.fill(0);
    this.held = null;
  }
}

/** How a manifest names its package key (`encryption.keyId`): hex SHA-256 of the 32-byte key, first 16 digits. */
export function packageKeyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
