import { execFileSync } from 'node:child_process';
import {
  closeSync, constants, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync,
  symlinkSync, truncateSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackagesOverview } from '../../main/ipc/dto';
import { packageFolderOnDrive } from '../../main/packages/drive-layout';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { EXAM_MORNING, openHarness, type Harness } from '../support/core-harness';
import { until } from '../support/wait';

// Flash drives are hostile: a planted stick may hold links, FIFOs and devices where the app expects files and
// folders, or a different (validly signed) package in a folder the app wrote. None of it may be followed, none of
// it may hang a check or the app's shutdown, and none of it may pass for a good copy.

const EXAM = { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' } as const;
const T = 'tech';
const TECH = { staffId: null, name: 'test', roleCode: 7 };

let dir: string;
let server: RcoiServer;
let sim: FolderDriveSimulator;
let h: Harness;
let closed = false;
const fifos: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-hostile-drives-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  sim = new FolderDriveSimulator(join(dir, 'drives'));
  h = await openHarness({ rcoiUrl: server.url, sync: false, drivesFolder: sim.root, drivePollMs: 50 }, EXAM_MORNING);
  closed = false;
  await h.signInAs(T, 7);
});
afterEach(async () => {
  // A reader stuck on a FIFO (the old code) is let go, so the test process can end.
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // nobody was reading it
    }
  }
  if (!closed) await h.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const publish = () =>
  server.publishPackage({ regionCode: '42', ppeCode: '0412', exam: EXAM, rooms: [{ auditoriumCode: '0101', kits: 12 }], reserveKits: 4, bytesPerKit: 16 * 1024 });
const overview = () => h.call(T, 'packages/overview', {});
const examRow = (o: PackagesOverview) => o.exams.find((e) => e.examDate === EXAM.date && e.subjectCode === EXAM.subjectCode)!;
const driveRow = (o: PackagesOverview, role: string) => o.drives.find((d) => d.role === role)!;

async function download(): Promise<string> {
  const { packageId } = publish();
  await h.call(T, 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  h.core.packages.startDownload(TECH, packageId, (t) => (task = t));
  await task;
  return packageId;
}

async function insertBoth(): Promise<void> {
  await sim.insert('main', { serial: 'AA01' });
  await sim.insert('reserve', { serial: 'BB02' });
  const o = await until(overview, (v) => v.drives.filter((d) => d.present && d.check?.state === 'done').length === 2, 'two drives');
  await h.call(T, 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'AA01')!.id, role: 'main' });
  await h.call(T, 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'BB02')!.id, role: 'reserve' });
}

async function writeBoth(packageId: string): Promise<PackagesOverview> {
  await h.call(T, 'packages/writeToDrives', { packageId, roles: ['main', 'reserve'] });
  return until(overview, (o) => o.write !== null && o.write.targets.every((t) => t.phase === 'done' || t.phase === 'failed'), 'the write');
}

/** Writes the package to both drives, checks it is verified, and returns main's package folder on disk. */
async function writtenAndVerified(): Promise<{ packageId: string; folder: string; local: string }> {
  const packageId = await download();
  await insertBoth();
  expect(examRow(await writeBoth(packageId)).state).toBe('verified');
  const { manifest } = h.core.packages.localManifest(packageId);
  return { packageId, folder: join(sim.mountPathOf('main'), ...packageFolderOnDrive(manifest).split('/')), local: join(h.dataDir, 'packages', packageId) };
}

async function recheck(role: 'main' | 'reserve'): Promise<PackagesOverview> {
  const before = await overview();
  await h.call(T, 'drives/check', { driveId: driveRow(before, role).id });
  return until(overview, (v) => driveRow(v, role).check?.state !== 'checking', `the ${role} check`);
}

const mainCopy = (o: PackagesOverview) => examRow(o).copies.find((c) => c.role === 'main')!;
const journalOf = (action: string) =>
  h.core.db.prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq').all(action).map((r) => JSON.parse(r.payload) as Record<string, unknown>);

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
}

