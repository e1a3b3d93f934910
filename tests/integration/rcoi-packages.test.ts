import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../main/kernel/clock';
import { manifestEnvelopeSchema, packageManifestSchema, type PackageManifest } from '../../main/packages/package-format';
import { packagePublicationDate } from '../../main/timeline/working-days';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { main as runCli, parseCliArgs } from '../rcoi-server/cli';
import { addDays, loadDemoDataset, localDateIn } from '../rcoi-server/demo-bundles';
import type { PackageSpec } from '../rcoi-server/package-builder';
import { PackageStore, type PackageListEntry } from '../rcoi-server/package-store';
import { openRcoiDatabase } from '../rcoi-server/rcoi-database';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';

// The reference RCOI publishing internet packages and serving them over plain, resumable GETs.

const spec: PackageSpec = {
  regionCode: '42',
  ppeCode: '0412',
  exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' },
  rooms: [{ auditoriumCode: '0101', kits: 7 }],
  reserveKits: 2,
  bytesPerKit: 40 * 1024,
};

let dir: string;
let dbFile: string;
let server: RcoiServer;
let packageId: string;

const packageDir = (id: string) => join(`${dbFile}.blobs`, 'packages', id);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Whether the body ended short of Content-Length (the connection was cut). */
  aborted: boolean;
}

