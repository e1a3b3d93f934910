import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { EXAM_MORNING, openHarness, type Harness } from '../support/core-harness';
import { until } from '../support/wait';

// A drive that stops answering (a failing stick, a hung USB controller) must not hold up the checks of other
// drives, nor the app's shutdown. The kernel cannot be made to hang here, so the one call that looks at a drive's
// PPE-PACKAGES folder is made to never return for the drive named "stuck": exactly what a hung read looks like.

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const hangs = (path: unknown) => /[/\\]stuck[/\\]PPE-PACKAGES$/.test(String(path));
  // On the drive named "hangs-on-write", creating the third pack file never returns.
  const hangsOnWrite = (path: unknown) => /[/\\]hangs-on-write[/\\].*0003\.bin\.partial$/.test(String(path));
  return {
    ...real,
    default: real,
    // (The code before this fix listed the folder with a bare readdir: it hangs there too.)
    readdir: ((path: Parameters<typeof real.readdir>[0], ...rest: never[]) =>
      hangs(path) && rest.length === 0 ? new Promise(() => {}) : (real.readdir as (...a: unknown[]) => unknown)(path, ...rest)) as typeof real.readdir,
    open: ((path: Parameters<typeof real.open>[0], ...rest: never[]) =>
      hangsOnWrite(path) ? new Promise(() => {}) : (real.open as (...a: unknown[]) => unknown)(path, ...rest)) as typeof real.open,
    lstat: ((path: Parameters<typeof real.lstat>[0], ...rest: never[]) =>
      hangs(path) ? new Promise(() => {}) : (real.lstat as (...a: unknown[]) => unknown)(path, ...rest)) as typeof real.lstat,
  };
});

let dir: string;
let sim: FolderDriveSimulator;
let h: Harness;
let server: RcoiServer;
let closed = false;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-stuck-drive-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  sim = new FolderDriveSimulator(join(dir, 'drives'));
  h = await openHarness({ rcoiUrl: server.url, sync: false, drivesFolder: sim.root, drivePollMs: 50 }, EXAM_MORNING);
  closed = false;
  await h.signInAs('tech', 7);
});
afterEach(async () => {
  if (!closed) await h.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const overview = () => h.call('tech', 'packages/overview', {});

/** The stall budget is fixed when the core opens: this test's core is opened again with the one it needs. */
async function setStallBudget(ms: number): Promise<void> {
  await h.close();
  h = await openHarness({ rcoiUrl: server.url, sync: false, drivesFolder: sim.root, drivePollMs: 50, driveCheckStallMs: ms }, EXAM_MORNING);
  await h.signInAs('tech', 7);
}

async function insertStuck(): Promise<void> {
  mkdirSync(join(sim.mountPathOf('stuck'), 'PPE-PACKAGES'), { recursive: true });
  await sim.insert('stuck', { serial: 'ST01' });
  await until(overview, (v) => v.drives.find((d) => d.serial === 'ST01')?.check?.state === 'checking', 'the stuck drive’s check');
}

describe('a drive that stops answering', () => {
  it('is reported stuck after its budget, and the next drive is checked', async () => {
    await setStallBudget(300);
    await insertStuck();
    await sim.insert('good', { serial: 'GD01' });
    const o = await until(overview, (v) => v.drives.find((d) => d.serial === 'GD01')?.check?.state === 'done', 'the good drive’s check');
    expect(o.drives.find((d) => d.serial === 'ST01')!.check).toMatchObject({ state: 'failed', problem: { code: 'DRIVE_STUCK' } });
    const journaled = h.core.db.prepare(`SELECT count(*) AS n FROM journal WHERE action = 'drive.check_stuck'`).get();
    expect(journaled).toEqual({ n: 1 });
  });

  it('does not hold up the app’s shutdown', async () => {
    await setStallBudget(10 * 60_000);
    await insertStuck();
    closed = true;
    await h.close(); // would never return if DriveService.stop waited for the hung check
  });

  it('a write hanging on a drive does not hold up the shutdown, and the copy is not taken for good afterwards', async () => {
    const { packageId } = server.publishPackage({
      regionCode: '42', ppeCode: '0412', exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' },
      rooms: [{ auditoriumCode: '0101', kits: 20 }], reserveKits: 0, bytesPerKit: 4 * 1024,
    });
    await h.call('tech', 'packages/refresh', {});
    let task: Promise<void> = Promise.resolve();
    h.core.packages.startDownload({ staffId: null, name: 'test', roleCode: 7 }, packageId, (t) => (task = t));
    await task;
    await sim.insert('hangs-on-write', { serial: 'HW01' });
    const o = await until(overview, (v) => v.drives.find((d) => d.serial === 'HW01')?.check?.state === 'done', 'the drive');
    await h.call('tech', 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'HW01')!.id, role: 'main' });
    await h.call('tech', 'packages/writeToDrives', { packageId, roles: ['main'] });
    await until(overview, (v) => (v.write?.targets[0]?.bytesDone ?? 0) > 0, 'the write to start');
    await h.reopen(); // closes the core while the third file's creation hangs, then starts it again
    await h.signInAs('tech', 7);
    // At the start the cut-off copy is failed as interrupted; the drive, checked again, shows no manifest there.
    expect(h.core.db.prepare(`SELECT count(*) AS n FROM journal WHERE action = 'package.copies_interrupted'`).get()).toEqual({ n: 1 });
    await until(overview, (v) => v.drives.find((d) => d.serial === 'HW01')?.check?.state === 'done', 'the check after the restart');
    const copy = h.core.db.prepare<[string], { state: string; problem: string }>('SELECT state, problem FROM package_copy WHERE package_id = ?').get(packageId)!;
    expect(copy.state).toBe('failed');
    expect(['DRIVE_COPY_INTERRUPTED', 'DRIVE_COPY_INCOMPLETE']).toContain((JSON.parse(copy.problem) as { code: string }).code);
  });
});
