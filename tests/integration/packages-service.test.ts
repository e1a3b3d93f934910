import { existsSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackagesOverview } from '../../main/ipc/dto';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import type { RcoiServer } from '../rcoi-server/server';
import type { Harness } from '../support/core-harness';
import { openPackagesRig, type PackagesRig } from '../support/packages-rig';
import { until } from '../support/wait';

// The packages capability end to end below the UI: the real core on a real SQLite file, the reference RCOI server
// on loopback, folder-backed drives (the machine has no USB sticks) watched by polling as in the app.

const EXAM = { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' } as const; // demo exam at day +2
const T = 'tech';

let rig: PackagesRig;
let server: RcoiServer;
let sim: FolderDriveSimulator;
let h: Harness;

beforeEach(async () => {
  rig = await openPackagesRig('packages');
  ({ server, sim, h } = rig);
  await h.signInAs(T, 7);
});
afterEach(() => rig.close());

function publish(bytesPerKit = 32 * 1024) {
  return server.publishPackage({
    regionCode: '42',
    ppeCode: '0412',
    exam: EXAM,
    rooms: [{ auditoriumCode: '0101', kits: 12 }, { auditoriumCode: '0102', kits: 9 }],
    reserveKits: 4,
    bytesPerKit,
  });
}

const overview = () => h.call(T, 'packages/overview', {});
const examRow = (o: PackagesOverview) => o.exams.find((e) => e.examDate === EXAM.date && e.subjectCode === EXAM.subjectCode)!;
const actions = () => h.core.db.prepare<[], { action: string }>('SELECT action FROM journal ORDER BY seq').all().map((r) => r.action);
// Every message on RCOI's status stream; since the outbox catalog, a message's kind is the fact's own name.
const statusItems = () =>
  h.core.db.prepare<[], { kind: string }>(`SELECT kind FROM outbox WHERE stream = 'status'`).all().map((r) => ({ type: r.kind }));

async function download(bytesPerKit?: number): Promise<string> {
  const { packageId } = publish(bytesPerKit);
  await h.call(T, 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  h.core.packages.startDownload({ staffId: null, name: 'test', roleCode: 7 }, packageId, (t) => (task = t));
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

const copyFolder = (drive: string, packageId: string) => {
  const root = join(sim.mountPathOf(drive), 'PPE-PACKAGES');
  const name = readdirSync(root).find((n) => n.endsWith(packageId.slice(0, 8)))!;
  return join(root, name);
};

describe('internet packages: list, download, drives, write, verify on insert', () => {
  it('goes from “not published” to “verified on both drives”, journaling and reporting each step', async () => {
    let row = examRow(await overview());
    expect(row).toMatchObject({ state: 'not_published', expectedFrom: '2026-05-27', deadline: '2026-05-29', urgency: 'late' });

    const packageId = await download();
    row = examRow(await overview());
    expect(row).toMatchObject({ state: 'downloaded', package: { packageId, kits: 21, reserveKits: 4 } });

    await insertBoth();
    const done = await writeBoth(packageId);
    expect(done.write!.targets.map((t) => [t.role, t.phase])).toEqual([['main', 'done'], ['reserve', 'done']]);
    row = examRow(done);
    expect(row.state).toBe('verified');
    expect(row.urgency).toBe('none');
    expect(row.copies.map((c) => [c.role, c.state])).toEqual([['main', 'verified'], ['reserve', 'verified']]);
    // Byte for byte what RCOI signed.
    const local = join(h.dataDir, 'packages', packageId);
    for (const drive of ['main', 'reserve']) {
      expect(readFileSync(join(copyFolder(drive, packageId), MANIFEST_FILE))).toEqual(readFileSync(join(local, MANIFEST_FILE)));
      expect(readFileSync(join(copyFolder(drive, packageId), 'packs', '0001.bin'))).toEqual(readFileSync(join(local, 'packs', '0001.bin')));
    }
    expect(actions()).toEqual(expect.arrayContaining(['package.listed', 'package.download_started', 'package.downloaded', 'drive.assigned', 'package.copy_started', 'package.copy_written']));
    // Each copy written is a handover (main/anchors/handover-actions.ts): the journal is signed right after it and
    // RCOI gets the anchor in the same stream (issue 11, item 4).
    expect(statusItems().map((i) => i.type)).toEqual(['package.downloaded', 'package.copy_written', 'journal.anchor', 'package.copy_written', 'journal.anchor']);
  });

  it('verifies a drive when it is inserted: a flipped byte, a missing file and a tampered manifest are each named', async () => {
    const packageId = await download();
    await insertBoth();
    await writeBoth(packageId);

    const pack = join(copyFolder('reserve', packageId), 'packs', '0002.bin');
    const bytes = readFileSync(pack);
    bytes[1000] ^= 0x01;
    writeFileSync(pack, bytes);
    await sim.remove('reserve');
    await until(overview, (o) => !o.drives.find((d) => d.role === 'reserve')!.present, 'the pull');
    await sim.insert('reserve', { serial: 'BB02' });
    let o = await until(overview, (v) => v.drives.find((d) => d.role === 'reserve')?.check?.state === 'done', 'the check');
    expect(o.drives.find((d) => d.role === 'reserve')!.check!.folders).toEqual([
      expect.objectContaining({ packageId, ok: false, problem: { code: 'DRIVE_COPY_FILE_CORRUPT', params: { path: 'packs/0002.bin', others: 0 } } }),
    ]);
    expect(examRow(o)).toMatchObject({ state: 'downloaded' });
    expect(examRow(o).copies.find((c) => c.role === 'reserve')).toMatchObject({ state: 'failed', problem: { code: 'DRIVE_COPY_FILE_CORRUPT' } });

    // The main drive: a pack deleted, then (separately) the manifest edited by hand.
    rmSync(join(copyFolder('main', packageId), 'packs', '0003.bin'));
    await h.call(T, 'drives/check', { driveId: o.drives.find((d) => d.role === 'main')!.id });
    o = await until(overview, (v) => v.drives.find((d) => d.role === 'main')?.check?.state === 'done', 'the main check');
    expect(o.drives.find((d) => d.role === 'main')!.check!.folders[0]!.problem).toEqual({ code: 'DRIVE_COPY_FILE_MISSING', params: { path: 'packs/0003.bin', others: 0 } });

    const manifestPath = join(copyFolder('main', packageId), MANIFEST_FILE);
    const envelope = JSON.parse(readFileSync(manifestPath, 'utf8')) as { manifest: string };
    const inner = JSON.parse(Buffer.from(envelope.manifest, 'base64').toString()) as { reserveKits: number };
    inner.reserveKits = 40;
    writeFileSync(manifestPath, JSON.stringify({ ...envelope, manifest: Buffer.from(JSON.stringify(inner)).toString('base64') }));
    await h.call(T, 'drives/check', { driveId: o.drives.find((d) => d.role === 'main')!.id });
    o = await until(overview, (v) => v.drives.find((d) => d.role === 'main')?.check?.state === 'done', 'the main check');
    expect(o.drives.find((d) => d.role === 'main')!.check!.folders[0]!.problem!.code).toBe('DRIVE_COPY_MANIFEST_TAMPERED');

    // Writing again repairs both copies.
    o = await writeBoth(packageId);
    expect(examRow(o).state).toBe('verified');
  });

  it('refuses to start when a drive is missing, write-protected or too small, before writing a byte', async () => {
    const packageId = await download();
    await sim.insert('main', { serial: 'AA01' });
    let o = await until(overview, (v) => v.drives.some((d) => d.serial === 'AA01'), 'main drive');
    await h.call(T, 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'AA01')!.id, role: 'main' });
    expect(await h.fail(T, 'packages/writeToDrives', { packageId, roles: ['main', 'reserve'] })).toEqual({ code: 'DRIVE_ROLE_UNASSIGNED', params: { role: 'reserve' } });

    await sim.insert('reserve', { serial: 'BB02', sizeBytes: 100_000 });
    o = await until(overview, (v) => v.drives.some((d) => d.serial === 'BB02'), 'reserve drive');
    await h.call(T, 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'BB02')!.id, role: 'reserve' });
    expect(await h.fail(T, 'packages/writeToDrives', { packageId, roles: ['main', 'reserve'] })).toMatchObject({ code: 'DRIVE_FULL', params: { role: 'reserve', freeMib: 0 } });

    await sim.setReadOnly('main', true);
    await until(overview, (v) => v.drives.find((d) => d.role === 'main')!.readOnly, 'write protection');
    expect(await h.fail(T, 'packages/writeToDrives', { packageId, roles: ['main'] })).toEqual({ code: 'DRIVE_WRITE_PROTECTED', params: { role: 'main' } });
    await sim.setReadOnly('main', false);

    await sim.remove('main');
    await until(overview, (v) => !v.drives.find((d) => d.role === 'main')!.present, 'main pulled');
    expect(await h.fail(T, 'packages/writeToDrives', { packageId, roles: ['main'] })).toEqual({ code: 'DRIVE_ROLE_ABSENT', params: { role: 'main' } });
    expect(existsSync(join(sim.mountPathOf('reserve'), 'PPE-PACKAGES'))).toBe(false);
  });

  it('a drive pulled mid-write fails alone, with a clear reason, and never gets a manifest; the other is verified', async () => {
    // 25 kits of 2 MiB: long enough to pull the drive in the middle.
    const packageId = await download(2 * 1024 * 1024);
    await insertBoth();
    await h.call(T, 'packages/writeToDrives', { packageId, roles: ['main', 'reserve'] });
    await until(overview, (o) => (o.write?.targets[1]?.bytesDone ?? 0) > 0, 'the reserve copy to start');
    await sim.remove('reserve');
    const o = await until(overview, (v) => v.write!.targets.every((t) => t.phase === 'done' || t.phase === 'failed'), 'the write');
    expect(o.write!.targets.map((t) => [t.role, t.phase, t.problem?.code ?? null])).toEqual([['main', 'done', null], ['reserve', 'failed', 'DRIVE_REMOVED']]);
    expect(examRow(o).copies.map((c) => [c.role, c.state, c.problem?.code ?? null])).toEqual([['main', 'verified', null], ['reserve', 'failed', 'DRIVE_REMOVED']]);
    expect(existsSync(join(sim.root, '.pulled-reserve', 'PPE-PACKAGES'))).toBe(true);
    expect(readdirSync(join(sim.root, '.pulled-reserve', 'PPE-PACKAGES')).flatMap((f) => readdirSync(join(sim.root, '.pulled-reserve', 'PPE-PACKAGES', f)))).not.toContain(MANIFEST_FILE);
    await sim.insert('reserve', { serial: 'BB02' });
    const after = await until(overview, (v) => v.drives.find((d) => d.role === 'reserve')?.check?.state === 'done', 'the check');
    expect(after.drives.find((d) => d.role === 'reserve')!.check!.folders.every((f) => !f.ok)).toBe(true);
    expect(examRow(after).state).toBe('downloaded');
  });

  it('a download cut off by the network is “interrupted”, survives a restart, and resumes from where it stopped', async () => {
    const { packageId } = publish(512 * 1024);
    await h.call(T, 'packages/refresh', {});
    server.faults.dropMidFile = 1;
    let task: Promise<void> = Promise.resolve();
    h.core.packages.startDownload({ staffId: null, name: 'test', roleCode: 7 }, packageId, (t) => (task = t));
    await task;
    let row = examRow(await overview());
    expect(row.state).toBe('interrupted');
    expect(row.lastError?.code).toMatch(/^RCOI_/);
    const partial = readdirSync(join(h.dataDir, 'packages', packageId, 'packs')).filter((f) => f.endsWith('.partial'));
    expect(partial.length).toBe(1);

    await h.reopen();
    await h.signInAs(T, 7);
    expect(examRow(await overview()).state).toBe('interrupted');
    await h.call(T, 'packages/download', { packageId });
    row = await until(overview, (o) => examRow(o).state === 'downloaded', 'the resumed download').then(examRow);
    expect(row).toMatchObject({ lastError: null, package: { packageId } });
    expect(server.faults.fired().dropMidFile).toBe(1);
    expect(actions().filter((a) => a.startsWith('package.download'))).toEqual(['package.download_started', 'package.download_failed', 'package.download_started', 'package.downloaded']);
  });

  it('a downloaded package whose files were deleted from this computer is offered for download again', async () => {
    const packageId = await download();
    rmSync(join(h.dataDir, 'packages', packageId), { recursive: true, force: true });
    let row = examRow(await overview());
    expect(row).toMatchObject({ state: 'available', lastError: { code: 'PACKAGE_NOT_DOWNLOADED' } });
    expect(await h.fail(T, 'packages/writeToDrives', { packageId, roles: ['main'] })).toMatchObject({ code: 'PACKAGE_NOT_DOWNLOADED' });
    await h.call(T, 'packages/download', { packageId });
    row = await until(overview, (o) => examRow(o).state === 'downloaded', 'the second download').then(examRow);
    expect(row.lastError).toBeNull();
  });

  it('lets the PPE head and GEK look, and only the technical specialist act', async () => {
    await h.signInAs('head', 1);
    await h.signInAs('gek', 5);
    await h.call('head', 'packages/overview', {});
    await h.call('gek', 'packages/overview', {});
    expect(await h.fail('head', 'packages/refresh', {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.fail('gek', 'drives/assign', { driveId: 'serial:X', role: 'main' })).toMatchObject({ code: 'FORBIDDEN' });
    await h.signInAs('organiser', 2);
    expect(await h.fail('organiser', 'packages/overview', {})).toMatchObject({ code: 'FORBIDDEN' });
  });
});
