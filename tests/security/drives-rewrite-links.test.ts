import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXTRA_PATH_MAX, EXTRA_REMOVED_MAX } from '../../main/ipc/journal-actions';
import { clearPackageFolder } from '../../main/packages/clear-folder';
import { packageFolderOnDrive } from '../../main/packages/drive-layout';
import type { PackageManifest } from '../../main/packages/package-format';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { EXAM_MORNING, openHarness } from '../support/core-harness';
import { until } from '../support/wait';

// A rewrite removes what does not belong in a package folder on a drive (issue 10, item 3). The drive is hostile:
// links planted there point at the HQ computer's own files and folders. Removing must unlink the link as a name and
// never follow it — nothing outside the package's own folder may change — and a FIFO must not hang it.

let dir: string;
let folder: string;
let outside: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-rewrite-links-'));
  folder = join(dir, 'drive', 'PPE-PACKAGES', '2026-06-03_12_EGE_1f2e3d4c');
  mkdirSync(folder, { recursive: true });
  outside = join(dir, 'hq');
  mkdirSync(join(outside, 'sub'), { recursive: true });
  writeFileSync(join(outside, 'own.txt'), 'own');
  writeFileSync(join(outside, 'sub', 'deep.txt'), 'deep');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const manifest = { files: [{ path: 'packs/0001.bin' }, { path: 'packs/0002.bin' }] } as unknown as PackageManifest;

function outsideUntouched(): void {
  expect(readdirSync(outside).sort()).toEqual(['own.txt', 'sub']);
  expect(readFileSync(join(outside, 'own.txt'), 'utf8')).toBe('own');
  expect(readdirSync(join(outside, 'sub'))).toEqual(['deep.txt']);
  expect(readFileSync(join(outside, 'sub', 'deep.txt'), 'utf8')).toBe('deep');
}

describe('clearing a package folder never follows a link', () => {
  it('a link where a needed folder belongs is removed as a name; the folder it points at keeps everything', async () => {
    symlinkSync(outside, join(folder, 'packs'));
    expect(await clearPackageFolder(folder, manifest)).toEqual([{ path: 'packs', kind: 'symlink' }]);
    expect(readdirSync(folder)).toEqual([]);
    outsideUntouched();
  });

  it('a link where a listed file belongs, and a link named manifest.json, are removed; their targets stay', async () => {
    mkdirSync(join(folder, 'packs'));
    symlinkSync(join(outside, 'own.txt'), join(folder, 'packs', '0001.bin'));
    writeFileSync(join(folder, 'packs', '0002.bin'), 'a real pack stays for the write to replace');
    symlinkSync(join(outside, 'own.txt'), join(folder, 'manifest.json'));
    expect(await clearPackageFolder(folder, manifest)).toEqual([
      { path: 'manifest.json', kind: 'symlink' },
      { path: 'packs/0001.bin', kind: 'symlink' },
    ]);
    expect(readdirSync(join(folder, 'packs'))).toEqual(['0002.bin']);
    outsideUntouched();
  });

  it('an extra folder holding links to the HQ computer’s folders is emptied without entering them', async () => {
    mkdirSync(join(folder, 'extra', 'inner'), { recursive: true });
    symlinkSync(outside, join(folder, 'extra', 'inner', 'to-hq'));
    symlinkSync(join(outside, 'sub'), join(folder, 'extra', 'to-sub'));
    symlinkSync(join(outside, 'own.txt'), join(folder, 'extra', 'to-file'));
    symlinkSync(join(dir, 'nowhere'), join(folder, 'dangling'));
    expect(await clearPackageFolder(folder, manifest)).toEqual([
      { path: 'dangling', kind: 'symlink' },
      { path: 'extra', kind: 'folder' },
    ]);
    expect(readdirSync(folder)).toEqual([]);
    outsideUntouched();
  });

  it('a FIFO is removed without being opened (nothing hangs)', async () => {
    mkdirSync(join(folder, 'packs'));
    execFileSync('mkfifo', [join(folder, 'packs', '0001.bin')]);
    execFileSync('mkfifo', [join(folder, 'stray.fifo')]);
    expect(await clearPackageFolder(folder, manifest)).toEqual([
      { path: 'stray.fifo', kind: 'fifo' },
      { path: 'packs/0001.bin', kind: 'fifo' },
    ]);
    expect(existsSync(join(folder, 'packs'))).toBe(true);
    expect(lstatSync(join(folder, 'packs')).isDirectory()).toBe(true);
  });

  it('only below the folder: the folder’s siblings and parent are never touched', async () => {
    const sibling = join(dir, 'drive', 'PPE-PACKAGES', 'another-package');
    mkdirSync(sibling);
    writeFileSync(join(sibling, 'manifest.json'), '{}');
    writeFileSync(join(dir, 'drive', 'PPE-PACKAGES', 'note.txt'), 'n');
    writeFileSync(join(folder, 'stray.txt'), 's');
    await clearPackageFolder(folder, manifest);
    expect(readdirSync(join(dir, 'drive', 'PPE-PACKAGES')).sort()).toEqual(['2026-06-03_12_EGE_1f2e3d4c', 'another-package', 'note.txt']);
    expect(readdirSync(sibling)).toEqual(['manifest.json']);
  });
});

