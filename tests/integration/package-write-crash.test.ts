import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findAppRoot } from '../../main/kernel/app-root';
import { DRIVE_PACKAGES_DIR } from '../../main/packages/drive-layout';
import { MANIFEST_FILE, type PackageManifest } from '../../main/packages/package-format';
import { verifyPackageFiles } from '../../main/packages/verify-files';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { openHarness, type Harness } from '../support/core-harness';
import { until } from '../support/wait';

// 30 times: the station writing a package to the main and the reserve drive is killed with SIGKILL at a random
// moment (before, during the write, during the read-back, after). Each time the app is opened again, checks the
// drives as they are inserted, and whatever it then calls "verified" must really be byte-identical to the signed
// package. Every third time a byte is also flipped on a drive before the app comes back, as a crash can leave it.
// At the end an uninterrupted write repairs both drives.

const RUNS = Number(process.env.WRITE_CRASH_RUNS ?? 30);
const root = findAppRoot();
let h: Harness;
let server: RcoiServer;
let sim: FolderDriveSimulator;
let child: string;
let packageId: string;
let manifest: PackageManifest;

beforeAll(async () => {
  child = join(root, 'dist', 'test-child', 'write-child.mjs');
  await build({
    entryPoints: [join(root, 'tests', 'fault', 'write-child.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: child, logLevel: 'warning',
  });
  // Today's demo calendar (the child runs on the real clock).
  h = await openHarness({ sync: false }, new Date());
  server = await startRcoiServer({ dbFile: join(h.dataDir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  const exam = h.core.db.prepare<[], { exam_date: string }>('SELECT exam_date FROM exam WHERE subject_code = 12').get()!;
  const published = server.publishPackage({
    regionCode: '42', ppeCode: '0412',
    exam: { date: exam.exam_date, subjectCode: 12, form: 'EGE', dayKind: 'main' },
    rooms: [{ auditoriumCode: '0101', kits: 15 }, { auditoriumCode: '0102', kits: 10 }],
    reserveKits: 5,
    bytesPerKit: 256 * 1024,
  });
  packageId = published.packageId;
  manifest = published.manifest;
  sim = new FolderDriveSimulator(join(h.dataDir, 'drives'));
  await h.core.close();
  // The station as the technical specialist left it: package downloaded, drives assigned.
  h.core = await (await import('../../main/root/app-core')).openCore({
    dataDir: h.dataDir, transport: 'bridge', rcoiUrl: server.url, drivesFolder: sim.root, drivePollMs: 50, log: { error: () => {} },
  });
  await h.signInAs('t', 7);
  await h.call('t', 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  h.core.packages.startDownload({ staffId: null, name: 'test', roleCode: 7 }, packageId, (t) => (task = t));
  await task;
  await sim.insert('main', { serial: 'MAIN-1' });
  await sim.insert('reserve', { serial: 'RESERVE-2' });
  await h.call('t', 'drives/assign', { driveId: 'serial:MAIN-1', role: 'main' });
  await h.call('t', 'drives/assign', { driveId: 'serial:RESERVE-2', role: 'reserve' });
  await h.core.close();
});
afterAll(async () => {
  await server?.close();
  await h?.close().catch(() => undefined);
});

function runChild(killAfterMs: number | null): Promise<{ wrote: boolean; done: boolean }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, '--data-dir', h.dataDir, '--drives-folder', sim.root, '--package-id', packageId], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('WRITING') && killAfterMs !== null && timer === null) timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`write child failed (${code}): ${err}`));
      else resolve({ wrote: out.includes('WRITING'), done: out.includes('DONE') });
    });
  });
}

/** What the drive really holds, judged without the app: the exact signed manifest and every listed byte. */
async function reallyGood(drive: string): Promise<boolean> {
  const base = join(sim.mountPathOf(drive), DRIVE_PACKAGES_DIR);
  const folder = join(base, readdirSync(base)[0]!);
  let text: Buffer;
  try {
    text = readFileSync(join(folder, MANIFEST_FILE));
  } catch {
    return false;
  }
  const local = readFileSync(join(h.dataDir, 'packages', packageId, MANIFEST_FILE));
  return text.equals(local) && (await verifyPackageFiles(folder, manifest)).ok;
}

function flipAByte(random: () => number): void {
  const drive = random() < 0.5 ? 'main' : 'reserve';
  const base = join(sim.mountPathOf(drive), DRIVE_PACKAGES_DIR);
  const folders = readdirSync(base);
  if (folders.length === 0) return;
  const packs = join(base, folders[0]!, 'packs');
  const files = readdirSync(packs).filter((f) => f.endsWith('.bin'));
  const file = join(packs, files[Math.floor(random() * files.length)]!);
  const bytes = readFileSync(file);
  if (bytes.length === 0) return;
  const at = Math.floor(random() * bytes.length);
  bytes[at] = bytes[at]! ^ 0x20;
  writeFileSync(file, bytes);
}

const copyStates = (): Record<string, string> =>
  Object.fromEntries(
    (() => {
      const db = new Database(join(h.dataDir, 'ppe.sqlite'), { readonly: true });
      try {
        return db.prepare<[], { drive_id: string; state: string }>('SELECT drive_id, state FROM package_copy').all().map((r) => [r.drive_id, r.state]);
      } finally {
        db.close();
      }
    })(),
  );

async function reopenAndSettle(): Promise<Record<string, { state: string }>> {
  const { openCore } = await import('../../main/root/app-core');
  h.core = await openCore({ dataDir: h.dataDir, transport: 'bridge', drivesFolder: sim.root, drivePollMs: 50, log: { error: () => {} } });
  await h.signInAs('t', 7);
  await until(
    () => h.call('t', 'packages/overview', {}),
    (o) => o.drives.filter((d) => d.present && d.check?.state === 'done').length === 2,
    'the checks of both drives to finish',
  );
  const states = copyStates();
  await h.core.close();
  return { main: { state: states['serial:MAIN-1'] ?? 'none' }, reserve: { state: states['serial:RESERVE-2'] ?? 'none' } };
}

it(`never calls a bad copy verified through ${RUNS} random SIGKILLs of the writing station`, async () => {
  // One undisturbed write first, to learn how long a write takes here, so kills spread over all of it.
  const started = Date.now();
  expect(await runChild(null)).toMatchObject({ done: true });
  const fullMs = Date.now() - started;
  let seed = 20261130;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const seen: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++) {
    const killAt = Math.floor(random() * fullMs);
    await runChild(killAt);
    for (const state of Object.values(copyStates())) seen[state] = (seen[state] ?? 0) + 1;
    const damaged = run % 3 === 2;
    if (damaged) flipAByte(random);
    const after = await reopenAndSettle();
    for (const drive of ['main', 'reserve'] as const) {
      // The one thing that must never happen: "verified" for a copy that is not byte for byte the package.
      if (after[drive].state === 'verified') expect({ run, drive, good: await reallyGood(drive) }).toEqual({ run, drive, good: true });
      expect(after[drive].state).not.toBe('writing');
    }
  }
  // The kills landed in the middle of writing as well as after it (otherwise this test proves little).
  expect(seen.writing ?? 0).toBeGreaterThan(3);
  // Writing again after all that repairs both drives.
  expect(await runChild(null)).toMatchObject({ done: true });
  const final = await reopenAndSettle();
  expect(final).toEqual({ main: { state: 'verified' }, reserve: { state: 'verified' } });
  expect(await reallyGood('main')).toBe(true);
  expect(await reallyGood('reserve')).toBe(true);
}, 300_000);
