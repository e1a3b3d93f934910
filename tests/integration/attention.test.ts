import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/kernel/clock';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { packageDates, packageUrgency } from '../../main/packages/package-deadline';
import type { RcoiServer } from '../rcoi-server/server';
import { openHarness, type Harness } from '../support/core-harness';
import { openPackagesRig, type PackagesRig } from '../support/packages-rig';
import { until } from '../support/wait';

// Three levels of attention (issue 10): the real core on a real SQLite file, the reference RCOI server on loopback,
// folder-backed drives. EXAM_MORNING is 08:00 in Kemerovo on 2026-06-01, the demo's exam day (Русский язык, 10:00,
// 3 h 30 min); Обществознание is on 06-03, Физика on 06-07.

const TODAY_EXAM = { date: '2026-06-01', subjectCode: 1, form: 'EGE', dayKind: 'main' } as const;
const T = 'tech';
const HEAD = 'head';
const ORGANISER = 'organiser';
const at = (iso: string) => new Date(iso);

let rig: PackagesRig;
let server: RcoiServer;
let sim: FolderDriveSimulator;
let h: Harness;

beforeEach(async () => {
  rig = await openPackagesRig('attention', { idleLockSeconds: 400 * 86_400 });
  ({ server, sim, h } = rig);
  await h.signInAs(T, 7);
  await h.signInAs(HEAD, 1);
  await h.signInAs(ORGANISER, 2);
});
afterEach(() => rig.close());

const attention = (session = HEAD) => h.call(session, 'attention/today', {});

async function writeTodaysPackageToBothDrives(): Promise<void> {
  const { packageId } = server.publishPackage({
    regionCode: '42',
    ppeCode: '0412',
    exam: TODAY_EXAM,
    rooms: [{ auditoriumCode: '0101', kits: 5 }],
    reserveKits: 1,
    bytesPerKit: 4 * 1024,
  });
  await h.call(T, 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  h.core.packages.startDownload({ staffId: null, name: 'test', roleCode: 7 }, packageId, (t) => (task = t));
  await task;
  await sim.insert('main', { serial: 'AA01' });
  await sim.insert('reserve', { serial: 'BB02' });
  const o = await until(() => h.call(T, 'packages/overview', {}), (v) => v.drives.filter((d) => d.present && d.check?.state === 'done').length === 2, 'two drives');
  await h.call(T, 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'AA01')!.id, role: 'main' });
  await h.call(T, 'drives/assign', { driveId: o.drives.find((d) => d.serial === 'BB02')!.id, role: 'reserve' });
  await h.call(T, 'packages/writeToDrives', { packageId, roles: ['main', 'reserve'] });
  await until(() => h.call(T, 'packages/exams', {}), (v) => v.exams.find((e) => e.examDate === TODAY_EXAM.date)?.state === 'verified', 'verified on both');
}

