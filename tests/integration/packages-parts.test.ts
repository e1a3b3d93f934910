import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreOptions } from '../../main/root/app-core';
import type { PackagesPart } from '../../main/ipc/dto';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { EXAM_MORNING, openHarness, type Harness } from '../support/core-harness';
import { until } from '../support/wait';

// The packages screen re-reads only the part a change names: a download's progress names the exams (never the
// drives, with lsblk behind their free space), a drive names the drives, a write the write job. The parts read
// through their own channels are the overview, field for field. The real core on a real SQLite file, the reference
// RCOI server on loopback, folder-backed drives.

const EXAM = { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' } as const; // demo exam at day +2
const T = 'tech';
const ACTOR = { staffId: null, name: 'test', roleCode: 7 };

let dir: string;
let server: RcoiServer;
let sim: FolderDriveSimulator;
let h: Harness | null = null;
let changes: PackagesPart[][];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-packages-parts-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  sim = new FolderDriveSimulator(join(dir, 'drives'));
  changes = [];
});
afterEach(async () => {
  await h?.close();
  h = null;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(options: Partial<CoreOptions> = {}): Promise<Harness> {
  h = await openHarness({ rcoiUrl: server.url, sync: false, ...options }, EXAM_MORNING);
  h.core.events.subscribe((_target, event, payload) => {
    if (event === 'packages/changed') changes.push((payload as { parts: PackagesPart[] }).parts);
  });
  await h.signInAs(T, 7);
  return h;
}

function publish(bytesPerKit = 64 * 1024) {
  return server.publishPackage({
    regionCode: '42',
    ppeCode: '0412',
    exam: EXAM,
    rooms: [{ auditoriumCode: '0101', kits: 12 }, { auditoriumCode: '0102', kits: 9 }],
    reserveKits: 4,
    bytesPerKit,
  });
}

async function download(core: Harness): Promise<string> {
  const { packageId } = publish();
  await core.call(T, 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  core.core.packages.startDownload(ACTOR, packageId, (t) => (task = t));
  await task;
  return packageId;
}

const named = (part: PackagesPart) => (parts: PackagesPart[]) => parts.includes(part);

describe('the packages screen re-reads what changed', () => {
  it('a download and its progress name the exams, not the drives', async () => {
    const c = await open();
    const { packageId } = publish();
    await c.call(T, 'packages/refresh', {});
    await vi.waitFor(() => expect(changes.length).toBeGreaterThan(0));
    changes.length = 0;

    let task: Promise<void> = Promise.resolve();
    c.core.packages.startDownload(ACTOR, packageId, (t) => (task = t));
    await task;
    expect((await c.call(T, 'packages/exams', {})).exams.find((e) => e.examDate === EXAM.date)).toMatchObject({ state: 'downloaded' });
    // The start, the progress and the end, folded by the throttle into as few events as its pauses allow.
    await vi.waitFor(() => expect(changes.length).toBeGreaterThan(0));
    expect(changes.every((parts) => parts.length === 1 && parts[0] === 'exams')).toBe(true);
    expect(changes.some(named('drives'))).toBe(false);

    // RCOI's receipt is the journal's fact under the same name.
    const journaled = c.core.db.prepare<[], { payload: string }>(`SELECT payload FROM journal WHERE action = 'package.downloaded'`).get()!;
    const sent = c.core.db.prepare<[], { payload: string }>(`SELECT payload FROM outbox WHERE kind = 'package.downloaded'`).get()!;
    expect(JSON.parse(sent.payload)).toEqual(JSON.parse(journaled.payload));
  });

  it('a drive inserted names the drives, and only the drives', async () => {
    const c = await open({ drivesFolder: sim.root, drivePollMs: 50 });
    // The watcher's first look (no drives) is a change of the drives too: wait for it before inserting.
    await vi.waitFor(() => expect(changes.some(named('drives'))).toBe(true));
    await vi.waitFor(() => expect(c.core.drives.rowsAsSeen()).toEqual([]));
    const mark = changes.length;

    await sim.insert('main', { serial: 'AA01' });
    await until(() => c.call(T, 'packages/drives', {}), (v) => v.drives.some((d) => d.serial === 'AA01' && d.check?.state === 'done'), 'the drive checked');
    await vi.waitFor(() => expect(changes.slice(mark).some(named('drives'))).toBe(true));
    expect(changes.slice(mark).every((parts) => parts.length === 1 && parts[0] === 'drives')).toBe(true);
  });

  it('packages/exams, packages/drives and packages/write together are the overview; a write names the write', async () => {
    const c = await open({ drivesFolder: sim.root, drivePollMs: 50 });
    const packageId = await download(c);
    await sim.insert('main', { serial: 'AA01' });
    await sim.insert('reserve', { serial: 'BB02' });
    const seen = await until(() => c.call(T, 'packages/drives', {}), (v) => v.drives.filter((d) => d.present && d.check?.state === 'done').length === 2, 'two drives');
    await c.call(T, 'drives/assign', { driveId: seen.drives.find((d) => d.serial === 'AA01')!.id, role: 'main' });
    await c.call(T, 'drives/assign', { driveId: seen.drives.find((d) => d.serial === 'BB02')!.id, role: 'reserve' });

    const mark = changes.length;
    await c.call(T, 'packages/writeToDrives', { packageId, roles: ['main', 'reserve'] });
    await until(() => c.call(T, 'packages/write', {}), (v) => v.write?.targets.every((t) => t.phase === 'done') ?? false, 'the write');
    await vi.waitFor(() => expect(changes.slice(mark).some(named('write'))).toBe(true));

    const [overview, exams, drives, write] = [
      await c.call(T, 'packages/overview', {}),
      await c.call(T, 'packages/exams', {}),
      await c.call(T, 'packages/drives', {}),
      await c.call(T, 'packages/write', {}),
    ];
    expect(exams.exams.find((e) => e.examDate === EXAM.date)).toMatchObject({ state: 'verified' });
    expect(drives.drives.filter((d) => d.role !== null)).toHaveLength(2);
    expect(write.write?.packageId).toBe(packageId);
    expect({ ...exams, ...drives, ...write }).toEqual(overview);

    // The same access as the overview: the head and GEK look, an organiser does not.
    await c.signInAs('head', 1);
    await c.signInAs('organiser', 2);
    for (const channel of ['packages/exams', 'packages/drives', 'packages/write'] as const) {
      await c.call('head', channel, {});
      expect(await c.fail('organiser', channel, {})).toMatchObject({ code: 'FORBIDDEN' });
      expect(await c.fail('nobody', channel, {})).toMatchObject({ code: 'NOT_SIGNED_IN' });
    }
  });
});
