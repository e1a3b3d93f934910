import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../main/kernel/app-error';
import { defaultCryptoSuite } from '../../main/crypto/crypto-suite';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { readManifest, type ExpectedPackage } from '../../main/packages/read-manifest';
import { verifyPackageFiles } from '../../main/packages/verify-files';
import { generateSigningKey, loadDemoSigningKey, publicKeySpkiBase64 } from '../rcoi-server/bundle-signer';
import { buildPackage, signManifest } from '../rcoi-server/package-builder';

const rcoi = loadDemoSigningKey();
const pinned = publicKeySpkiBase64(rcoi);
const expected: ExpectedPackage = { regionCode: '42', ppeCode: '0412', exams: [{ date: '2026-06-03', subjectCode: 12, form: 'EGE' }] };
const spec = {
  regionCode: '42',
  ppeCode: '0412',
  exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE' as const, dayKind: 'main' as const },
  rooms: [
    { auditoriumCode: '0101', kits: 25 },
    { auditoriumCode: '0102', kits: 14 },
    { auditoriumCode: '0103', kits: 1 },
  ],
  reserveKits: 8,
  bytesPerKit: 4096,
};
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-pkg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const manifestText = () => readFileSync(join(dir, MANIFEST_FILE), 'utf8');
function refusal(fn: () => unknown): { code: string; params: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('internet package verification', () => {
  it('accepts a package signed by RCOI for this PPE and exam, with kits in packs of 5', async () => {
    const { manifest } = buildPackage(dir, spec, rcoi);
    const read = readManifest(manifestText(), pinned, defaultCryptoSuite, expected);
    expect(read.packageId).toBe(manifest.packageId);
    expect(read.files).toHaveLength(Math.ceil((25 + 14 + 1 + 8) / 5));
    expect(read.files.reduce((n, f) => n + f.kits, 0)).toBe(48);
    const progress: number[] = [];
    const result = await verifyPackageFiles(dir, read, (b) => progress.push(b));
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(progress.at(-1)).toBe(read.files.reduce((n, f) => n + f.size, 0));
  });

  it('names a flipped byte, a missing file, a truncated file and an extra one', async () => {
    const { manifest } = buildPackage(dir, spec, rcoi);
    const [a, b, c] = manifest.files;
    const pa = join(dir, a!.path);
    const bytes = readFileSync(pa);
    bytes[bytes.length >> 1] ^= 0x01;
    writeFileSync(pa, bytes);
    unlinkSync(join(dir, b!.path));
    truncateSync(join(dir, c!.path), 100);
    writeFileSync(join(dir, 'packs', 'stray.bin'), 'x');
    const result = await verifyPackageFiles(dir, manifest);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { path: a!.path, kind: 'hash' },
      { path: b!.path, kind: 'missing' },
      { path: c!.path, kind: 'size', expected: c!.size, actual: 100 },
      { path: 'packs/stray.bin', kind: 'extra' },
    ]);
  });

  it('refuses a tampered manifest, an unsigned one, and one signed by someone else', () => {
    buildPackage(dir, spec, rcoi);
    const envelope = JSON.parse(manifestText());
    const m = JSON.parse(Buffer.from(envelope.manifest, 'base64').toString());
    m.reserveKits = 80;
    const tampered = { ...envelope, manifest: Buffer.from(JSON.stringify(m)).toString('base64') };
    expect(refusal(() => readManifest(JSON.stringify(tampered), pinned, defaultCryptoSuite, expected))).toMatchObject({ code: 'PACKAGE_MANIFEST_BAD', params: { reason: 'signature' } });
    const unsigned = { ...envelope, signature: undefined };
    expect(refusal(() => readManifest(JSON.stringify(unsigned), pinned, defaultCryptoSuite, expected)).params.reason).toBe('unsigned');
    expect(refusal(() => readManifest(signManifest(m, generateSigningKey()), pinned, defaultCryptoSuite, expected)).params.reason).toBe('signature');
  });

  it('refuses a manifest with a path that leaves the package folder', () => {
    const { manifest } = buildPackage(dir, spec, rcoi);
    for (const path of ['../../x', '/etc/passwd', 'packs/../../x', 'C:/x', 'packs\\0001.bin', 'manifest.json']) {
      const evil = { ...manifest, files: [{ ...manifest.files[0]!, path }] };
      expect(refusal(() => readManifest(signManifest(evil, rcoi), pinned, defaultCryptoSuite, expected)), path).toMatchObject({
        code: 'PACKAGE_MANIFEST_BAD',
        params: { reason: 'content', path: 'files.0.path' },
      });
    }
  });

  it('refuses a package for another PPE or another date', () => {
    buildPackage(dir, { ...spec, ppeCode: '0999' }, rcoi);
    expect(refusal(() => readManifest(manifestText(), pinned, defaultCryptoSuite, expected))).toMatchObject({ code: 'PACKAGE_OTHER_PPE', params: { packagePpe: '0999' } });
    rmSync(dir, { recursive: true, force: true });
    buildPackage(dir, { ...spec, exam: { ...spec.exam, date: '2026-06-04' } }, rcoi);
    expect(refusal(() => readManifest(manifestText(), pinned, defaultCryptoSuite, expected))).toMatchObject({ code: 'PACKAGE_UNKNOWN_EXAM', params: { date: '2026-06-04' } });
  });
});
