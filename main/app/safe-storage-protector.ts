import { safeStorage } from 'electron';
import type { KeyProtector } from '../sync/key-store';

/**
 * Seals secrets with the operating system's keychain (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on
 * Linux). Returns null where no keychain is available, so the caller can say so instead of storing keys weakly.
 */
export function safeStorageProtector(): KeyProtector | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  return {
    kind: 'os-keychain',
    seal: (plain) => safeStorage.encryptString(plain.toString('base64')).toString('base64'),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(Buffer.from(sealed, 'base64')), 'base64'),
  };
}
