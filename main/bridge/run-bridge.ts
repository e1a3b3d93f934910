import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../root/app-core';
import { clockStartingAt, ManualClock, type Clock } from '../kernel/clock';
import { findAppRoot } from '../kernel/app-root';
import { startBridge } from './bridge-server';
import { driveClockFromInput } from './manual-clock';
import { openInBrowser } from './open-browser';
import { readSetupState } from '../ppe/ppe-config';

/**
 * The browser shell: main's services under plain Node plus the bridge, for machines without the Electron binary,
 * for development and for the end-to-end tests. It prints one line with the address (and its one-run token).
 */
export async function runBridgeCli(argv: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'rcoi-url': { type: 'string' },
      'idle-lock-seconds': { type: 'string' },
      // Start as the training PPE (demo data, demo RCOI key) if the data folder is empty. Without it a fresh folder is
      // a station that is not set up, as the packaged app is: its first screen offers training mode.
      demo: { type: 'boolean', default: false },
      // Without the background sync worker: RCOI is contacted only when a person asks (tests of manual imports).
      'no-sync': { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      // Each printed URL carries a one-time ticket: a test that opens several pages asks for several.
      tickets: { type: 'string', default: '1' },
      // Folder-backed flash drives (tests, demos): <folder>/<name>/ is a drive, <name>.drive.json what it pretends to be.
      'drives-folder': { type: 'string' },
      // Tests and rehearsals: the clock starts at this instant (ISO) and runs on from there.
      'clock-start': { type: 'string' },
      // End-to-end tests of what time does: the clock stands still (at --clock-start, or now) and moves only when the
      // starting process writes `advance <ms>` on standard input (manual-clock.ts). A training station only.
      'manual-clock': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const appRoot = findAppRoot();
  const start = values['clock-start'] ? parseInstant(values['clock-start']) : null;
  const manualClock = values['manual-clock'] ? new ManualClock(start ?? new Date()) : null;
  const clock: Clock | undefined = manualClock ?? (start ? clockStartingAt(start) : undefined);
  const core = await openCore({
    dataDir: resolve(values['data-dir'] ?? join(appRoot, 'data')),
    transport: 'bridge',
    appRoot,
    demo: values.demo,
    rcoiUrl: values['rcoi-url'] ?? null,
    idleLockSeconds: values['idle-lock-seconds'] ? Number(values['idle-lock-seconds']) : undefined,
    sync: !values['no-sync'],
    drivesFolder: values['drives-folder'] ? resolve(values['drives-folder']) : undefined,
    clock,
  });
  if (manualClock && readSetupState(core.db) !== 'training') {
    await core.close();
    throw new Error('--manual-clock: only on a training station (--demo); moved time would falsify a real journal');
  }
  const bridge = await startBridge({ core, rendererDir: join(appRoot, 'dist', 'renderer'), port: Number(values.port) });
  // The URL's ticket opens one page once (it is visible in the process list); see main/bridge/bridge-server.ts.
  console.log(`PPE bridge: ${bridge.url}`);
  const extra = Math.min(Math.max(Number(values.tickets) || 1, 1), 64) - 1;
  for (let i = 0; i < extra; i++) console.log(`PPE bridge ticket: ${bridge.urlWithTicket(bridge.mintTicket())}`);
  if (values.open) openInBrowser(bridge.url);
  const stopClock = manualClock ? driveClockFromInput(manualClock, core, process.stdin, (line) => console.log(line)) : () => {};
  if (!manualClock && process.stdin.isTTY) {
    // A closed window cannot be reopened with the old link: Enter prints (and opens) a fresh one.
    console.log('Enter — новая одноразовая ссылка на окно приложения.');
    process.stdin.on('data', () => {
      const url = bridge.urlWithTicket(bridge.mintTicket());
      console.log(`PPE bridge: ${url}`);
      if (values.open) openInBrowser(url);
    });
  }
  const stop = async () => {
    stopClock();
    await bridge.close();
    await core.close();
  };
  return { url: bridge.url, stop };
}

function parseInstant(text: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) throw new Error(`--clock-start: not an ISO instant: ${text}`);
  return at;
}