describe('links, FIFOs and devices on a drive are refused, never followed', () => {
  it('a pack file that is a link to an identical file outside the drive does not pass', async () => {
    const { folder, local } = await writtenAndVerified();
    const outside = join(dir, 'outside-0001.bin');
    copyFileSync(join(local, 'packs', '0001.bin'), outside);
    rmSync(join(folder, 'packs', '0001.bin'));
    symlinkSync(outside, join(folder, 'packs', '0001.bin'));
    const o = await recheck('main');
    expect(driveRow(o, 'main').check!.folders[0]!).toMatchObject({ ok: false, problem: { code: 'DRIVE_COPY_NOT_REGULAR', params: { path: 'packs/0001.bin', kind: 'symlink' } } });
    expect(mainCopy(o)).toMatchObject({ state: 'failed', problem: { code: 'DRIVE_COPY_NOT_REGULAR' } });
    expect(journalOf('package.copy_checked').at(-1)).toMatchObject({ verified: false, problem: { code: 'DRIVE_COPY_NOT_REGULAR' } });
  });

  it('a package folder that is a link to the HQ computer’s own copy is refused', async () => {
    const { folder, local } = await writtenAndVerified();
    rmSync(folder, { recursive: true });
    symlinkSync(local, folder);
    const o = await recheck('main');
    expect(driveRow(o, 'main').check!.folders[0]!).toMatchObject({ ok: false, problem: { code: 'DRIVE_COPY_NOT_REGULAR', params: { kind: 'symlink' } } });
    expect(mainCopy(o)).toMatchObject({ state: 'failed', problem: { code: 'DRIVE_COPY_NOT_REGULAR' } });
    expect(examRow(o).state).not.toBe('verified');
  });

  it('PPE-PACKAGES that is a link to elsewhere is refused and the copies on it are not good', async () => {
    const { folder } = await writtenAndVerified();
    const elsewhere = join(dir, 'elsewhere');
    const packages = join(sim.mountPathOf('main'), 'PPE-PACKAGES');
    cpSync(packages, elsewhere, { recursive: true });
    rmSync(packages, { recursive: true });
    symlinkSync(elsewhere, packages);
    expect(existsSync(join(folder, MANIFEST_FILE))).toBe(true); // through the link, a whole good package
    const o = await recheck('main');
    expect(driveRow(o, 'main').check).toMatchObject({ state: 'failed', problem: { code: 'DRIVE_COPY_NOT_REGULAR', params: { path: 'PPE-PACKAGES', kind: 'symlink' } } });
    expect(mainCopy(o)).toMatchObject({ state: 'failed', problem: { code: 'DRIVE_COPY_NOT_REGULAR' } });
  });

  it('a FIFO as a pack file and a device as a pack file are named as such', async () => {
    const { folder } = await writtenAndVerified();
    rmSync(join(folder, 'packs', '0002.bin'));
    mkfifo(join(folder, 'packs', '0002.bin'));
    let o = await recheck('main');
    expect(driveRow(o, 'main').check!.folders[0]!.problem).toEqual({ code: 'DRIVE_COPY_NOT_REGULAR', params: { path: 'packs/0002.bin', kind: 'fifo' } });
    rmSync(join(folder, 'packs', '0002.bin'));
    copyFileSync(join(h.dataDir, 'packages', readdirSync(join(h.dataDir, 'packages'))[0]!, 'packs', '0002.bin'), join(folder, 'packs', '0002.bin'));
    rmSync(join(folder, 'packs', '0003.bin'));
    try {
      // The same device as /dev/zero: a reader following it would never reach the end.
      execFileSync('mknod', [join(folder, 'packs', '0003.bin'), 'c', '1', '5'], { stdio: 'ignore' });
    } catch {
      console.warn('mknod is not permitted here: the device case is skipped');
      return;
    }
    o = await recheck('main');
    expect(driveRow(o, 'main').check!.folders[0]!.problem).toMatchObject({ code: 'DRIVE_COPY_NOT_REGULAR', params: { path: 'packs/0003.bin', kind: 'device' } });
  });

  it('a FIFO named manifest.json neither hangs the check of another drive nor the app’s shutdown', async () => {
    const evil = join(sim.mountPathOf('evil'), 'PPE-PACKAGES', '2026-06-03_12_EGE_00000000');
    mkdirSync(evil, { recursive: true });
    mkfifo(join(evil, MANIFEST_FILE));
    await sim.insert('evil', { serial: 'EV01' });
    await until(overview, (v) => v.drives.some((d) => d.serial === 'EV01'), 'the evil drive');
    await sim.insert('good', { serial: 'GD01' });
    const o = await until(overview, (v) => v.drives.find((d) => d.serial === 'GD01')?.check?.state === 'done', 'the good drive’s check');
    expect(o.drives.find((d) => d.serial === 'GD01')!.check!.folders).toEqual([]);
    const evilCheck = (await until(overview, (v) => v.drives.find((d) => d.serial === 'EV01')?.check?.state !== 'checking', 'the evil drive’s check'))
      .drives.find((d) => d.serial === 'EV01')!.check!;
    expect(evilCheck.folders[0]!.problem).toEqual({ code: 'DRIVE_COPY_NOT_REGULAR', params: { path: MANIFEST_FILE, kind: 'fifo' } });
    // The evil drive has no role and no copy of ours, yet the refusal is in the journal.
    expect(journalOf('drive.content_refused')).toEqual([
      expect.objectContaining({ folder: 'PPE-PACKAGES/2026-06-03_12_EGE_00000000', problem: { code: 'DRIVE_COPY_NOT_REGULAR', params: { path: MANIFEST_FILE, kind: 'fifo' } } }),
    ]);
    closed = true;
    await h.close(); // DriveService.stop among others: it must return
  });

  it('a manifest.json bigger than any real manifest is refused without being read', async () => {
    const { folder } = await writtenAndVerified();
    // Sparse: 3 GiB that take no disk space. Reading it whole would fail (or fill memory).
    truncateSync(join(folder, MANIFEST_FILE), 3 * 1024 ** 3);
    const o = await recheck('main');
    expect(driveRow(o, 'main').check!.folders[0]!.problem).toMatchObject({ code: 'DRIVE_COPY_MANIFEST_TAMPERED', params: { reason: 'too_large' } });
    expect(mainCopy(o)).toMatchObject({ state: 'failed' });
  });
});

