import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackagesOverview } from '../../main/ipc/dto';
import { packageFolderOnDrive } from '../../main/packages/drive-layout';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import type { RcoiServer } from '../rcoi-server/server';
import type { Harness } from '../support/core-harness';
import { openPackagesRig, type PackagesRig } from '../support/packages-rig';
import { until } from '../support/wait';

// Issue 10, item 3: a rewrite can always end good. Something that does not belong in a package folder on a drive
// (a stray file, a stray folder, a link pointing off the drive) used to fail every read-back, so «write again»
// never mended the copy. Now the write removes it (journaled), never following the link, and the read-back passes.
// And every summary on the packages screen is the latest check's: a later check finding damage replaces the
// finished write's «готово, проверено».

const EXAM = { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' } as const;
const T = 'tech';
const TECH = { staffId: null, name: 'test', roleCode: 7 };

let rig: PackagesRig;
let dir: string;
let server: RcoiServer;
let sim: FolderDriveSimulator;
let h: Harness;

beforeEach(async () => {
  rig = await openPackagesRig('rewrite-extra');
  ({ dir, server, sim, h } = rig);
  await h.signInAs(T, 7);
});
afterEach(() => rig.close());

const overview = () => h.call(T, 'packages/overview', {});
const examRow = (o: PackagesOverview) => o.exams.find((e) => e.examDate === EXAM.date && e.subjectCode === EXAM.subjectCode)!;
const driveRow = (o: PackagesOverview, role: string) => o.drives.find((d) => d.role === role)!;
const target = (o: PackagesOverview, role: string) => o.write!.targets.find((t) => t.role === role)!;
const journalOf = (action: string) =>
  h.core.db.prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq').all(action).map((r) => JSON.parse(r.payload) as Record<string, unknown>);

async function downloadedAndInserted(): Promise<string> {
  const { packageId } = server.publishPackage({ regionCode: '42', ppeCode: '0412', exam: EXAM, rooms: [{ auditoriumCode: '0101', kits: 12 }], reserveKits: 4, bytesPerKit: 16 * 1024 });
  await h.call(T, 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  h.core.packages.startDownload(TECH, packageId, (t) => (task = t));
  await task;
  await sim.insert('main', { serial: 'AA01' });
  await sim.insert('reserve', { serial: 'BB02' });
  const o = await until(overview, (v) => v.drives.filter((d) => d.present && d.check?.state === 'done').length === 2, 'two drives');
  await h.call(T, 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'AA01')!.id, role: 'main' });
  await h.call(T, 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'BB02')!.id, role: 'reserve' });
  return packageId;
}

async function writeBoth(packageId: string): Promise<PackagesOverview> {
  await h.call(T, 'packages/writeToDrives', { packageId, roles: ['main', 'reserve'] });
  return until(overview, (o) => o.write !== null && o.write.targets.every((t) => t.phase === 'done' || t.phase === 'failed'), 'the write');
}

async function recheck(role: 'main' | 'reserve'): Promise<PackagesOverview> {
  const before = await overview();
  await h.call(T, 'drives/check', { driveId: driveRow(before, role).id });
  return until(overview, (v) => driveRow(v, role).check?.state !== 'checking', `the ${role} check`);
}

function mainFolder(packageId: string): string {
  const { manifest } = h.core.packages.localManifest(packageId);
  return join(sim.mountPathOf('main'), ...packageFolderOnDrive(manifest).split('/'));
}

