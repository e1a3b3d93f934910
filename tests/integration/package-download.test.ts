import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCryptoSuite } from '../../main/crypto/crypto-suite';
import { downloadPackage } from '../../main/packages/download-package';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { verifyPackageFiles } from '../../main/packages/verify-files';
import { loadDemoSigningKey, publicKeySpkiBase64 } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';

// Downloading an internet package from the reference RCOI server on loopback: resumable, hashed while streaming.

const key = loadDemoSigningKey();
const spec = {
  regionCode: '42',
  ppeCode: '0412',
  exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE' as const, dayKind: 'main' as const },
  rooms: [{ auditoriumCode: '0101', kits: 25 }, { auditoriumCode: '0102', kits: 14 }],
  reserveKits: 6,
  bytesPerKit: 200 * 1024,
};
const expected = { regionCode: '42', ppeCode: '0412', exams: [{ date: '2026-06-03', subjectCode: 12, form: 'EGE' }] };
let dir: string;
let server: RcoiServer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-dl-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: key });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const job = (packageId: string) => ({
  baseUrl: server.url,
  packageId,
  folder: join(dir, 'ppe', packageId),
  pinnedRcoiKey: publicKeySpkiBase64(key),
  crypto: defaultCryptoSuite,
  expected,
});

describe('internet package download', () => {
  it('downloads, verifies while streaming, and writes the manifest last', async () => {
    const { packageId } = server.publishPackage(spec);
    const progress: number[] = [];
    const manifest = await downloadPackage({ ...job(packageId), onProgress: (p) => progress.push(p.bytesDone) });
    expect(progress.at(-1)).toBe(manifest.files.reduce((n, f) => n + f.size, 0));
    expect(existsSync(join(job(packageId).folder, MANIFEST_FILE))).toBe(true);
    expect((await verifyPackageFiles(job(packageId).folder, manifest)).ok).toBe(true);
  });

  it('resumes a download cut in the middle of a file from where it stopped', async () => {
    const { packageId } = server.publishPackage(spec);
    server.faults.dropMidFile = 1;
    await expect(downloadPackage(job(packageId))).rejects.toThrow();
    const folder = job(packageId).folder;
    expect(existsSync(join(folder, MANIFEST_FILE))).toBe(false); // not a package yet
    const partial = join(folder, 'packs', '0001.bin.partial');
    const kept = statSync(partial).size;
    expect(kept).toBeGreaterThan(0);
    const manifest = await downloadPackage(job(packageId));
    expect((await verifyPackageFiles(folder, manifest)).ok).toBe(true);
    expect(manifest.files[0]!.size).toBeGreaterThan(kept);
  });

  it('throws away a file that arrives with the wrong hash and never writes the manifest', async () => {
    const { packageId } = server.publishPackage(spec);
    const served = join(`${join(dir, 'rcoi.sqlite')}.blobs`, 'packages', packageId, 'packs', '0002.bin');
    const bytes = readFileSync(served);
    bytes[100] ^= 0xff;
    writeFileSync(served, bytes);
    await expect(downloadPackage(job(packageId))).rejects.toMatchObject({ code: 'PACKAGE_DOWNLOAD_CORRUPT', params: { path: 'packs/0002.bin' } });
    expect(existsSync(join(job(packageId).folder, MANIFEST_FILE))).toBe(false);
    expect(existsSync(join(job(packageId).folder, 'packs', '0002.bin.partial'))).toBe(false);
  });

  it('refuses a package for another PPE before fetching any pack', async () => {
    const { packageId } = server.publishPackage({ ...spec, ppeCode: '0999' });
    await expect(downloadPackage(job(packageId))).rejects.toMatchObject({ code: 'PACKAGE_OTHER_PPE' });
    expect(existsSync(join(job(packageId).folder, 'packs'))).toBe(false);
  });
});
