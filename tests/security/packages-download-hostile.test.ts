import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCryptoSuite } from '../../main/crypto/crypto-suite';
import { downloadPackage } from '../../main/packages/download-package';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { verifyPackageFiles } from '../../main/packages/verify-files';
import { loadDemoSigningKey, publicKeySpkiBase64 } from '../rcoi-server/bundle-signer';
import { buildPackage } from '../rcoi-server/package-builder';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';

// A download is bound to the signed manifest: what is already on disk is hashed before it counts, and a server
// cannot make the app read (or buffer) more than the manifest allows, however much it sends.

const key = loadDemoSigningKey();
const spec = {
  regionCode: '42',
  ppeCode: '0412',
  exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE' as const, dayKind: 'main' as const },
  rooms: [{ auditoriumCode: '0101', kits: 12 }],
  reserveKits: 3,
  bytesPerKit: 64 * 1024,
};
const expected = { regionCode: '42', ppeCode: '0412', exams: [{ date: '2026-06-03', subjectCode: 12, form: 'EGE' }] };
let dir: string;
let server: RcoiServer;
let hostile: Server | null = null;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-dl-hostile-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: key });
});
afterEach(async () => {
  hostile?.closeAllConnections();
  if (hostile) await new Promise((r) => hostile!.close(r));
  hostile = null;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const job = (baseUrl: string, packageId: string) => ({
  baseUrl,
  packageId,
  folder: join(dir, 'ppe', packageId),
  pinnedRcoiKey: publicKeySpkiBase64(key),
  crypto: defaultCryptoSuite,
  expected,
  timeoutMs: 10_000,
});

/** A look-alike RCOI on loopback: serves a real signed package, except where `misbehave` answers instead. */
async function lookAlike(misbehave: (path: string, res: import('node:http').ServerResponse) => boolean) {
  const source = join(dir, 'lookalike');
  const { manifest } = buildPackage(source, spec, key);
  hostile = createServer((req, res) => {
    const path = req.url!.split('/').slice(5).join('/');
    if (misbehave(path, res)) return;
    const file = path === MANIFEST_FILE ? join(source, MANIFEST_FILE) : join(source, ...path.replace(/^files\//, '').split('/'));
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => hostile!.listen(0, '127.0.0.1', r));
  return { manifest, url: `http://127.0.0.1:${(hostile.address() as AddressInfo).port}` };
}

/** Sends `piece` again and again, chunked, without a Content-Length, until the client hangs up. */
function endless(res: import('node:http').ServerResponse, piece: Buffer): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  const pump = () => {
    while (!res.destroyed && res.write(piece));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.destroy());
  pump();
}

describe('downloads bound to the signed manifest', () => {
  it('a file of the right size but wrong content already in place is hashed, thrown away and fetched again', async () => {
    const { packageId } = server.publishPackage(spec);
    const j = job(server.url, packageId);
    const manifest = await downloadPackage(j);
    // An earlier run (or someone) left a final file of the right size with other bytes, and no manifest.
    const planted = join(j.folder, ...manifest.files[1]!.path.split('/'));
    writeFileSync(planted, Buffer.alloc(manifest.files[1]!.size, 0x41));
    rmSync(join(j.folder, MANIFEST_FILE));
    await downloadPackage(j);
    expect(await verifyPackageFiles(j.folder, manifest)).toMatchObject({ ok: true, problems: [] });
  });

  it('a manifest larger than the cap is refused (with a Content-Length)', async () => {
    const { url } = await lookAlike((path, res) => {
      if (path !== MANIFEST_FILE) return false;
      res.end(Buffer.alloc(3 * 1024 * 1024, 0x20));
      return true;
    });
    await expect(downloadPackage(job(url, '7f1d8a3e-1b2c-4d5e-8f90-123456789abc'))).rejects.toMatchObject({
      code: 'PACKAGE_MANIFEST_BAD',
      params: { reason: 'too_large' },
    });
  });

  it('a manifest that never ends is cut off at the cap instead of filling memory', async () => {
    const { url } = await lookAlike((path, res) => {
      if (path !== MANIFEST_FILE) return false;
      endless(res, Buffer.alloc(64 * 1024, 0x20));
      return true;
    });
    await expect(downloadPackage(job(url, '7f1d8a3e-1b2c-4d5e-8f90-123456789abc'))).rejects.toMatchObject({
      code: 'PACKAGE_MANIFEST_BAD',
      params: { reason: 'too_large' },
    });
  }, 20_000);

  it('a file body that goes on past the signed size is cut off there and never counts', async () => {
    let packageId = '';
    const { url, manifest } = await lookAlike((path, res) => {
      if (path !== `files/packs/0002.bin`) return false;
      endless(res, Buffer.alloc(64 * 1024, 0x42));
      return true;
    });
    packageId = manifest.packageId;
    const j = job(url, packageId);
    await expect(downloadPackage(j)).rejects.toMatchObject({ code: 'PACKAGE_DOWNLOAD_CORRUPT', params: { path: 'packs/0002.bin' } });
    expect(existsSync(join(j.folder, MANIFEST_FILE))).toBe(false);
    const partial = join(j.folder, 'packs', '0002.bin.partial');
    if (existsSync(partial)) expect(statSync(partial).size).toBeLessThanOrEqual(manifest.files[1]!.size);
  }, 20_000);

  it('a Content-Length larger than the signed size is refused before the body is read', async () => {
    const { url, manifest } = await lookAlike((path, res) => {
      if (path !== `files/packs/0001.bin`) return false;
      const size = manifest.files[0]!.size;
      res.writeHead(200, { 'Content-Length': String(size + 1) });
      res.end(Buffer.alloc(size + 1, 0x43));
      return true;
    });
    const j = job(url, manifest.packageId);
    await expect(downloadPackage(j)).rejects.toMatchObject({ code: 'PACKAGE_DOWNLOAD_CORRUPT', params: { path: 'packs/0001.bin' } });
    const partial = join(j.folder, 'packs', '0001.bin.partial');
    expect(existsSync(partial) ? statSync(partial).size : 0).toBe(0);
  });
});
