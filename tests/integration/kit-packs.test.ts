import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../main/kernel/app-error';
import type { KitContent } from '../../main/kits/kit-content';
import { kitOwners, packPlaces, type KitPack } from '../../main/kits/kit-pack-format';
import { KitNumberLedger, openKitPack } from '../../main/kits/open-pack';
import { readKitPacks, type OpenedPack, type ReadKitPacksOptions } from '../../main/kits/read-kit-packs';
import type { PackageManifest } from '../../main/packages/package-format';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { buildPackage, encryptPack, packPlaintext, type PackageSpec } from '../rcoi-server/package-builder';
import { ean13CheckDigit } from '../rcoi-server/kit-numbers';

// The kits inside a package (main/kits/KITS.md): a package built by the reference builder opens with its key into
// exactly the kits its manifest promises, and every way a pack can be wrong is refused with its own code.

const rcoi = loadDemoSigningKey();
const spec: PackageSpec = {
  regionCode: '42',
  ppeCode: '0412',
  exam: { date: '2026-06-03', subjectCode: 1, form: 'EGE', dayKind: 'main' },
  rooms: [
    { auditoriumCode: '0101', kits: 12 },
    { auditoriumCode: '0102', kits: 10 },
  ],
  reserveKits: 3,
  pagesPerKim: 4,
};

let dir: string;
let pkg: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-kits-'));
  pkg = join(dir, 'package');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function openAll(folder: string, manifest: PackageManifest, key: Buffer, options?: ReadKitPacksOptions): Promise<OpenedPack[]> {
  const packs: OpenedPack[] = [];
  for await (const pack of readKitPacks(folder, manifest, key, options)) packs.push(pack);
  return packs;
}

async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; params: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('not refused');
}

function decryptPack(bytes: Buffer, key: Buffer): KitPack {
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const plain = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as KitPack;
}

/**
 * Forges a pack as only a holder of the key could: decrypts pack `position`, lets `change` tamper with its JSON,
 * encrypts it again with the key, and returns the manifest with that file's size and hash updated (as if RCOI had
 * signed the forgery), so what is refused is the content, not the file.
 */
function forge(manifest: PackageManifest, key: Buffer, position: number, change: (pack: KitPack) => void): PackageManifest {
  const file = manifest.files[position - 1]!;
  const path = join(pkg, ...file.path.split('/'));
  const pack = decryptPack(readFileSync(path), key);
  change(pack);
  const body = encryptPack(packPlaintext(pack), key);
  writeFileSync(path, body);
  const files = manifest.files.map((f, i) => (i === position - 1 ? { ...f, size: body.length, sha256: createHash('sha256').update(body).digest('hex') } : f));
  return { ...manifest, files };
}

