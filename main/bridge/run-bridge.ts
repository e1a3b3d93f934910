import { join, resolve } from 'node:path';
import { openCore } from '../root/app-core';
import { clockStartingAt, ManualClock, type Clock } from '../kernel/clock';
import { findAppRoot } from '../kernel/app-root';
import { parseBridgeArgs, type BridgeArgs } from './bridge-args';
import { startBridge } from './bridge-server';
import { driveClockFromInput } from './manual-clock';
import { openInBrowser } from './open-browser';
import { readSetupState } from '../ppe/ppe-config';

/**
 * The browser shell: main's services under plain Node plus the bridge, for machines without the Electron binary,
 * for development and for the end-to-end tests. It prints one line with the address (and its one-run token).
 */
export async function runBridgeCli(argv: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  return runBridge(parseBridgeArgs(argv));
}

/** Starts the browser shell with checked arguments (bridge-args.ts); `help` is the entry point's business. */
export async function runBridge(args: BridgeArgs): Promise<{ url: string; stop: () => Promise<void> }> {
  const appRoot = findAppRoot();
  const start = args.clockStart;
  const manualClock = args.manualClock ? new ManualClock(start ?? new Date()) : null;
  const clock: Clock | undefined = manualClock ?? (start ? clockStartingAt(start) : undefined);
  const core = await openCore({
    dataDir: resolve(args.dataDir ?? join(appRoot, 'data')),
    transport: 'bridge',
    appRoot,
    demo: args.demo,
    rcoiUrl: args.rcoiUrl,
    idleLockSeconds: args.idleLockSeconds,
    sync: !args.noSync,
    drivesFolder: args.drivesFolder ? resolve(args.drivesFolder) : undefined,
    ...(args.printer ? { printer: args.printer } : {}),
    clock,
  });
  if (manualClock && readSetupState(core.db) !== 'training') {
    await core.close();
    throw new Error('--manual-clock: only on a training station (--demo); moved time would falsify a real journal');
  }
  const bridge = await startBridge({ core, rendererDir: join(appRoot, 'dist', 'renderer'), port: args.port });
  // The URL's ticket opens one page once (it is visible in the process list); see main/bridge/bridge-server.ts.
  console.log(`PPE bridge: ${bridge.url}`);
  const extra = args.tickets - 1;
  for (let i = 0; i < extra; i++) console.log(`PPE bridge ticket: ${bridge.urlWithTicket(bridge.mintTicket())}`);
  if (args.open) openInBrowser(bridge.url);
  const stopClock = manualClock ? driveClockFromInput(manualClock, core, process.stdin, (line) => console.log(line)) : () => {};
  if (!manualClock && process.stdin.isTTY) {
    // A closed window cannot be reopened with the old link: Enter prints (and opens) a fresh one.
    console.log('Enter — новая одноразовая ссылка на окно приложения.');
    process.stdin.on('data', () => {
      const url = bridge.urlWithTicket(bridge.mintTicket());
      console.log(`PPE bridge: ${url}`);
      if (args.open) openInBrowser(url);
    });
  }
  const stop = async () => {
    stopClock();
    await bridge.close();
    await core.close();
  };
  return { url: bridge.url, stop };
}
