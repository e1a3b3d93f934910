import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findAppRoot } from '../../main/kernel/app-root';
import { sha256, TestStation } from '../rcoi-server/test-station';

// The reference server as its own process (the CLI, built here from the sources), killed with SIGKILL and started
// again on the same database and port: what it had acknowledged is still there, and an upload resumes.

const root = findAppRoot();
const cli = join(root, 'dist', 'test-child', 'rcoi-sync-cli.mjs');
let dir: string;
let running: ChildProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rcoi-sync-cli-'));
  // Inside the repository, so the bundle's external packages (better-sqlite3) resolve from node_modules.
  await build({
    entryPoints: [join(root, 'tests', 'rcoi-server', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: cli,
    logLevel: 'warning',
  });
});

afterAll(() => {
  running?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startCli(port: number): Promise<{ url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [cli, '--demo', '--port', String(port), '--db', join(dir, 'rcoi.sqlite')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${err}`)));
  });
  return { url, stderr: () => err };
}

function killHard(): Promise<void> {
  const child = running!;
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function admin<T>(url: string, path: string, body?: unknown): Promise<T> {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return (await (await fetch(`${url}${path}`, init)).json()) as T;
}

it('keeps what it acknowledged through SIGKILL and resumes an upload on the same port', async () => {
  const first = await startCli(0);
  expect(first.stderr()).toMatch(/demo enrolment code DEMO-0412-2026 for 42\/0412 \(reusable\)/);
  const station = new TestStation(first.url);
  expect((await station.enrol('DEMO-0412-2026')).status).toBe(200);

  const smallId = randomUUID();
  const small = { kind: 'status', schemaVersion: 1, stream: 'status', payload: { state: 'ready' } };
  expect((await station.putItem(smallId, small)).body).toMatchObject({ status: 'stored' });

  const chunkSize = 128 * 1024;
  const bytes = randomBytes(3 * chunkSize - 5);
  const chunks = [0, 1, 2].map((i) => bytes.subarray(i * chunkSize, (i + 1) * chunkSize));
  const itemId = randomUUID();
  const declaration = { itemId, kind: 'packet', schemaVersion: 1, stream: 'packets', size: bytes.length, sha256: sha256(bytes), chunkSize };
  await station.openUpload(declaration);
  expect((await station.putChunk(itemId, 0, chunks[0]!)).body).toEqual({ received: 1 });

  // Chunk 1 is stored, but its answer is held back (slowMs), and the process dies before sending it.
  await admin(first.url, '/admin/faults', { slowMs: 10_000 });
  const lost = station.putChunk(itemId, 1, chunks[1]!);
  // It fails while we are still killing the process: handled here, asserted below, never an unhandled rejection.
  lost.catch(() => undefined);
  await expect.poll(async () => (await admin<{ heldChunks: number }>(first.url, '/admin/stats')).heldChunks, { timeout: 3000 }).toBe(2);
  await killHard();
  await expect(lost).rejects.toThrow();

  const port = Number(new URL(first.url).port);
  const second = await startCli(port);
  expect(second.url).toBe(first.url);
  expect(second.stderr()).toMatch(/0 bundle\(s\) published/);
  // A fresh process starts without faults, knows the station, and has the chunk it never acknowledged.
  expect(await admin(second.url, '/admin/faults')).toEqual({ dropMidChunk: 0, fail500: 0, slowMs: 0, duplicateResponse: 0, dropMidFile: 0 });
  expect((await station.openUpload(declaration)).body).toEqual({ received: [0, 1], status: 'open' });
  expect((await station.putItem(smallId, small)).body).toMatchObject({ status: 'duplicate' });
  expect((await station.putChunk(itemId, 2, chunks[2]!)).body).toEqual({ received: 3 });
  expect((await station.commit(itemId)).body).toEqual({ status: 'stored', sha256: declaration.sha256 });

  const { items } = await admin<{ items: { id: string; copies: number; duplicateDeliveries: number; sha256: string }[] }>(second.url, '/admin/items');
  expect(items.map((i) => i.id).sort()).toEqual([smallId, itemId].sort());
  expect(items.find((i) => i.id === smallId)).toMatchObject({ copies: 1, duplicateDeliveries: 1 });
  expect(items.find((i) => i.id === itemId)).toMatchObject({ copies: 1, sha256: declaration.sha256 });
  // The demo code is reusable: another demo app enrols its own key with it.
  expect((await new TestStation(second.url).enrol('DEMO-0412-2026')).status).toBe(200);

  await killHard();
});
