import { safeStorage } from 'electron';
import type { KeyProtector } from '../sync/key-store';
import { keyProtectionChoice, type KeyProtectionChoice } from './security-policy';

/** What protects the station key on this computer; see keyProtectionChoice in security-policy.ts. */
function currentChoice(): KeyProtectionChoice {
  const available = safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' && available ? safeStorage.getSelectedStorageBackend() : null;
  return keyProtectionChoice(process.platform, available, backend);
}

/**
 * Seals secrets with the operating system's keychain (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on
 * Linux). Returns null where no real keychain is available — including Linux's 'basic_text' fallback, which
 * "encrypts" with a fixed key — so the caller uses the file key and the journal says 'file', never «os-keychain».
 */
export function safeStorageProtector(): KeyProtector | null {
  if (currentChoice() !== 'os-keychain') return null;
  return {
    kind: 'os-keychain',
    seal: (plain) => safeStorage.encryptString(plain.toString('base64')).toString('base64'),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(Buffer.from(sealed, 'base64')), 'base64'),
  };
}

/** The warning shown at start when the station key is not in an OS keychain, or null when it is. */
export function keyProtectionWarning(): { message: string; detail: string } | null {
  const choice = currentChoice();
  if (choice === 'os-keychain') return null;
  return {
    message: 'Системное хранилище ключей недоступно: ключ станции защищён только файлом в папке данных приложения.',
    detail:
      (choice === 'file-plain-backend'
        ? 'В системе не запущена служба ключей (GNOME Keyring или KWallet), и Electron хранил бы ключ открытым текстом. '
        : 'Операционная система не предоставила хранилище ключей. ') +
      'Любой, кто может прочитать папку данных под этой учётной записью, может завладеть ключом станции. ' +
      'Попросите технического специалиста включить хранилище ключей и перезапустить приложение.',
  };
}