describe('the journal names what a write removed, capped', () => {
  it('many planted entries with a very long name: the first few are named, cut to size, all are counted; the write ends good', async () => {
    const server: RcoiServer = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
    const sim = new FolderDriveSimulator(join(dir, 'drives'));
    const h = await openHarness({ rcoiUrl: server.url, sync: false, drivesFolder: sim.root, drivePollMs: 50 }, EXAM_MORNING);
    try {
      await h.signInAs('tech', 7);
      const exam = { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' } as const;
      const { packageId } = server.publishPackage({ regionCode: '42', ppeCode: '0412', exam, rooms: [{ auditoriumCode: '0101', kits: 5 }], reserveKits: 0, bytesPerKit: 1024 });
      await h.call('tech', 'packages/refresh', {});
      let task: Promise<void> = Promise.resolve();
      h.core.packages.startDownload({ staffId: null, name: 'test', roleCode: 7 }, packageId, (t) => (task = t));
      await task;
      const { manifest: real } = h.core.packages.localManifest(packageId);
      const planted = join(sim.mountPathOf('main'), ...packageFolderOnDrive(real).split('/'));
      mkdirSync(planted, { recursive: true });
      for (let i = 0; i < 30; i++) writeFileSync(join(planted, `stray-${String(i).padStart(2, '0')}.txt`), 'x');
      const long = `${'b'.repeat(240)}.txt`; // longer than the journal takes, within the file system's 255 bytes
      writeFileSync(join(planted, long), 'x');
      symlinkSync(outside, join(planted, 'aaa-link'));
      await sim.insert('main', { serial: 'AA01' });
      const o = await until(() => h.call('tech', 'packages/overview', {}), (v) => v.drives.some((d) => d.present && d.check?.state === 'done'), 'the drive');
      await h.call('tech', 'drives/assign', { driveId: o.drives[0]!.id, role: 'main' });
      await h.call('tech', 'packages/writeToDrives', { packageId, roles: ['main'] });
      const done = await until(() => h.call('tech', 'packages/overview', {}), (v) => v.write?.targets.every((t) => t.phase === 'done' || t.phase === 'failed') ?? false, 'the write');
      expect(done.write!.targets[0]).toMatchObject({ phase: 'done', problem: null });
      outsideUntouched();
      const entries = h.core.db.prepare<[], { payload: string }>("SELECT payload FROM journal WHERE action = 'package.extra_removed'").all();
      expect(entries).toHaveLength(1);
      const p = JSON.parse(entries[0]!.payload) as { removed: { path: string; kind: string }[]; count: number };
      expect(p.count).toBe(32);
      expect(p.removed).toHaveLength(EXTRA_REMOVED_MAX);
      expect(p.removed[0]).toEqual({ path: 'aaa-link', kind: 'symlink' });
      expect(p.removed[1]!.path).toHaveLength(EXTRA_PATH_MAX);
      expect(p.removed[1]!.path.endsWith('…')).toBe(true);
      expect(p.removed.every((r) => r.path.length <= EXTRA_PATH_MAX)).toBe(true);
    } finally {
      await h.close();
      await server.close();
    }
  });
});
