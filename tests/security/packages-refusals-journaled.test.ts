import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { EXAM_MORNING, openHarness, type Harness } from '../support/core-harness';

// A package manifest refused at download is a refused input: it is journaled with its reason, and the package is
// left not downloaded.

const EXAM = { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' } as const;
const TECH = { staffId: null, name: 'test', roleCode: 7 };

let dir: string;
let server: RcoiServer;
let h: Harness;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-pkg-refused-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  h = await openHarness({ rcoiUrl: server.url, sync: false }, EXAM_MORNING);
  await h.signInAs('tech', 7);
});
afterEach(async () => {
  await h.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function downloadWithManifest(manifest: Buffer): Promise<string> {
  const { packageId } = server.publishPackage({ regionCode: '42', ppeCode: '0412', exam: EXAM, rooms: [{ auditoriumCode: '0101', kits: 5 }], reserveKits: 0, bytesPerKit: 1024 });
  writeFileSync(join(`${join(dir, 'rcoi.sqlite')}.blobs`, 'packages', packageId, MANIFEST_FILE), manifest);
  await h.call('tech', 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  h.core.packages.startDownload(TECH, packageId, (t) => (task = t));
  await task;
  return packageId;
}

const failures = () =>
  h.core.db
    .prepare<[], { payload: string }>(`SELECT payload FROM journal WHERE action = 'package.download_failed' ORDER BY seq`)
    .all()
    .map((r) => JSON.parse(r.payload) as { packageId: string; error: { code: string; params: Record<string, unknown> } });

describe('refused package manifests are journaled', () => {
  it('an oversized manifest from the server is refused unread and journaled as too large', async () => {
    const packageId = await downloadWithManifest(Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(failures()).toEqual([expect.objectContaining({ packageId, error: { code: 'PACKAGE_MANIFEST_BAD', params: { reason: 'too_large' } } })]);
    expect(h.core.packages.hasLocalCopy(packageId)).toBe(false);
  });

  it('a manifest with a bad signature is journaled with its reason', async () => {
    const packageId = await downloadWithManifest(Buffer.from(JSON.stringify({ format: 'ppe-internet-package', formatVersion: 1, manifest: 'e30=', signature: { alg: 'Ed25519', keyId: '0'.repeat(64), value: 'AAAA' } })));
    expect(failures()).toEqual([expect.objectContaining({ packageId, error: { code: 'PACKAGE_MANIFEST_BAD', params: { reason: 'signature' } } })]);
  });
});
