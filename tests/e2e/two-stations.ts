import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { test as base, startProcess, stop, expect } from './fixtures';
import { startRealRcoi, type RealRcoi } from './real-rcoi';

// Two stations of one exam point as two real app instances (the browser shell), each with its own data folder and
// nothing set up, sharing one folder of simulated flash drives: the transfer drive between them is one folder both
// see (the kernel here cannot mount FAT; everything above the drive interface runs as with a real stick).

export interface StationApp {
  url: string;
  dataDir: string;
  page: Page;
}

export interface TwoStations {
  /** The folder of simulated drives both stations see. */
  drivesFolder: string;
  hq: StationApp;
  room: StationApp;
  /** Puts a simulated flash drive into the shared folder (both stations see it at their next poll). */
  insertDrive(name: string, label: string): void;
}

async function startStation(
  browser: Browser,
  drivesFolder: string,
  extra: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<StationApp & { stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ppe-e2e-station-'));
  const started = await startProcess(
    'dist/main/bridge/cli.js',
    ['--data-dir', dataDir, '--port', '0', '--drives-folder', drivesFolder, ...extra],
    /PPE bridge: (\S+)/,
    'ignore',
    env,
  );
  // Each station in its own browser context: two windows, two sessions, as on two computers.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  return {
    url: started.line,
    dataDir,
    page,
    async stop() {
      await context.close();
      await stop(started.process);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a spec adds to both stations: devices (a token store's environment, a printer flag). */
export interface StationExtras {
  /** Environment of both stations (SOFTHSM2_CONF of a test token store). */
  env?: NodeJS.ProcessEnv;
  hqArgs?: string[];
  roomArgs?: string[];
}

/** HQ talks to RCOI at `rcoiUrl` (trusting what `hqEnv` says); the room station has no network at all. */
export async function withTwoStations(
  browser: Browser,
  rcoiUrl: string,
  hqEnv: NodeJS.ProcessEnv,
  use: (s: TwoStations) => Promise<void>,
  extras: StationExtras = {},
) {
  const drivesFolder = mkdtempSync(join(tmpdir(), 'ppe-e2e-drives-'));
  const hq = await startStation(browser, drivesFolder, ['--rcoi-url', rcoiUrl, ...(extras.hqArgs ?? [])], { ...extras.env, ...hqEnv });
  const room = await startStation(browser, drivesFolder, ['--no-sync', ...(extras.roomArgs ?? [])], extras.env);
  const insertDrive = (name: string, label: string) => {
    mkdirSync(join(drivesFolder, name), { recursive: true });
    writeFileSync(
      join(drivesFolder, `${name}.drive.json`),
      JSON.stringify({ serial: `SIM-${name}`, label, sizeBytes: 8 * 1024 ** 3, fileSystem: 'fat32', readOnly: false }),
    );
  };
  try {
    await use({ drivesFolder, hq, room, insertDrive });
  } finally {
    await Promise.all([hq.stop(), room.stop()]);
    rmSync(drivesFolder, { recursive: true, force: true });
  }
}

/** The two stations beside the demo RCOI server (plain HTTP, the demo key): HQ may choose training mode. */
export const test = base.extend<{ stations: TwoStations }>({
  stations: async ({ browser, rcoi }, use) => withTwoStations(browser, rcoi.url, {}, use),
});

/**
 * The two stations of a real exam point: HQ beside a non-demo reference RCOI over HTTPS (real-rcoi.ts), whose
 * certificate HQ's process trusts; the test registers the PPE and issues codes through `realRcoi.admin`.
 */
export const realPpeTest = base.extend<{ stations: TwoStations }, { realRcoi: RealRcoi }>({
  realRcoi: [
    async ({}, use) => {
      const server = await startRealRcoi();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  stations: async ({ browser, realRcoi }, use) => withTwoStations(browser, realRcoi.url, realRcoi.stationEnv, use),
});

export { expect };
