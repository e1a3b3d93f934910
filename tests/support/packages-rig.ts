import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreOptions } from '../../main/root/app-core';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { EXAM_MORNING, openHarness, type Harness } from './core-harness';

/**
 * What the packages tests stand on: a temp folder, the reference RCOI server on loopback signing with the demo key,
 * folder-backed drives (the machine has no USB sticks) watched by polling as in the app, and the real core on a real
 * SQLite file pointed at both, with background sync off so each test steps it by hand.
 */
export interface PackagesRig {
  dir: string;
  server: RcoiServer;
  sim: FolderDriveSimulator;
  /** The core under test; a test that reopens it with other options assigns the new one here so close() ends it. */
  h: Harness;
  close(): Promise<void>;
}

export async function openPackagesRig(name: string, options: Partial<CoreOptions> = {}, at: Date = EXAM_MORNING): Promise<PackagesRig> {
  const dir = mkdtempSync(join(tmpdir(), `ppe-${name}-`));
  const server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  const sim = new FolderDriveSimulator(join(dir, 'drives'));
  const h = await openHarness({ rcoiUrl: server.url, sync: false, drivesFolder: sim.root, drivePollMs: 50, ...options }, at);
  const rig: PackagesRig = {
    dir,
    server,
    sim,
    h,
    async close() {
      await rig.h.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}
