import { describe, expect, it } from 'vitest';
import {
  EXTERNAL_LINK_HOSTS,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  keyProtectionChoice,
  secureWebPreferences,
} from '../../main/app/security-policy';

// Item 11, "Electron, as shipped": the rules main/app/main.ts applies, kept pure so they run here without Electron.

describe('Electron as shipped', () => {
  it('turns DevTools off in a packaged build and leaves them on for development', () => {
    expect(secureWebPreferences('/p.cjs', { packaged: true }).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { packaged: false }).devTools).toBe(true);
    // Whatever the build, the renderer stays isolated.
    expect(secureWebPreferences('/p.cjs', { packaged: true })).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  it('opens external links only for allow-listed hosts, exactly, over https, without credentials', () => {
    const allowed = ['obrnadzor.gov.ru', 'fipi.ru'];
    expect(isAllowedExternalUrl('https://obrnadzor.gov.ru/gia/', allowed)).toBe(true);
    expect(isAllowedExternalUrl('https://fipi.ru/ege', allowed)).toBe(true);
    for (const url of [
      'http://fipi.ru/',                      // not https
      'https://evil.example/',                // not listed
      'https://fipi.ru.evil.example/',        // suffix trick
      'https://evilfipi.ru/',                 // prefix trick
      'https://sub.fipi.ru/',                 // subdomains are not the listed host
      'https://user:pass@fipi.ru/',           // credentials
      'https://fipi.ru@evil.example/',        // credentials that look like the host
      'https://fipi.ru:8443/',                // another port
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://renderer/index.html',
      'not a url',
      '',
    ]) {
      expect(isAllowedExternalUrl(url, allowed), url).toBe(false);
    }
  });

  it('links to nothing by default: the app has no external help pages yet', () => {
    expect(EXTERNAL_LINK_HOSTS).toEqual([]);
    expect(isAllowedExternalUrl('https://example.org/')).toBe(false);
  });

  it('does not call a plain-text safeStorage an OS keychain', () => {
    expect(keyProtectionChoice('linux', true, 'basic_text')).toBe('file-plain-backend');
    expect(keyProtectionChoice('linux', true, 'unknown')).toBe('file-plain-backend');
    expect(keyProtectionChoice('linux', true, 'gnome_libsecret')).toBe('os-keychain');
    expect(keyProtectionChoice('linux', true, 'kwallet5')).toBe('os-keychain');
    expect(keyProtectionChoice('linux', false, 'gnome_libsecret')).toBe('file-no-keychain');
    expect(keyProtectionChoice('win32', true, null)).toBe('os-keychain');
    expect(keyProtectionChoice('darwin', false, null)).toBe('file-no-keychain');
  });

  it('lets the Electron window connect nowhere but its own origin; only the bridge page may use its socket', () => {
    expect(contentSecurityPolicy('electron')).toContain("connect-src 'self';");
    expect(contentSecurityPolicy('electron')).not.toContain('ws:');
    expect(contentSecurityPolicy('bridge')).toContain('ws://127.0.0.1:*');
  });
});

describe('app:// requests', () => {
  it('refuses a bad percent-escape or an unparsable URL instead of throwing', async () => {
    const { rendererFileFor } = await import('../../main/app/security-policy');
    const { join } = await import('node:path');
    expect(rendererFileFor('app://renderer/%E0%A4%A', '/app/r', join)).toBeNull();
    expect(rendererFileFor('app://renderer/%', '/app/r', join)).toBeNull();
    expect(rendererFileFor('::not a url', '/app/r', join)).toBeNull();
  });
});
