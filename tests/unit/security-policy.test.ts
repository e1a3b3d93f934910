import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isAllowedNavigation,
  isTrustedSenderUrl,
  rendererFileFor,
  secureWebPreferences,
} from '../../main/app/security-policy';

describe('Electron window security policy', () => {
  it('trusts only our own app:// page as an IPC sender and navigation target', () => {
    expect(isTrustedSenderUrl('app://renderer/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://renderer/index.html#/journal')).toBe(true);
    for (const url of ['https://example.org/', 'file:///etc/passwd', 'app://evil/index.html', 'http://127.0.0.1:80/', '', undefined]) {
      expect(isTrustedSenderUrl(url)).toBe(false);
      if (url) expect(isAllowedNavigation(url)).toBe(false);
    }
  });

  it('serves only files inside the renderer folder', () => {
    expect(rendererFileFor('app://renderer/assets/index.js', '/app/r', join)).toBe('/app/r/assets/index.js');
    expect(rendererFileFor('app://renderer/', '/app/r', join)).toBe('/app/r/index.html');
    // The URL parser already folds dot segments, so an escape attempt lands inside the folder or is refused.
    const escaped = rendererFileFor('app://renderer/%2e%2e/%2e%2e/etc/passwd', '/app/r', join);
    expect(escaped === null || escaped.startsWith('/app/r/')).toBe(true);
    expect(rendererFileFor('app://renderer/a/..%5c..%5csecret', '/app/r', join)).toBeNull();
    expect(rendererFileFor('app://other/index.html', '/app/r', join)).toBeNull();
  });

  it('keeps the renderer isolated and sandboxed', () => {
    expect(secureWebPreferences('/p.cjs', { packaged: false })).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
  });
});
