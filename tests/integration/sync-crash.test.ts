import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findAppRoot } from '../../main/kernel/app-root';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { largeItemSha256, smallItemPayload } from '../fault/crash-items';

// 50 times: a PPE process delivering its outbox is killed with SIGKILL at a random moment and started again.
// At the end RCOI must hold every item exactly once, byte-identical by hash: nothing lost, nothing duplicated.

const RUNS = Number(process.env.CRASH_RUNS ?? 50);
const SMALL = 4;
const LARGE = 1;
const LARGE_BYTES = 4 * 1024 * 1024 + 12_345;
const CHUNK = 64 * 1024;
const root = findAppRoot();
let dir: string;
let server: RcoiServer;
let child: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-crash-'));
  child = join(root, 'dist', 'test-child', 'sync-child.mjs');
  await build({
    entryPoints: [join(root, 'tests', 'fault', 'sync-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: child,
    logLevel: 'warning',
  });
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  server.createEnrolmentCode('42', '0412', 'DEMO-0412-2026');
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function runChild(batch: number, killAfterMs: number | null): Promise<{ done: boolean; killed: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [child, '--data-dir', join(dir, 'ppe'), '--rcoi-url', server.url,
      '--batch', String(batch), '--small', String(SMALL), '--large', String(LARGE), '--large-bytes', String(LARGE_BYTES), '--chunk-size', String(CHUNK)],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      if (killAfterMs !== null && timer === null) timer = setTimeout(() => (killed = p.kill('SIGKILL')), killAfterMs);
    };
    p.stdout.on('data', (d) => {
      out += d;
      // Runs told to die "early" are armed at once; the others once delivery has begun.
      if (out.includes('DELIVERING')) arm();
    });
    p.stderr.on('data', (d) => (err += d));
    if (killAfterMs !== null && killAfterMs < 0) {
      killAfterMs = -killAfterMs;
      arm();
    }
    p.on('exit', () => {
      if (timer) clearTimeout(timer);
      resolve({ done: out.includes('DONE'), killed, stderr: err });
    });
  });
}

it(`delivers every item exactly once through ${RUNS} random SIGKILLs`, async () => {
  let seed = 20261124;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let finishedEarly = 0;
  for (let run = 0; run < RUNS; run++) {
    // Each run queues one more batch, so every run has fresh uploads to be killed in the middle of.
    // Negative: counted from the start (kills during start-up, seeding, enrolment, staging); positive: counted from
    // the moment delivery begins.
    const r = await runChild(run + 1, run < 5 ? -Math.round(50 + random() * 500) : Math.round(random() * 120));
    if (!r.killed) {
      expect(r.stderr, `run ${run} failed on its own`).toBe('');
      if (r.done) finishedEarly++;
    }
  }
  const last = await runChild(RUNS, null);
  expect(last.stderr).toBe('');
  expect(last.done).toBe(true);

  const expected = new Map<string, string>();
  const local = new Database(join(dir, 'ppe', 'ppe.sqlite'), { readonly: true });
  const rows = local.prepare("SELECT id, kind, payload, sha256, size FROM outbox WHERE kind IN ('act', 'status', 'packet')").all() as {
    id: string; kind: string; payload: string | null; sha256: string; size: number }[];
  local.close();
  const smallShas = new Set<string>();
  const largeShas = new Set<string>();
  for (let batch = 1; batch <= RUNS; batch++) {
    for (let i = 0; i < SMALL; i++) smallShas.add(createHash('sha256').update(JSON.stringify(smallItemPayload(batch * 1000 + i))).digest('hex'));
    for (let i = 0; i < LARGE; i++) largeShas.add(largeItemSha256(batch * 1000 + i, LARGE_BYTES));
  }
  expect(rows).toHaveLength(RUNS * (SMALL + LARGE)); // each batch queued once, whatever the crashes
  for (const r of rows) {
    expect(r.payload === null ? largeShas.has(r.sha256) : smallShas.has(r.sha256), `item ${r.id}`).toBe(true);
    expected.set(r.id, r.sha256);
  }

  const held = server.items();
  expect(held).toHaveLength(RUNS * (SMALL + LARGE));
  for (const item of held) {
    expect(expected.get(item.id), `RCOI holds an item the PPE never queued: ${item.id}`).toBeDefined();
    expect(item.sha256).toBe(expected.get(item.id));
    expect(item.copies).toBe(1);
  }
  for (const [id, sha] of expected) {
    const bytes = server.itemBytes(id);
    const actual = createHash('sha256').update(typeof bytes === 'string' ? readFileSync(bytes) : bytes).digest('hex');
    expect(actual, `bytes of ${id}`).toBe(sha);
  }
  const stats = server.stats();
  console.log(`crash test: ${RUNS} runs, ${RUNS - finishedEarly} killed mid-work, ${stats.duplicateDeliveries} duplicate deliveries absorbed`);
  // Most kills must land in the middle of the work, or the test proves little.
  expect(finishedEarly).toBeLessThan(RUNS / 4);
}, 300_000);
