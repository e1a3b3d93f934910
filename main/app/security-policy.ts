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

export function secureWebPreferences(preloadPath: string) {
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
    devTools: true,
  } as const;
}

/** Maps app://renderer/<path> to a file inside the renderer folder, or null for anything that tries to leave it. */
export function rendererFileFor(requestUrl: string, rendererDir: string, join: (...p: string[]) => string): string | null {
  const u = new URL(requestUrl);
  if (u.host !== APP_HOST) return null;
  const segments = decodeURIComponent(u.pathname).split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s.includes('\\') || s.includes('\0'))) return null;
  return join(rendererDir, ...(segments.length ? segments : ['index.html']));
}