describe('a rewrite over a folder with things that do not belong ends good', () => {
  it('removes an extra file, an extra subfolder and a link pointing outside; the link’s target is untouched; the read-back passes', async () => {
    const packageId = await downloadedAndInserted();
    expect(examRow(await writeBoth(packageId)).state).toBe('verified');
    const folder = mainFolder(packageId);

    const outsideFile = join(dir, 'hq-own-file.txt');
    writeFileSync(outsideFile, 'the HQ computer’s own file');
    const outsideFolder = join(dir, 'hq-own-folder');
    mkdirSync(outsideFolder);
    writeFileSync(join(outsideFolder, 'keep.txt'), 'keep me');
    writeFileSync(join(folder, 'readme.txt'), 'someone left a note');
    mkdirSync(join(folder, 'notes', 'deeper'), { recursive: true });
    writeFileSync(join(folder, 'notes', 'deeper', 'a.txt'), 'a');
    symlinkSync(outsideFolder, join(folder, 'notes', 'to-outside'));
    symlinkSync(outsideFile, join(folder, 'packs', 'evil.bin'));

    // The check finds it, and every summary says so: the exam row, the copy, and the finished write kept on screen.
    let o = await recheck('main');
    expect(driveRow(o, 'main').check!.folders[0]!.ok).toBe(false);
    expect(examRow(o).state).not.toBe('verified');
    expect(examRow(o).copies.find((c) => c.role === 'main')).toMatchObject({ state: 'failed' });
    expect(target(o, 'main')).toMatchObject({ phase: 'failed', problem: { code: 'DRIVE_COPY_NOT_REGULAR' } });
    expect(target(o, 'main').checkedAgainAt).not.toBeNull();
    expect(target(o, 'reserve')).toMatchObject({ phase: 'done', problem: null, checkedAgainAt: null });

    // «Записать» again mends it.
    o = await writeBoth(packageId);
    expect(o.write!.targets.map((t) => [t.role, t.phase, t.problem, t.checkedAgainAt])).toEqual([['main', 'done', null, null], ['reserve', 'done', null, null]]);
    expect(examRow(o).state).toBe('verified');
    expect(examRow(o).copies.map((c) => c.state)).toEqual(['verified', 'verified']);
    expect(readdirSync(folder).sort()).toEqual(['manifest.json', 'packs']);
    expect(readdirSync(join(folder, 'packs')).every((n) => /^\d{4}\.bin$/.test(n))).toBe(true);
    expect(readFileSync(outsideFile, 'utf8')).toBe('the HQ computer’s own file');
    expect(readdirSync(outsideFolder)).toEqual(['keep.txt']);
    expect(readFileSync(join(outsideFolder, 'keep.txt'), 'utf8')).toBe('keep me');

    // What was removed is on record, with the folder; the reserve drive had nothing to remove.
    const { manifest } = h.core.packages.localManifest(packageId);
    const removed = journalOf('package.extra_removed');
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ packageId, role: 'main', folder: packageFolderOnDrive(manifest), count: 3 });
    expect(removed[0]!.removed).toEqual([
      { path: 'notes', kind: 'folder' },
      { path: 'readme.txt', kind: 'file' },
      { path: 'packs/evil.bin', kind: 'symlink' },
    ]);
    // Checked once more after the rewrite: still good, and the panel says it was checked again.
    o = await recheck('main');
    expect(target(o, 'main')).toMatchObject({ phase: 'done', problem: null });
    expect(target(o, 'main').checkedAgainAt).not.toBeNull();
  });

  it('a later check that finds a copy damaged replaces «done» for that drive, and a good one keeps it', async () => {
    const packageId = await downloadedAndInserted();
    let o = await writeBoth(packageId);
    expect(o.write!.targets.map((t) => t.phase)).toEqual(['done', 'done']);
    const folder = mainFolder(packageId);
    rmSync(join(folder, 'packs', readdirSync(join(folder, 'packs'))[0]!));
    o = await recheck('main');
    expect(target(o, 'main')).toMatchObject({ phase: 'failed', problem: { code: 'DRIVE_COPY_FILE_MISSING' } });
    o = await recheck('reserve');
    expect(target(o, 'reserve')).toMatchObject({ phase: 'done', problem: null });
    expect(target(o, 'reserve').checkedAgainAt).not.toBeNull();
    expect(target(o, 'main').phase).toBe('failed');
    expect(examRow(o).state).not.toBe('verified');
    expect(existsSync(folder)).toBe(true);
  });
});
