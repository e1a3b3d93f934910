import { existsSync } from 'node:fs';

// Where the PKCS#11 library of a GEK member's token is, per platform. The tokens issued in Russian exam regions are
// Rutoken (Актив) and JaCarta (Аладдин Р.Д.); each vendor's driver installs its library in a fixed place, so the app
// tries the known places in order and the technical specialist can override the path in the settings (passed here as
// `override`; where the setting is stored is main's business).
//
// File names come from the vendors' driver packages as listed in ../shared/devices.md; the directories for macOS and
// the 32-bit Windows folder are the vendors' documented defaults and have not been seen on a real machine here.

export interface TokenLibrary {
  vendor: 'Rutoken' | 'JaCarta' | 'other';
  path: string;
}

const LINUX: TokenLibrary[] = [
  { vendor: 'Rutoken', path: '/usr/lib/librtpkcs11ecp.so' },
  { vendor: 'Rutoken', path: '/usr/lib/x86_64-linux-gnu/librtpkcs11ecp.so' },
  { vendor: 'Rutoken', path: '/usr/lib64/librtpkcs11ecp.so' },
  { vendor: 'Rutoken', path: '/opt/aktivco/rutokenecp/x86_64/librtpkcs11ecp.so' },
  { vendor: 'JaCarta', path: '/usr/lib/libjcPKCS11-2.so' },
  { vendor: 'JaCarta', path: '/usr/lib/x86_64-linux-gnu/libjcPKCS11-2.so' },
  { vendor: 'JaCarta', path: '/usr/lib64/libjcPKCS11-2.so' },
  { vendor: 'JaCarta', path: '/opt/jacarta/lib/libjcPKCS11-2.so' },
];

const WINDOWS: TokenLibrary[] = [
  { vendor: 'Rutoken', path: 'C:\\Windows\\System32\\rtPKCS11ECP.dll' },
  { vendor: 'JaCarta', path: 'C:\\Windows\\System32\\jcPKCS11-2.dll' },
];

const MACOS: TokenLibrary[] = [
  { vendor: 'Rutoken', path: '/Library/Frameworks/rtpkcs11ecp.framework/rtpkcs11ecp' },
  { vendor: 'Rutoken', path: '/usr/local/lib/librtpkcs11ecp.dylib' },
  { vendor: 'JaCarta', path: '/Library/Frameworks/jcPKCS11-2.framework/jcPKCS11-2' },
  { vendor: 'JaCarta', path: '/usr/local/lib/libjcPKCS11-2.dylib' },
];

/** The known token libraries for a platform, in the order they are tried. */
export function knownTokenLibraries(platform: NodeJS.Platform = process.platform): TokenLibrary[] {
  if (platform === 'linux') return LINUX;
  if (platform === 'win32') return WINDOWS;
  if (platform === 'darwin') return MACOS;
  return [];
}

/**
 * The library to load: the override if one is set (even if the file is missing — a wrong setting must be reported,
 * not silently replaced by another vendor's library), else the first known library present on disk, else null.
 */
export function resolveTokenLibrary(
  override: string | null | undefined,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string | null {
  if (override !== undefined && override !== null && override.trim() !== '') return override.trim();
  return knownTokenLibraries(platform).find((lib) => exists(lib.path))?.path ?? null;
}
