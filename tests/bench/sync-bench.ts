import { spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncClient } from '../../main/sync/sync-client';
import { loadDemoSigningKey, publicKeySpkiBase64 } from '../rcoi-server/bundle-signer';
import { uploadBlob } from '../../main/sync/uploader';

// bench:sync — a 256 MiB item uploaded by the app's uploader (4 MiB chunks, each hashed and signed, resumable,
// whole-file hash checked at commit) to the reference RCOI server on loopback, against `curl --upload-file` of the
// same bytes to the same server (a plain streamed PUT that the server also hashes and fsyncs). The server runs as
// its own process for both; the runs alternate, twice each.

const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MIB ?? 256) * MIB;
const ROUNDS = 2;
const dir = mkdtempSync(join(tmpdir(), 'ppe-bench-sync-'));
const file = join(dir, 'item.bin');

// The item: random bytes on disk (not timed).
const hash = createHash('sha256');
const fd = openSync(file, 'w');
for (let written = 0; written < SIZE; written += 8 * MIB) {
  const block = randomBytes(Math.min(8 * MIB, SIZE - written));
  hash.update(block);
  writeSync(fd, block);
}
fsyncSync(fd);
closeSync(fd);
const sha256 = hash.digest('hex');

const server = spawn(process.execPath, ['dist/tests/rcoi-server/cli.js', '--demo', '--port', '0', '--db', join(dir, 'rcoi.sqlite')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) resolve(m[1]!);
  });
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});

try {
  // The demo server signs its answers with the demo RCOI key: the one the demo PPE pins.
  const client = new SyncClient(url, publicKeySpkiBase64(loadDemoSigningKey()), () => new Date());
  await client.time();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { stationId } = await client.enrol({
    regionCode: '42',
    ppeCode: '0412',
    stationNumber: '100001',
    enrolmentCode: 'DEMO-0412-2026',
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  });
  const creds = { stationId, privateKey };

  let appMs = 0;
  let curlMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const runApp = async () => {
      const t = performance.now();
      await uploadBlob(client, creds, {
        file,
        descriptor: { itemId: crypto.randomUUID(), kind: 'packet', schemaVersion: 1, stream: `bench-${round}`, size: SIZE, sha256, chunkSize: 4 * MIB },
        now: () => new Date(),
        onProgress: () => {},
      });
      appMs += performance.now() - t;
    };
    const runCurl = () => {
      const t = performance.now();
      const r = spawnSync('curl', ['-sS', '-f', '--upload-file', file, `${url}/bench/raw/curl-${round}`], { encoding: 'utf8' });
      curlMs += performance.now() - t;
      if (r.status !== 0) throw new Error(`curl failed: ${r.stderr}`);
      const answer = JSON.parse(r.stdout) as { sha256: string };
      if (answer.sha256 !== sha256) throw new Error('curl upload arrived with another hash');
    };
    if (round % 2 === 0) {
      await runApp();
      runCurl();
    } else {
      runCurl();
      await runApp();
    }
  }
  const mib = (SIZE / MIB) * ROUNDS;
  console.log(`app:  ${mib} MiB in ${(appMs / 1000).toFixed(2)} s (${(mib / (appMs / 1000)).toFixed(1)} MiB/s)`);
  console.log(`curl: ${mib} MiB in ${(curlMs / 1000).toFixed(2)} s (${(mib / (curlMs / 1000)).toFixed(1)} MiB/s)`);
  console.log(`RESULT sync ratio=${(appMs / curlMs).toFixed(3)} mib_per_s=${(mib / (appMs / 1000)).toFixed(1)}`);
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