/** node:http, not fetch: the path goes out exactly as written (no dot-segment normalisation) and a cut is visible. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(server.url);
    // `path` as an option is sent verbatim; a URL string would be normalised first.
    const req = request({ hostname, port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), aborted: aborted || !res.complete }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (reply: RawReply): unknown => JSON.parse(reply.body.toString('utf8'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rcoi-packages-'));
  dbFile = join(dir, 'rcoi.sqlite');
  server = await startRcoiServer({ dbFile, port: 0, signingKey: loadDemoSigningKey() });
  packageId = server.publishPackage(spec).packageId;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('publishing', () => {
  it('builds the package into the blob folder and records it', () => {
    const { packageId: id, manifest } = server.publishPackage({ ...spec, exam: { ...spec.exam, subjectCode: 2 } });
    expect(manifest.packageId).toBe(id);
    expect(manifest.files.map((f) => f.path)).toEqual(['packs/0001.bin', 'packs/0002.bin']);
    for (const f of manifest.files) expect(sha256(readFileSync(join(packageDir(id), 'packs', f.path.slice(6))))).toBe(f.sha256);
    const row = server.db.prepare('SELECT region_code, ppe_code, exam_date, subject_code, form, total_bytes FROM published_packages WHERE package_id = ?').get(id);
    expect(row).toEqual({
      region_code: '42', ppe_code: '0412', exam_date: '2026-06-03', subject_code: 2, form: 'EGE',
      total_bytes: manifest.files.reduce((n, f) => n + f.size, 0),
    });
  });

  it('publishes over POST /admin/packages (loopback, JSON) and refuses a bad spec', async () => {
    const headers = { 'Content-Type': 'application/json' };
    const ok = await get('/admin/packages', headers, 'POST', JSON.stringify({ ...spec, ppeCode: '0999' }));
    expect(ok.status).toBe(201);
    const body = json(ok) as { packageId: string; manifest: unknown };
    expect(packageManifestSchema.parse(body.manifest).packageId).toBe(body.packageId);
    expect((await get('/admin/packages', headers, 'POST', JSON.stringify({ ...spec, ppeCode: '12' }))).status).toBe(400);
    expect((await get('/admin/packages', { ...headers, Host: 'evil.example' }, 'POST', JSON.stringify(spec))).status).toBe(403);
    expect((await get('/admin/packages', {}, 'POST', JSON.stringify(spec))).status).toBe(415);
    expect(() => server.publishPackage({ ...spec, bytesPerKit: 0 })).toThrow();
  });
});

describe('serving', () => {
  it('lists a PPE’s packages', async () => {
    const reply = await get('/api/v1/ppe/42/0412/packages');
    expect(reply.status).toBe(200);
    const { packages } = json(reply) as { packages: PackageListEntry[] };
    const mine = packages.find((p) => p.packageId === packageId);
    expect(mine).toEqual({
      packageId, examDate: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main', version: 1,
      publishedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), availableFrom: null,
      size: expect.any(Number), files: 2,
    });
    // The list's publication time is the manifest's (both from the server's clock).
    const envelope = manifestEnvelopeSchema.parse(json(await get(`/api/v1/packages/${packageId}/manifest.json`)));
    expect(JSON.parse(Buffer.from(envelope.manifest, 'base64').toString('utf8'))).toMatchObject({ publishedAt: mine!.publishedAt, version: 1 });
    expect((json(await get('/api/v1/ppe/42/0001/packages')) as { packages: [] }).packages).toEqual([]);
    expect((await get('/api/v1/ppe/4/0412/packages')).status).toBe(400);
  });

  it('serves the manifest file bytes as JSON', async () => {
    const reply = await get(`/api/v1/packages/${packageId}/manifest.json`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.body.equals(readFileSync(join(packageDir(packageId), 'manifest.json')))).toBe(true);
    const envelope = manifestEnvelopeSchema.parse(json(reply));
    expect(packageManifestSchema.parse(JSON.parse(Buffer.from(envelope.manifest, 'base64').toString('utf8'))).packageId).toBe(packageId);
  });

  it('serves a whole file byte-identical, with length, ETag and Accept-Ranges', async () => {
    const onDisk = readFileSync(join(packageDir(packageId), 'packs', '0001.bin'));
    const reply = await get(`/api/v1/packages/${packageId}/files/packs/0001.bin`);
    expect(reply.status).toBe(200);
    expect(reply.body.equals(onDisk)).toBe(true);
    expect(reply.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-length': String(onDisk.length),
      'accept-ranges': 'bytes',
      etag: `"${sha256(onDisk)}"`,
    });
    // The manifest's path may arrive percent-encoded: it is a lookup key, compared after decoding.
    expect((await get(`/api/v1/packages/${packageId}/files/packs%2F0001.bin`)).body.equals(onDisk)).toBe(true);
  });

  it('resumes with Range: the rest, or a middle slice; 416 past the end', async () => {
    const onDisk = readFileSync(join(packageDir(packageId), 'packs', '0002.bin'));
    const url = `/api/v1/packages/${packageId}/files/packs/0002.bin`;
    const n = 1000;
    const rest = await get(url, { Range: `bytes=${n}-` });
    expect(rest.status).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes ${n}-${onDisk.length - 1}/${onDisk.length}`);
    expect(rest.headers['content-length']).toBe(String(onDisk.length - n));
    expect(rest.body.equals(onDisk.subarray(n))).toBe(true);

    const slice = await get(url, { Range: 'bytes=10-19' });
    expect(slice.status).toBe(206);
    expect(slice.body.equals(onDisk.subarray(10, 20))).toBe(true);
    expect((await get(url, { Range: `bytes=${onDisk.length - 5}-${onDisk.length + 100}` })).body.equals(onDisk.subarray(-5))).toBe(true);

    const beyond = await get(url, { Range: `bytes=${onDisk.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${onDisk.length}`);
    expect((await get(url, { Range: 'bytes=20-10' })).status).toBe(416);
  });

  it('answers 404 JSON for an unknown package or file', async () => {
    const unknown = await get('/api/v1/packages/00000000-0000-4000-8000-000000000000/manifest.json');
    expect(unknown.status).toBe(404);
    expect(json(unknown)).toMatchObject({ error: 'no_package' });
    expect((await get('/api/v1/packages/00000000-0000-4000-8000-000000000000/files/packs/0001.bin')).status).toBe(404);
    expect((await get('/api/v1/packages/not-a-uuid/manifest.json')).status).toBe(404);
    const noFile = await get(`/api/v1/packages/${packageId}/files/packs/0099.bin`);
    expect(noFile.status).toBe(404);
    expect(json(noFile)).toMatchObject({ error: 'no_file' });
  });

  it('serves only paths the manifest lists, never one built from the URL', async () => {
    const base = `/api/v1/packages/${packageId}/files/`;
    for (const path of [
      '../manifest.json',
      'manifest.json',
      'packs/../manifest.json',
      'packs%2F..%2F..%2Fx',
      '..%2F..%2F..%2Frcoi.sqlite',
      '%2E%2E/manifest.json',
      'packs/./0001.bin',
      'PACKS/0001.BIN',
      '',
    ]) {
      const reply = await get(`${base}${path}`);
      expect({ path, status: reply.status }).toEqual({ path, status: 404 });
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
    }
    expect((await get(`${base}%E0%A4%A`)).status).toBe(400);
    expect((await get(`${base}packs/0001.bin`, {}, 'DELETE')).status).toBe(405);
  });
});

describe('faults and restart', () => {
  it('dropMidFile cuts a file body about halfway once, then serves it whole', async () => {
    const onDisk = readFileSync(join(packageDir(packageId), 'packs', '0001.bin'));
    const url = `/api/v1/packages/${packageId}/files/packs/0001.bin`;
    server.setFaults({ dropMidFile: 1 });
    const cut = await get(url);
    expect(cut.aborted).toBe(true);
    expect(cut.headers['content-length']).toBe(String(onDisk.length));
    expect(cut.body.length).toBe(Math.floor(onDisk.length / 2));
    expect(cut.body.equals(onDisk.subarray(0, cut.body.length))).toBe(true);
    expect(server.stats().faultsFired.dropMidFile).toBe(1);
    expect(server.getFaults().dropMidFile).toBe(0);

    // Resume where the cut left off.
    const rest = await get(url, { Range: `bytes=${cut.body.length}-` });
    expect(rest.status).toBe(206);
    expect(Buffer.concat([cut.body, rest.body]).equals(onDisk)).toBe(true);
    const whole = await get(url);
    expect(whole.aborted).toBe(false);
    expect(whole.body.equals(onDisk)).toBe(true);
  });

  it('dropMidFile is settable over POST /admin/faults', async () => {
    const set = await get('/admin/faults', { 'Content-Type': 'application/json' }, 'POST', JSON.stringify({ dropMidFile: 2 }));
    expect(json(set)).toMatchObject({ dropMidFile: 2 });
    server.setFaults({ dropMidFile: 0 });
  });

  it('keeps its packages across a restart', async () => {
    const before = json(await get('/api/v1/ppe/42/0412/packages'));
    await server.restart();
    expect(json(await get('/api/v1/ppe/42/0412/packages'))).toEqual(before);
    const onDisk = readFileSync(join(packageDir(packageId), 'packs', '0002.bin'));
    expect((await get(`/api/v1/packages/${packageId}/files/packs/0002.bin`)).body.equals(onDisk)).toBe(true);
    expect(server.db.pragma('user_version', { simple: true })).toBe(6);

    // A new server on the same files (as a new process would be) serves them too.
    await server.close();
    server = await startRcoiServer({ dbFile, port: 0, signingKey: loadDemoSigningKey() });
    expect(json(await get('/api/v1/ppe/42/0412/packages'))).toEqual(before);
    expect((await get(`/api/v1/packages/${packageId}/manifest.json`)).status).toBe(200);
  });
});

describe('availability: listed from the working-day publication date, in the PPE’s zone', () => {
  const KEMEROVO = 'Asia/Novokuznetsk'; // UTC+7
  // Main exam on Friday 12 June 2026 is impossible (Russia Day); Monday 15 June: listed from Friday 5 June.
  const exam = { date: '2026-06-15', subjectCode: 7, form: 'EGE' as const, dayKind: 'main' as const };
  const availableFrom = packagePublicationDate(exam.date, exam.dayKind);
  let clock: ManualClock;
  let timed: RcoiServer;
  let timedDir: string;

  const listed = async (): Promise<PackageListEntry[]> => {
    const reply = await fetch(`${timed.url}/api/v1/ppe/42/0412/packages`);
    expect(reply.status).toBe(200);
    return ((await reply.json()) as { packages: PackageListEntry[] }).packages;
  };

  beforeAll(async () => {
    timedDir = mkdtempSync(join(tmpdir(), 'rcoi-packages-timed-'));
    // 23:59:59 on Thursday 4 June in Kemerovo (16:59:59 UTC).
    clock = new ManualClock(new Date('2026-06-04T16:59:59.000Z'));
    timed = await startRcoiServer({ dbFile: join(timedDir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey(), clock });
  });

  afterAll(async () => {
    await timed.close();
    rmSync(timedDir, { recursive: true, force: true });
  });

  it('hides a package until the PPE’s local date reaches availableFrom, by the server’s clock', async () => {
    expect(availableFrom).toBe('2026-06-05');
    const { packageId: due } = timed.publishPackage({ ...spec, exam: { ...exam, subjectCode: 8 } });
    const { packageId: later } = timed.publishPackage({ ...spec, exam, availableFrom, timeZone: KEMEROVO });
    expect((await listed()).map((p) => p.packageId)).toEqual([due]);
    // The package is there all the same (a station that knows its id may fetch it); only the list waits.
    expect((await fetch(`${timed.url}/api/v1/packages/${later}/manifest.json`)).status).toBe(200);

    // Midnight in Kemerovo: still 4 June in UTC, already 5 June at the PPE.
    clock.advance(1000);
    const now = await listed();
    expect(now.map((p) => p.packageId)).toEqual([later, due]); // same date: by subject code
    expect(now[0]).toMatchObject({ packageId: later, examDate: '2026-06-15', dayKind: 'main', availableFrom: '2026-06-05', version: 1 });
    expect(now[0]!.publishedAt).toBe('2026-06-04T16:59:59.000Z');
  });

  it('compares in the zone stored with the date: the same date is due later in Kaliningrad', async () => {
    const { packageId } = timed.publishPackage({
      ...spec, exam: { ...exam, subjectCode: 9 }, availableFrom: '2026-06-05', timeZone: 'Europe/Kaliningrad',
    });
    expect((await listed()).map((p) => p.packageId)).not.toContain(packageId); // 19:00 on 4 June there
    clock.set(new Date('2026-06-04T22:00:00.000Z'));
    expect((await listed()).map((p) => p.packageId)).toContain(packageId);
  });

  it('takes availableFrom only with a time zone, and only real ones (also over POST /admin/packages)', async () => {
    const refused = (extra: object): void => {
      expect(() => timed.publishPackage({ ...spec, ...extra } as PackageSpec)).toThrow();
    };
    refused({ availableFrom: '2026-06-05' });
    refused({ timeZone: KEMEROVO });
    refused({ availableFrom: '2026-02-30', timeZone: KEMEROVO });
    refused({ availableFrom: '05.06.2026', timeZone: KEMEROVO });
    refused({ availableFrom: '2026-06-05', timeZone: 'Asia/Nowhere' });
    const post = (body: object) =>
      fetch(`${timed.url}/admin/packages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ ...spec, availableFrom: '2026-06-05' })).status).toBe(400);
    const created = await post({ ...spec, exam: { ...exam, subjectCode: 10 }, availableFrom: '2030-01-09', timeZone: KEMEROVO });
    expect(created.status).toBe(201);
    const { packageId } = (await created.json()) as { packageId: string };
    expect((await listed()).map((p) => p.packageId)).not.toContain(packageId);
  });
});

describe('schema step 4', () => {
  it('upgrades a database with packages from step 3: they stay listed, version 1, no availability date', () => {
    const file = join(dir, 'step3.sqlite');
    const old = new Database(file);
    // Step 3's table as it was created (the other tables are not needed by the package store).
    old.exec(`CREATE TABLE published_packages (
      package_id TEXT PRIMARY KEY, region_code TEXT NOT NULL, ppe_code TEXT NOT NULL, exam_date TEXT NOT NULL,
      subject_code INTEGER NOT NULL, form TEXT NOT NULL, day_kind TEXT NOT NULL, published_at TEXT NOT NULL,
      total_bytes INTEGER NOT NULL, file_count INTEGER NOT NULL)`);
    // And step 2's enrolment codes, which step 5 extends (HQ set-up).
    old.exec(`CREATE TABLE enrolment_codes (code TEXT PRIMARY KEY, region_code TEXT NOT NULL, ppe_code TEXT NOT NULL,
      created_at TEXT NOT NULL, reusable INTEGER NOT NULL DEFAULT 0, used_by_station TEXT, used_at TEXT)`);
    old.prepare(`INSERT INTO published_packages VALUES ('00000000-0000-4000-8000-000000000001', '42', '0412', '2026-06-03', 1, 'EGE',
      'main', '2026-05-01T00:00:00.000Z', 100, 1)`).run();
    old.pragma('user_version = 3');
    old.close();

    const db = openRcoiDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(6);
      const store = new PackageStore(db, `${file}.blobs`);
      expect(store.listFor('42', '0412', new Date('2020-01-01T00:00:00Z'))).toEqual([{
        packageId: '00000000-0000-4000-8000-000000000001', examDate: '2026-06-03', subjectCode: 1, form: 'EGE', dayKind: 'main',
        version: 1, publishedAt: '2026-05-01T00:00:00.000Z', availableFrom: null, size: 100, files: 1,
      }]);
      expect(store.hasExam('42', '0412', { date: '2026-06-03', subjectCode: 1, form: 'EGE' })).toBe(true);
      expect(store.hasExam('42', '0412', { date: '2026-06-03', subjectCode: 1, form: 'GVE' })).toBe(false);
      // A date without its zone (or the other way round) cannot be stored.
      expect(() => db.prepare(`UPDATE published_packages SET available_from = '2026-05-27'`).run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});

describe('the --demo CLI publishes one package per coming demo exam', () => {
  const dataset = loadDemoDataset();
  let cliDir: string;
  let cliDb: string;
  let running: RcoiServer | undefined;
  const stderr: string[] = [];

  const start = async (): Promise<RcoiServer> => {
    const errors = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void stderr.push(String(line)));
    const logs = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      running = await runCli(['--demo', '--port', '0', '--db', cliDb, '--package-kit-kib', '8']);
      return running;
    } finally {
      errors.mockRestore();
      logs.mockRestore();
    }
  };
  const listFrom = async (s: RcoiServer): Promise<PackageListEntry[]> =>
    ((await (await fetch(`${s.url}/api/v1/ppe/42/0412/packages`)).json()) as { packages: PackageListEntry[] }).packages;

  beforeAll(() => {
    cliDir = mkdtempSync(join(tmpdir(), 'rcoi-packages-cli-'));
    cliDb = join(cliDir, 'rcoi.sqlite');
  });

  afterAll(async () => {
    await running?.close();
    rmSync(cliDir, { recursive: true, force: true });
  });

  it('lists those already due in the PPE’s zone today, not the others, and publishes nothing twice on a restart', async () => {
    const today = localDateIn(dataset.ppe.timeZone);
    const coming = dataset.exams.filter((e) => e.dayOffset >= 0).map((e) => {
      const examDate = addDays(today, e.dayOffset);
      return { exam: e, examDate, availableFrom: packagePublicationDate(examDate, e.dayKind) };
    });
    const due = coming.filter((c) => c.availableFrom <= today);
    // The demo always has both: today's exam is due, the reserve day 9 days ahead is not yet.
    expect(due.length).toBeGreaterThan(0);
    expect(due.length).toBeLessThan(coming.length);

    const first = await start();
    const listed = await listFrom(first);
    // (Were the PPE's midnight passed meanwhile, the expectation above would be a day old.)
    expect(localDateIn(dataset.ppe.timeZone), 'the PPE’s date changed during the test: run it again').toBe(today);
    expect(listed.map((p) => [p.examDate, p.subjectCode, p.form, p.dayKind, p.availableFrom])).toEqual(
      due.map((c) => [c.examDate, c.exam.subjectCode, c.exam.form, c.exam.dayKind, c.availableFrom]),
    );
    const published = first.db.prepare('SELECT exam_date AS examDate, available_from AS availableFrom, time_zone AS timeZone FROM published_packages ORDER BY exam_date').all();
    expect(published).toEqual(coming.map((c) => ({ examDate: c.examDate, availableFrom: c.availableFrom, timeZone: dataset.ppe.timeZone })));
    expect(stderr.find((line) => line.includes('package(s) published'))).toMatch(
      new RegExp(`^demo PPE 42/0412: ${coming.length} package\\(s\\) published \\(8 KiB a kit; .*\\), 0 already there, ${dataset.exams.length - coming.length} past exam`),
    );

    // Kits: one a seated participant in each room, reserve 10 % (at least 5), 8 KiB each, packs of 5.
    const todays = listed.find((p) => p.examDate === today)!;
    const envelope = manifestEnvelopeSchema.parse(await (await fetch(`${first.url}/api/v1/packages/${todays.packageId}/manifest.json`)).json());
    const manifest = JSON.parse(Buffer.from(envelope.manifest, 'base64').toString('utf8')) as PackageManifest;
    const seating = dataset.exams.find((e) => e.dayOffset === 0)!.seating;
    const perRoom = new Map<string, number>();
    for (const seat of seating) perRoom.set(seat.auditoriumCode, (perRoom.get(seat.auditoriumCode) ?? 0) + 1);
    expect(manifest.rooms).toEqual([...perRoom].sort().map(([auditoriumCode, kits]) => ({ auditoriumCode, kits })));
    expect(manifest.reserveKits).toBe(Math.max(5, Math.ceil(seating.length / 10)));
    const kits = seating.length + manifest.reserveKits;
    // A pack weighs at least 8 KiB a kit (its kits' JSON, padded: main/kits/KITS.md), + IV and GCM tag.
    expect(manifest.files.reduce((n, f) => n + f.kits, 0)).toBe(kits);
    for (const f of manifest.files) expect(f.size).toBeGreaterThanOrEqual(f.kits * 8 * 1024 + 12 + 16);
    expect(todays.size).toBe(manifest.files.reduce((n, f) => n + f.size, 0));

    await first.close();
    running = undefined;
    stderr.length = 0;
    const second = await start();
    expect(await listFrom(second)).toEqual(listed);
    expect(second.db.prepare('SELECT count(*) AS n FROM published_packages').get()).toEqual({ n: coming.length });
    expect(stderr.find((line) => line.includes('package(s) published'))).toMatch(/: 0 package\(s\) published \(8 KiB a kit\), \d+ already there/);
  });

  it('takes the kit size in whole KiB, 64 by default', () => {
    expect(parseCliArgs([]).packageKitKib).toBe(64);
    expect(parseCliArgs(['--package-kit-kib', '1024']).packageKitKib).toBe(1024);
    for (const bad of ['0', '8193', '1.5', 'abc', '-1']) expect(() => parseCliArgs(['--package-kit-kib', bad])).toThrow(/--package-kit-kib/);
  });
});
