import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openCore, type AppCore } from '../root/app-core';
import { findAppRoot } from '../kernel/app-root';
import { isAppError } from '../kernel/app-error';
import { EVENT_IPC_CHANNEL, INVOKE_IPC_CHANNEL } from '../ipc/ipc-channels';
import { electronNativeBinding } from './native-binding';
import { keyProtectionWarning, safeStorageProtector } from './safe-storage-protector';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isTrustedSenderUrl,
  rendererFileFor,
  secureWebPreferences,
} from './security-policy';

// The Electron shell: one window, hardened; every IPC call checked for its sender and handed to the dispatcher.

/**
 * Set by esbuild (--define): false in build:main, the bundle that is packaged, so the bridge import below is dead
 * code and esbuild leaves every line of the bridge out of it; true only in build:main:with-bridge (development).
 */
declare const PPE_WITH_BRIDGE: boolean;
const CONTENT_SECURITY_POLICY = contentSecurityPolicy('electron');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) app.quit();

const appRoot = findAppRoot();
let core: AppCore | null = null;
let mainWindow: BrowserWindow | null = null;

const sessionKeyOf = (webContentsId: number) => `window:${webContentsId}`;

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, join(appRoot, 'dist', 'renderer'), join);
    if (!file) return new Response('forbidden', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  // New windows are refused; links meant for people (help pages) open in the system browser, allow-listed hosts only.
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Штаб ППЭ',
    show: false,
    webPreferences: secureWebPreferences(join(appRoot, 'dist', 'preload', 'preload.cjs'), { packaged: app.isPackaged }),
  });
  mainWindow = win;
  const key = sessionKeyOf(win.webContents.id);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    core?.endSession(key);
    mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
}

function wireIpc(c: AppCore): void {
  ipcMain.handle(INVOKE_IPC_CHANNEL, (event, channel: unknown, request: unknown) => {
    const frameUrl = event.senderFrame?.url;
    if (!mainWindow || event.sender !== mainWindow.webContents || !isTrustedSenderUrl(frameUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', params: { permission: 'sender' } } };
    }
    return c.dispatch(sessionKeyOf(event.sender.id), channel, request);
  });
  c.events.subscribe((target, event, payload) => {
    const win = mainWindow;
    if (!win || win.isDestroyed()) return;
    const key = sessionKeyOf(win.webContents.id);
    if ((target === 'all' || target.sessionKey === key) && c.mayReceive(key, event)) {
      win.webContents.send(EVENT_IPC_CHANNEL, event, payload);
    }
  });
}

async function start(): Promise<void> {
  hardenSessions();
  try {
    core = await openCore({
      dataDir: join(app.getPath('userData'), 'data'),
      transport: 'electron',
      appVersion: app.getVersion(),
      appRoot,
      nativeBinding: electronNativeBinding(appRoot, process.versions.electron ?? '', process.resourcesPath, app.isPackaged),
      // Without a real OS keychain (none, or Linux's plain-text fallback) the station key is sealed with a file key
      // in the data folder instead; the journal then says 'file', and the person is told below.
      keyProtector: safeStorageProtector() ?? undefined,
      sync: true,
    });
  } catch (e) {
    const message =
      isAppError(e) && e.code === 'DB_TOO_NEW'
        ? `База данных создана более новой версией приложения (схема ${e.params.dbVersion}). Установите новую версию; данные не изменены.`
        : `Не удалось открыть базу данных: ${String(e)}. Обратитесь к техническому специалисту.`;
    dialog.showErrorBox('Штаб ППЭ', message);
    app.quit();
    return;
  }
  wireIpc(core);
  // The bridge is a development aid: compiled out of the packaged bundle (PPE_WITH_BRIDGE is false there), and even
  // a development bundle never starts it in a packaged app. No command-line switch turns it on.
  if (PPE_WITH_BRIDGE && !app.isPackaged && process.env.PPE_BRIDGE === '1') {
    const { startDevelopmentBridge } = await import('./dev-bridge');
    await startDevelopmentBridge(core, join(appRoot, 'dist', 'renderer'));
  }
  createWindow();
  const warning = keyProtectionWarning();
  if (warning) void dialog.showMessageBox({ type: 'warning', title: 'Штаб ППЭ', message: warning.message, detail: warning.detail });
}

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});
app.on('window-all-closed', () => app.quit());
// Let the sync worker finish its current step and the database close cleanly before the process ends.
let closing = false;
app.on('will-quit', (event) => {
  if (!core || closing) return;
  closing = true;
  event.preventDefault();
  void core.close().finally(() => app.exit(0));
});

void app.whenReady().then(start);
