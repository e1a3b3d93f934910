import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toDriveError, type DriveInfo } from '../../native/drives/drive';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { until } from '../support/wait';

let root: string;
let sim: FolderDriveSimulator;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ppe-drives-'));
  sim = new FolderDriveSimulator(root);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Resolves with the first list seen through watch() that `pred` accepts (vitest's own retry, not a timer loop). */
function nextChange(calls: DriveInfo[][], pred: (drives: DriveInfo[]) => boolean): Promise<DriveInfo[]> {
  return until(async () => calls.find(pred), (hit) => hit !== undefined, 'a matching change', 3_000).then((hit) => hit!);
}

/**
 * Resolves once `list` has been called `more` times beyond `seen`. The watcher never starts a look while one is in
 * flight, so two more calls prove at least one whole look (list, compare, report or not) has finished in between.
 */
function looksAfter(list: { mock: { calls: unknown[] } }, seen: number, more = 2): Promise<number> {
  return until(async () => list.mock.calls.length, (n) => n >= seen + more, `${more} more looks at the drives`, 3_000);
}

describe('FolderDriveSimulator', () => {
  it('lists nothing until a drive is inserted, then reports it with its sidecar data', async () => {
    expect(await sim.list()).toEqual([]);
    const main = await sim.insert('main', { serial: 'SN-MAIN', label: 'PPE_MAIN', sizeBytes: 1_000_000 });
    expect(main).toEqual({
      id: 'serial:SN-MAIN',
      serial: 'SN-MAIN',
      label: 'PPE_MAIN',
      sizeBytes: 1_000_000,
      freeBytes: 1_000_000,
      mountPath: join(root, 'main'),
      fileSystem: 'fat32',
      readOnly: false,
    });
    await sim.insert('reserve', { label: 'RESERVE', sizeBytes: 2_000, fileSystem: 'exfat' });
    const drives = await sim.list();
    expect(drives.map((d) => d.id)).toEqual(['serial:SN-MAIN', 'label:RESERVE:2000']);
  });

  it('counts bytes written under the folder, nested folders included, against free space', async () => {
    const d = await sim.insert('main', { sizeBytes: 10_000 });
    await writeFile(join(d.mountPath, 'a.bin'), Buffer.alloc(1_000));
    await mkdir(join(d.mountPath, 'packages', '2026-06-01'), { recursive: true });
    await writeFile(join(d.mountPath, 'packages', '2026-06-01', 'b.bin'), Buffer.alloc(2_500));
    const [after] = await sim.list();
    expect(after.freeBytes).toBe(6_500);
  });

  it('on a pull, the drive disappears and a write aimed at it maps to REMOVED; re-insert brings files back', async () => {
    const d = await sim.insert('transfer', { serial: 'SN-T' });
    await writeFile(join(d.mountPath, 'msg-1.json'), '{"seq":1}');
    await sim.remove('transfer');
    expect(await sim.list()).toEqual([]);

    let err: unknown;
    try {
      await writeFile(join(d.mountPath, 'msg-2.json'), '{"seq":2}');
    } catch (e) {
      err = e;
    }
    expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
    const driveGone = !(await sim.list()).some((x) => x.mountPath === d.mountPath);
    expect(toDriveError(err, driveGone).code).toBe('REMOVED');

    const again = await sim.insert('transfer', { serial: 'SN-T' });
    expect(again.id).toBe(d.id);
    expect(await readFile(join(again.mountPath, 'msg-1.json'), 'utf8')).toBe('{"seq":1}');
  });

  it('setReadOnly flips the reported write protection both ways', async () => {
    await sim.insert('reserve');
    await sim.setReadOnly('reserve', true);
    expect((await sim.list())[0].readOnly).toBe(true);
    await sim.setReadOnly('reserve', false);
    expect((await sim.list())[0].readOnly).toBe(false);
  });

  it('refuses names that would escape the root', async () => {
    await expect(sim.insert('../evil')).rejects.toThrow(/Недопустимое имя/);
    await expect(sim.insert('.hidden')).rejects.toThrow(/Недопустимое имя/);
  });

  it('watch reports the start, each insert, pull and write-protect change, and nothing in between', async () => {
    const calls: DriveInfo[][] = [];
    // Every look the watcher takes goes through list(): counting them tells "it looked and saw no change" apart
    // from "it has not looked yet", without sleeping for a guessed time.
    const looks = vi.spyOn(sim, 'list');
    const stop = sim.watch((drives) => calls.push(drives), 20);
    try {
      await nextChange(calls, (ds) => ds.length === 0);
      await sim.insert('main', { serial: 'A' });
      await nextChange(calls, (ds) => ds.length === 1);
      // Writing changes free space only: not a change of the set.
      await writeFile(join(sim.mountPathOf('main'), 'x.bin'), Buffer.alloc(100));
      await sim.insert('reserve', { serial: 'B' });
      await nextChange(calls, (ds) => ds.length === 2);
      await sim.setReadOnly('reserve', true);
      await nextChange(calls, (ds) => ds.some((d) => d.readOnly));
      await sim.remove('main');
      await nextChange(calls, (ds) => ds.length === 1 && ds[0].serial === 'B');
      // Quiet period: no further calls when nothing changes — the watcher looks again, several times, and stays silent.
      const count = calls.length;
      await looksAfter(looks, looks.mock.calls.length, 3);
      expect(calls.length).toBe(count);
      expect(calls.map((ds) => ds.map((d) => `${d.serial}${d.readOnly ? '(ro)' : ''}`).join(','))).toEqual([
        '',
        'A',
        'A,B',
        'A,B(ro)',
        'B(ro)',
      ]);
    } finally {
      stop();
    }
    const count = calls.length;
    const looksAtStop = looks.mock.calls.length;
    await sim.insert('late');
    // A second watcher on the same folder, started after the stop with the same interval, sees the late drive at
    // once and then takes two more looks: by then the stopped watcher's timer, due no later than this one's, would
    // have fired too. Node runs timers of one interval in the order they fall due.
    const control = new FolderDriveSimulator(root);
    const controlLooks = vi.spyOn(control, 'list');
    const controlCalls: DriveInfo[][] = [];
    const stopControl = control.watch((drives) => controlCalls.push(drives), 20);
    try {
      await nextChange(controlCalls, (ds) => ds.some((d) => d.mountPath === sim.mountPathOf('late')));
      await looksAfter(controlLooks, controlLooks.mock.calls.length, 2);
    } finally {
      stopControl();
    }
    expect(looks.mock.calls.length).toBe(looksAtStop);
    expect(calls.length).toBe(count);
  });
});