function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const name of readdirSync(folder).sort()) {
      const st = statSync(join(folder, name));
      out.push(`${prefix}${name} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(join(folder, name), `${prefix}${name}/`);
    }
  };
  walk(root, '');
  return out;
}

describe('kit packs', () => {
  it('a package opens with its key into exactly the kits the manifest promises, every number unique and well-formed', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    const packs = await openAll(pkg, manifest, packageKey);

    expect(packs.map((p) => p.kits.length)).toEqual(manifest.files.map((f) => f.kits));
    const kits = packs.flatMap((p) => p.kits);
    expect(kits.map((k) => k.index)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(kitOwners(manifest)).toEqual([
      { auditoriumCode: '0101', firstKit: 1, kits: 12 },
      { auditoriumCode: '0102', firstKit: 13, kits: 10 },
      { auditoriumCode: null, firstKit: 23, kits: 3 },
    ]);

    const kims = kits.map((k) => k.kim.number);
    const blanks = kits.flatMap((k) => [k.blanks.registration, k.blanks.answers1, ...k.blanks.answers2]);
    expect(new Set(kims).size).toBe(25);
    expect(new Set(blanks).size).toBe(100);
    for (const n of kims) expect(n).toMatch(/^\d{8}$/);
    for (const n of blanks) {
      expect(n).toMatch(/^\d{13}$/);
      expect(Number(n[12])).toBe(ean13CheckDigit(n.slice(0, 12)));
    }

    for (const kit of kits) {
      expect(kit.kim.subjectCode).toBe(1);
      expect(kit.kim.subjectName).toBe('Русский язык');
      expect(kit.kim.pages).toHaveLength(4);
      expect(kit.kim.pages[0]!.heading).toContain(`КИМ № ${kit.kim.number}`);
      for (const page of kit.kim.pages) {
        expect(page.tasks.length).toBeGreaterThan(0);
        for (const task of page.tasks) expect(task.text).toMatch(/[А-Яа-яЁё]{4,}/);
      }
    }
    // Kits of one variant read the same but for the КИМ number on page 1.
    const sameVariant = kits.filter((k) => k.kim.variant === kits[0]!.kim.variant);
    expect(sameVariant.length).toBeGreaterThan(1);
    const body = (k: KitContent) => JSON.stringify(k.kim.pages.slice(1).concat({ ...k.kim.pages[0]!, heading: null }));
    expect(new Set(sameVariant.map(body)).size).toBe(1);
    expect(new Set(kits.map((k) => k.kim.variant)).size).toBeGreaterThan(1);
  });

  it('a room’s kits: only the packs holding them are read', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    // Pack 1 is damaged: reading it would refuse, so it is not read.
    const first = join(pkg, 'packs', '0001.bin');
    writeFileSync(first, Buffer.alloc(statSync(first).size));
    const room = kitOwners(manifest).find((o) => o.auditoriumCode === '0102')!;
    const packs = await openAll(pkg, manifest, packageKey, { only: room });
    expect(packs.map((p) => p.place.path)).toEqual(['packs/0003.bin', 'packs/0004.bin', 'packs/0005.bin']);
    expect(packs.flatMap((p) => p.kits.map((k) => k.index)).filter((i) => i >= 13 && i <= 22)).toHaveLength(10);
  });

  it('two packages of one server series share no number; padding keeps packs as heavy as asked', async () => {
    const a = buildPackage(join(dir, 'a'), { ...spec, bytesPerKit: 64 * 1024 }, rcoi, new Date(), { numberSeries: 1 });
    const b = buildPackage(join(dir, 'b'), spec, rcoi, new Date(), { numberSeries: 2 });
    for (const f of a.manifest.files) expect(f.size).toBeGreaterThanOrEqual(f.kits * 64 * 1024 + 28);
    const numbers = async (folder: string, built: typeof a) =>
      (await openAll(folder, built.manifest, built.packageKey)).flatMap((p) => p.kits.flatMap((k) => [k.kim.number, k.blanks.registration, k.blanks.answers1, ...k.blanks.answers2]));
    const all = [...(await numbers(join(dir, 'a'), a)), ...(await numbers(join(dir, 'b'), b))];
    expect(new Set(all).size).toBe(all.length);
  });

  it('a wrong key opens nothing', async () => {
    const { manifest } = buildPackage(pkg, spec, rcoi);
    expect(await refusalOf(openAll(pkg, manifest, randomBytes(32)))).toEqual({ code: 'KIT_PACK_UNREADABLE', params: { pack: 'packs/0001.bin', reason: 'tag' } });
    expect(await refusalOf(openAll(pkg, manifest, randomBytes(16)))).toEqual({ code: 'KIT_PACK_UNREADABLE', params: { pack: 'packs/0001.bin', reason: 'key_length' } });
  });

  it('a flipped byte: on disk the signed hash refuses it, in memory the GCM tag does', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    const path = join(pkg, 'packs', '0002.bin');
    const bytes = readFileSync(path);
    bytes[100] ^= 0x01;
    writeFileSync(path, bytes);
    expect(await refusalOf(openAll(pkg, manifest, packageKey))).toEqual({ code: 'DRIVE_COPY_FILE_CORRUPT', params: { path: 'packs/0002.bin', others: 0 } });
    const place = packPlaces(manifest)[1]!;
    expect(await refusalOf(Promise.resolve().then(() => openKitPack(bytes, packageKey, manifest, place)))).toEqual({
      code: 'KIT_PACK_UNREADABLE',
      params: { pack: 'packs/0002.bin', reason: 'tag' },
    });
  });

  it('a pack with fewer kits than the manifest says, a kit out of place or of another subject, an unknown field: refused', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    const original = readFileSync(join(pkg, 'packs', '0003.bin'));
    const restore = () => writeFileSync(join(pkg, 'packs', '0003.bin'), original);
    const cases: [(p: KitPack) => void, string][] = [
      [(p) => void p.kits.pop(), 'count'],
      [(p) => { p.kits[1]!.index = 99; }, 'index'],
      [(p) => { p.kits[0]!.kim.subjectCode = 2; }, 'subject'],
      [(p) => { (p.kits[0]!.blanks as Record<string, unknown>).extra = '1'; }, 'content'],
      [(p) => { p.kits[0]!.blanks.answers1 = '12345'; }, 'content'],
    ];
    for (const [change, reason] of cases) {
      const forged = forge(manifest, packageKey, 3, change);
      const refusal = await refusalOf(openAll(pkg, forged, packageKey));
      expect({ reason, refusal }).toMatchObject({ reason, refusal: { code: 'KIT_PACK_INVALID', params: { pack: 'packs/0003.bin', reason } } });
      restore();
    }
  });

  it('packs swapped in place (the manifest following them) are refused by their kits’ indexes', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    const [one, two] = ['0001.bin', '0002.bin'].map((n) => join(pkg, 'packs', n));
    renameSync(one!, `${one}.x`);
    renameSync(two!, one!);
    renameSync(`${one}.x`, two!);
    const files = [{ ...manifest.files[1]!, path: 'packs/0001.bin' }, { ...manifest.files[0]!, path: 'packs/0002.bin' }, ...manifest.files.slice(2)];
    expect(await refusalOf(openAll(pkg, { ...manifest, files }, packageKey))).toMatchObject({ code: 'KIT_PACK_INVALID', params: { pack: 'packs/0001.bin', reason: 'index' } });
  });

  it('a blank or КИМ number met twice in the package is refused, within a pack or across packs', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    const first = (await openAll(pkg, manifest, packageKey))[0]!.kits[0]!;

    const acrossPacks = forge(manifest, packageKey, 2, (p) => { p.kits[2]!.blanks.answers2[1] = first.blanks.registration; });
    expect(await refusalOf(openAll(pkg, acrossPacks, packageKey))).toEqual({
      code: 'KIT_NUMBER_DUPLICATE',
      params: { number: first.blanks.registration, pack: 'packs/0002.bin', kind: 'blank', kit: 8 },
    });

    const withinPack = forge(acrossPacks, packageKey, 2, (p) => {
      p.kits[2]!.blanks.answers2[1] = p.kits[2]!.blanks.answers2[0];
      p.kits[4]!.kim.number = p.kits[0]!.kim.number;
    });
    expect(await refusalOf(openAll(pkg, withinPack, packageKey))).toMatchObject({ code: 'KIT_NUMBER_DUPLICATE', params: { pack: 'packs/0002.bin', kind: 'blank', kit: 8 } });

    // A caller opening packs one by one keeps the ledger: the same pack twice is twice the numbers.
    const ledger = new KitNumberLedger();
    const bytes = readFileSync(join(pkg, 'packs', '0001.bin'));
    openKitPack(bytes, packageKey, manifest, packPlaces(manifest)[0]!, ledger);
    expect(() => openKitPack(bytes, packageKey, manifest, packPlaces(manifest)[0]!, ledger)).toThrow(expect.objectContaining({ code: 'KIT_NUMBER_DUPLICATE', params: expect.objectContaining({ kind: 'kim', kit: 1 }) }));
  });

  it('a manifest whose packs do not add up to its rooms and reserve is refused before a pack is read', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    expect(await refusalOf(openAll(pkg, { ...manifest, reserveKits: 4 }, packageKey))).toMatchObject({ code: 'KIT_PACK_INVALID', params: { reason: 'kit_total' } });
  });

  it('a link in place of packs/ is not followed', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    renameSync(join(pkg, 'packs'), join(dir, 'elsewhere'));
    symlinkSync(join(dir, 'elsewhere'), join(pkg, 'packs'));
    expect(await refusalOf(openAll(pkg, manifest, packageKey))).toEqual({ code: 'DRIVE_COPY_NOT_REGULAR', params: { path: 'packs', kind: 'symlink' } });
  });

  it('opening writes nothing: the package folder, the temp folder and the working folder are as before', async () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    const temp = join(dir, 'tmp');
    const work = join(dir, 'cwd');
    mkdirSync(temp);
    mkdirSync(work);
    const before = listing(pkg);
    const cwd = process.cwd();
    vi.stubEnv('TMPDIR', temp);
    vi.stubEnv('TMP', temp);
    vi.stubEnv('TEMP', temp);
    process.chdir(work);
    try {
      expect(tmpdir()).toBe(temp);
      const packs = await openAll(pkg, manifest, packageKey);
      expect(packs.flatMap((p) => p.kits)).toHaveLength(25);
    } finally {
      process.chdir(cwd);
      vi.unstubAllEnvs();
    }
    expect(listing(pkg)).toEqual(before);
    expect(readdirSync(temp)).toEqual([]);
    expect(readdirSync(work)).toEqual([]);
  });

  it('the plaintext buffer is overwritten with zeros, whether the pack opens or not', () => {
    const { manifest, packageKey } = buildPackage(pkg, spec, rcoi);
    const bytes = readFileSync(join(pkg, 'packs', '0001.bin'));
    const place = packPlaces(manifest)[0]!;
    const plaintextLength = bytes.length - 28;
    const filled: Buffer[] = [];
    const fill = Buffer.prototype.fill as (this: Buffer, ...args: unknown[]) => Buffer;
    const spy = vi.spyOn(Buffer.prototype, 'fill').mockImplementation(function (this: Buffer, ...args: unknown[]) {
      if (args[0] === 0 && this.length === plaintextLength) filled.push(this);
      return fill.apply(this, args);
    });
    try {
      openKitPack(bytes, packageKey, manifest, place);
      expect(filled).toHaveLength(1);
      expect(filled[0]!.every((b) => b === 0)).toBe(true);
      // Refused after decryption (another place): wiped too.
      expect(() => openKitPack(bytes, packageKey, manifest, { ...place, firstKit: 6 })).toThrow(expect.objectContaining({ code: 'KIT_PACK_INVALID' }));
      expect(filled).toHaveLength(2);
      expect(filled[1]!.every((b) => b === 0)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