describe('attention: alarms on exam day, notices for the coming days, quiet when finished', () => {
  it('exam morning with today’s package on no drive: an alarm for everyone, naming the technical specialist and the packages screen', async () => {
    const forHead = await attention(HEAD);
    expect(forHead.today).toBe('2026-06-01');
    expect(forHead.alarms).toEqual([
      expect.objectContaining({ kind: 'package_not_ready', who: 7, fixAt: 'packages', examDate: '2026-06-01', subjectName: 'Русский язык', startLocal: '10:00', state: 'not_published', main: null, reserve: null }),
    ]);
    // An organiser in a room sees the same alarm (every screen, every person) but no package notices.
    const forOrganiser = await attention(ORGANISER);
    expect(forOrganiser.alarms).toEqual(forHead.alarms);
    expect(forOrganiser.notices).toEqual([]);
  });

  it('no alarm once the package is verified on both the main and the reserve drive', async () => {
    await writeTodaysPackageToBothDrives();
    expect((await attention()).alarms).toEqual([]);
  });

  it('after the exam ended the day is quiet: no alarm, and the packages screen no longer lists today’s exam', async () => {
    expect((await attention()).alarms).toHaveLength(1);
    h.clock.set(at('2026-06-01T06:30:00.000Z')); // 13:30 in Kemerovo: the end of the 3 h 30 min exam
    expect((await attention()).alarms).toEqual([]);
    const exams = await h.call(T, 'packages/exams', {});
    expect(exams.exams.map((e) => e.examDate)).not.toContain('2026-06-01');
    expect(exams.exams.every((e) => e.examDate > '2026-06-01')).toBe(true);
  });

  it('later exams’ deadlines are notices with their dates, never alarms', async () => {
    const a = await attention(HEAD);
    expect(a.alarms.map((x) => x.kind)).toEqual(['package_not_ready']);
    expect(a.alarms.every((x) => x.kind !== 'package_not_ready' || x.examDate === '2026-06-01')).toBe(true);
    expect(a.notices).toEqual([
      expect.objectContaining({ kind: 'package_due', examDate: '2026-06-03', subjectName: 'Обществознание', deadline: '2026-05-29', late: true }),
      expect.objectContaining({ kind: 'package_due', examDate: '2026-06-07', subjectName: 'Физика', deadline: '2026-06-02', late: false }),
    ]);
  });

  it('a reserve day published after technical preparation could open is due on its publication day, not before it exists', async () => {
    // Thursday 10.12.2026, a reserve day: published 3 working days before (Monday 07.12); 5 calendar days before is
    // Saturday 05.12. «Ожидается с 07.12» and «нужен до 05.12» must never both reach the screen.
    expect(packageDates('2026-12-10', 'reserve')).toEqual({ expectedFrom: '2026-12-07', deadline: '2026-12-07', onPublicationDay: true });
    expect(packageDates('2026-06-03', 'main')).toEqual({ expectedFrom: '2026-05-27', deadline: '2026-05-29', onPublicationDay: false });
    h.core.db
      .prepare(`INSERT INTO exam (exam_date, subject_code, subject_name, form, period, day_kind, duration_min) VALUES (?, ?, ?, 'EGE', 'additional', 'reserve', 235)`)
      .run('2026-12-10', 2, 'Математика (профильный уровень)');
    const row = async () => (await h.call(T, 'packages/exams', {})).exams.find((e) => e.examDate === '2026-12-10')!;

    h.clock.set(at('2026-12-05T01:00:00.000Z')); // Saturday 08:00: preparation could open, but nothing is published
    expect(await row()).toMatchObject({ expectedFrom: '2026-12-07', deadline: '2026-12-07', onPublicationDay: true, urgency: 'none' });
    expect((await attention()).notices).toEqual([]);

    h.clock.set(at('2026-12-07T01:00:00.000Z')); // Monday 08:00, the publication day: download and write it today
    expect(await row()).toMatchObject({ deadline: '2026-12-07', urgency: 'soon' });
    expect((await attention()).notices).toEqual([
      expect.objectContaining({ examDate: '2026-12-10', deadline: '2026-12-07', onPublicationDay: true, late: false }),
    ]);

    h.clock.set(at('2026-12-08T01:00:00.000Z')); // the day after: late
    expect(await row()).toMatchObject({ urgency: 'late' });
    expect(packageUrgency('verified', '2026-12-09', packageDates('2026-12-10', 'reserve'))).toBe('none');
  });

  it('a broken journal chain is an alarm on every screen, for the PPE head, fixed from «Журнал»', async () => {
    expect((await attention()).alarms.map((a) => a.kind)).toEqual(['package_not_ready']);
    // Someone edits the file with another program (the case the chain exists for): the next read sees it.
    const other = new Database(join(h.dataDir, 'ppe.sqlite'));
    other.exec('DROP TRIGGER IF EXISTS journal_is_append_only_update');
    other.prepare(`UPDATE journal SET payload = '{"edited":true}' WHERE seq = 2`).run();
    other.close();
    const alarms = (await attention(ORGANISER)).alarms;
    expect(alarms).toContainEqual(expect.objectContaining({ kind: 'journal_broken', who: 1, fixAt: 'journal', seq: 2, problem: 'edited' }));
  });
});

describe('attention: the clock against RCOI', () => {
  it('a clock more than 2 minutes off RCOI’s is an alarm for everyone, fixed from the RCOI screen', async () => {
    // Sync is stepped by hand against the real server; this computer's clock runs 5 minutes slow.
    const clock = new ManualClock(new Date(Date.now() - 5 * 60_000));
    await h.close();
    h = rig.h = await openHarness({ rcoiUrl: server.url, sync: false, clock }, clock.now());
    server.createEnrolmentCode('42', '0412', 'DEMO-0412-2026');
    await h.signInAs(ORGANISER, 2);
    expect((await attention(ORGANISER)).alarms.filter((a) => a.kind === 'clock_skew')).toEqual([]);
    await h.core.sync.runOnce();
    const alarm = (await attention(ORGANISER)).alarms.find((a) => a.kind === 'clock_skew');
    expect(alarm).toMatchObject({ kind: 'clock_skew', who: 7, fixAt: 'sync' });
    expect(alarm?.kind === 'clock_skew' && alarm.skewSeconds).toBeGreaterThan(280);
  });
});
