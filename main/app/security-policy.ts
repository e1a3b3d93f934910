/**
 * The window's security rules, kept free of Electron imports so tests can check them under plain Node.
 * The renderer is served from our own privileged scheme (app://renderer/...), never from file:// or the web.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Only a frame showing our own page may call main. */
export function isTrustedSenderUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Navigation away from the app page is refused, whatever the target: links, redirects, drag-and-drop of a file. */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSenderUrl(url);
}

/**
 * The window's web preferences. DevTools are a development aid: in a packaged build they would let anyone at the
 * keyboard run code in the signed-in page (and read what it shows), so they are off there.
 */
export function secureWebPreferences(preloadPath: string, build: { packaged: boolean }) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !build.packaged,
  };
}

/** Maps app://renderer/<path> to a file inside the renderer folder, or null for anything that tries to leave it. */
export function rendererFileFor(requestUrl: string, rendererDir: string, join: (...p: string[]) => string): string | null {
  let u: URL;
  let path: string;
  try {
    u = new URL(requestUrl);
    path = decodeURIComponent(u.pathname); // a bad %-escape throws: refused, like any other odd path
  } catch {
    return null;
  }
  if (u.host !== APP_HOST) return null;
  const segments = path.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s.includes('\\') || s.includes('\0'))) return null;
  return join(rendererDir, ...(segments.length ? segments : ['index.html']));
}

/**
 * Hosts whose pages a link in the app may open in the system browser. The app links to no outside page yet, so the
 * list is empty and every window.open / target=_blank is refused; add official portals here (exact host names) when
 * a help page needs one.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [];

/** https only, an exact listed host on the default port, no user name or password smuggled into the URL. */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false;
  return allowedHosts.includes(u.hostname);
}

/**
 * How the station key can be protected. On Linux safeStorage "works" even without a keyring, by falling back to a
 * plain-text backend ('basic_text', a fixed key): that is no protection, so it is treated as no keychain at all and
 * the key is sealed with the file key instead, which is journaled as 'file' and shown as a warning.
 */
export type KeyProtectionChoice = 'os-keychain' | 'file-plain-backend' | 'file-no-keychain';

export function keyProtectionChoice(
  platform: NodeJS.Platform,
  encryptionAvailable: boolean,
  linuxBackend: string | null,
): KeyProtectionChoice {
  if (!encryptionAvailable) return 'file-no-keychain';
  if (platform === 'linux' && (linuxBackend === null || linuxBackend === 'basic_text' || linuxBackend === 'unknown')) {
    return 'file-plain-backend';
  }
  return 'os-keychain';
}

/**
 * The pages' Content-Security-Policy: our own scripts and styles only. The Electron window talks to main over IPC
 * and connects nowhere; the browser shell's page also needs its bridge socket on loopback.
 */
export function contentSecurityPolicy(shell: 'electron' | 'bridge'): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    shell === 'bridge' ? "connect-src 'self' ws://127.0.0.1:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
