import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, stop } from './fixtures';
import { makeTestCertificate, type TestCertificate } from '../support/tls-rcoi';

/**
 * The reference RCOI server as a real PPE meets it: not --demo (it signs with a key of its own, never the demo key),
 * over HTTPS with a throwaway certificate (tests/support/tls-rcoi.ts) that a station's process trusts through
 * NODE_EXTRA_CA_CERTS (`stationEnv`). Tests drive it through its admin routes on loopback (`admin`).
 */
export interface RealRcoi {
  url: string;
  tls: TestCertificate;
  /** What a station's process needs to trust the server's certificate (startProcess's env). */
  stationEnv: NodeJS.ProcessEnv;
  /** POST to an admin route (e.g. /admin/enrolment-codes); resolves with the 201 answer's JSON. */
  admin(path: string, body: unknown): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startRealRcoi(): Promise<RealRcoi> {
  const dir = mkdtempSync(join(tmpdir(), 'ppe-e2e-rcoi-tls-'));
  const tls = makeTestCertificate(dir);
  const started = await startProcess(
    'dist/tests/rcoi-server/cli.js',
    ['--port', '0', '--db', join(dir, 'rcoi.sqlite'), '--tls-cert', tls.certFile, '--tls-key', tls.keyFile],
    /listening on (https:\/\/127\.0\.0\.1:\d+)/,
  ).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  const url = started.line;
  const admin = (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const bytes = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        new URL(path, url),
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) }, ca: [tls.cert] },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text) as Record<string, unknown>) : reject(new Error(`${path}: ${res.statusCode} ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(bytes);
    });
  };
  return {
    url,
    tls,
    stationEnv: { NODE_EXTRA_CA_CERTS: tls.certFile },
    admin,
    async stop() {
      await stop(started.process);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
