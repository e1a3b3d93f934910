import { describe, expect, it } from 'vitest';
import { packageManifestSchema, packagePathSchema } from '../../main/packages/package-format';

// A signed manifest names the files the app writes onto FAT drives and Windows disks: a name either system cannot
// hold, or one that collides with the app's own manifest and temporary files, is refused before anything is written.

const refused = (path: string) => expect(packagePathSchema.safeParse(path).success, path).toBe(false);
const accepted = (path: string) => expect(packagePathSchema.safeParse(path).success, path).toBe(true);

describe('package file names that Windows or FAT cannot hold', () => {
  it('refuses reserved device names in any segment, any case, with or without an extension', () => {
    for (const name of ['CON', 'prn', 'Aux', 'nul', 'COM1', 'com9', 'LPT1', 'lpt9', 'CON.bin', 'nul.txt', 'Com3.tar.gz']) {
      refused(name);
      refused(`packs/${name}`);
      refused(`${name}/0001.bin`);
    }
  });

  it('refuses a segment ending in a dot or a space', () => {
    refused('packs/0001.bin.');
    refused('packs./0001.bin');
    refused('packs/0001.bin ');
  });

  it('refuses manifest.json in any letter case, at any level', () => {
    for (const p of ['manifest.json', 'MANIFEST.JSON', 'Manifest.Json', 'packs/manifest.json', 'packs/MANIFEST.json']) refused(p);
  });

  it('refuses a name that clashes with the .partial temporaries', () => {
    for (const p of ['packs/0001.bin.partial', 'packs/0001.bin.PARTIAL', 'x.Partial', 'dir.partial/0001.bin']) refused(p);
  });

  it('keeps ordinary names, and still refuses two paths that differ only by case', () => {
    for (const p of ['packs/0001.bin', 'console.bin', 'CONS', 'COM10', 'LPT0.bin', 'com.bin', 'a.b-c_d']) accepted(p);
    const file = { size: 1, sha256: '0'.repeat(64), kits: 1 };
    const manifest = {
      packageId: '7f1d8a3e-1b2c-4d5e-8f90-123456789abc',
      version: 1,
      publishedAt: '2026-05-27T00:00:00.000Z',
      regionCode: '42',
      ppeCode: '0412',
      exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' },
      rooms: [],
      reserveKits: 0,
      packSize: 5,
      encryption: { alg: 'AES-256-GCM', keyId: 'k' },
      files: [{ path: 'packs/A.bin', ...file }, { path: 'packs/a.bin', ...file }],
    };
    expect(packageManifestSchema.safeParse(manifest).success).toBe(false);
    expect(packageManifestSchema.safeParse({ ...manifest, files: [manifest.files[0]] }).success).toBe(true);
  });
});
