import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer } from '../rcoi-server/server';
import { sha256, TestStation } from '../rcoi-server/test-station';

it('probe timing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-'));
  const server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  const s = new TestStation(server.url);
  await s.enrol(server.createEnrolmentCode('42', '0412').code);
  const C = 4 * 1024 * 1024; const N = 64;
  const bytes = randomBytes(C * N);
  const itemId = randomUUID();
  await s.openUpload({ itemId, kind: 'packet', schemaVersion: 1, stream: 'p', size: bytes.length, sha256: sha256(bytes), chunkSize: C });
  let t = performance.now();
  for (let i = 0; i < N; i++) await s.putChunk(itemId, i, bytes.subarray(i * C, (i + 1) * C));
  console.log('chunks ms', performance.now() - t);
  t = performance.now();
  console.log(await s.commit(itemId).then((r) => r.body));
  console.log('commit ms', performance.now() - t);
  t = performance.now();
  const r = await fetch(`${server.url}/bench/raw/x`, { method: 'PUT', body: bytes });
  console.log('bench ms', performance.now() - t, await r.json());
  await server.close();
}, 120_000);