describe('writing over a drive with planted links never writes outside it', () => {
  async function plantedWrite(plant: (folder: string) => void): Promise<PackagesOverview> {
    const packageId = await download();
    await insertBoth();
    const { manifest } = h.core.packages.localManifest(packageId);
    const folder = join(sim.mountPathOf('main'), ...packageFolderOnDrive(manifest).split('/'));
    plant(folder);
    return writeBoth(packageId);
  }

  // Issue 10 (item 3) changed these two: a planted link inside the package folder is now removed as a name before
  // the write (never followed), so the rewrite ends good instead of failing the same way forever.
  it('a .partial that is a link to a file outside the drive is removed, never written through; the file untouched', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'the HQ computer’s own file');
    let planted = '';
    const o = await plantedWrite((folder) => {
      mkdirSync(join(folder, 'packs'), { recursive: true });
      symlinkSync(victim, (planted = join(folder, 'packs', '0001.bin.partial')));
    });
    expect(readFileSync(victim, 'utf8')).toBe('the HQ computer’s own file');
    expect(existsSync(planted)).toBe(false);
    expect(o.write!.targets.map((t) => [t.role, t.phase, t.problem?.code ?? null])).toEqual([['main', 'done', null], ['reserve', 'done', null]]);
    expect(mainCopy(o)).toMatchObject({ state: 'verified', problem: null });
  });

  it('a subfolder that is a link to a folder outside the drive is removed and made real, nothing written there', async () => {
    const outside = join(dir, 'outside-folder');
    mkdirSync(outside);
    const o = await plantedWrite((folder) => {
      mkdirSync(folder, { recursive: true });
      symlinkSync(outside, join(folder, 'packs'));
    });
    expect(readdirSync(outside)).toEqual([]);
    expect(o.write!.targets.find((t) => t.role === 'main')).toMatchObject({ phase: 'done', problem: null });
    expect(mainCopy(o).state).toBe('verified');
  });

  it('a package folder that is a link to the HQ computer’s own copy is never written through', async () => {
    const packageId = await download();
    const local = join(h.dataDir, 'packages', packageId);
    const before = readFileSync(join(local, MANIFEST_FILE));
    const o = await plantedWrite((folder) => {
      mkdirSync(join(folder, '..'), { recursive: true });
      symlinkSync(local, folder);
    });
    expect(readFileSync(join(local, MANIFEST_FILE))).toEqual(before); // the manifest was not removed through the link
    expect(o.write!.targets.find((t) => t.role === 'main')).toMatchObject({ phase: 'failed', problem: { code: 'DRIVE_COPY_NOT_REGULAR' } });
  });
});

describe('a copy is checked against what was written there', () => {
  it('a different, validly signed package in a recorded folder is a foreign package, not a good copy', async () => {
    const { packageId, folder } = await writtenAndVerified();
    const other = publish(); // the same exam, re-issued: another package id, signed by RCOI all the same
    await h.call(T, 'packages/refresh', {});
    const served = join(`${join(dir, 'rcoi.sqlite')}.blobs`, 'packages', other.packageId);
    rmSync(folder, { recursive: true });
    cpSync(served, folder, { recursive: true });
    const o = await recheck('main');
    expect(driveRow(o, 'main').check!.folders[0]!).toMatchObject({ ok: false, problem: { code: 'DRIVE_COPY_OTHER_PACKAGE' } });
    // The re-issue is now the exam's current package, so A's copy is read from the database directly.
    const copyOfA = h.core.db
      .prepare<[string, string], { state: string; problem: string }>('SELECT state, problem FROM package_copy WHERE package_id = ? AND drive_id = ?')
      .get(packageId, driveRow(o, 'main').id)!;
    expect(copyOfA.state).toBe('failed');
    expect(JSON.parse(copyOfA.problem)).toMatchObject({ code: 'DRIVE_COPY_OTHER_PACKAGE', params: { packageId: other.packageId } });
    expect(h.core.db.prepare('SELECT count(*) AS n FROM package_copy WHERE package_id = ?').get(other.packageId)).toEqual({ n: 0 });
    expect(journalOf('package.copy_checked').at(-1)).toMatchObject({ verified: false, problem: { code: 'DRIVE_COPY_OTHER_PACKAGE' } });
  });
});
