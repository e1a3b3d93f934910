import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Opens the app page in an app-style Chromium window when one is installed (a clean profile, no first-run
 * noise), otherwise in the system's default browser.
 */
export function openInBrowser(url: string): void {
  const chromium = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (process.platform === 'linux' && chromium) {
    const profile = mkdtempSync(join(tmpdir(), 'ppe-browser-'));
    spawn(
      chromium,
      [
        `--app=${url}`,
        `--user-data-dir=${profile}`,
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--window-size=1280,800',
      ],
      { stdio: 'ignore', detached: true },
    ).unref();
    return;
  }
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [url], { stdio: 'ignore', detached: true }).unref();
}
