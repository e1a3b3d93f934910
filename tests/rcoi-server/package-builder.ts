import { createCipheriv, createHash, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KimPage, KitContent } from '../../main/kits/kit-content';
import { KIT_PACK_FORMAT, KIT_PACK_MAX_PLAINTEXT_BYTES, type KitPack } from '../../main/kits/kit-pack-format';
import { MANIFEST_FILE, PACKAGE_FORMAT, type PackageManifest } from '../../main/packages/package-format';
import { keyIdOf } from './bundle-signer';
import { kimPages, subjectNameOf, variantPages } from './kim-text';
import { kitNumbers, MAX_NUMBERED_KITS, seriesOfPackageId } from './kit-numbers';

export interface PackageSpec {
  regionCode: string;
  ppeCode: string;
  exam: PackageManifest['exam'];
  rooms: { auditoriumCode: string; kits: number }[];
  reserveKits: number;
  /**
   * The least plaintext per kit: a pack whose kits' JSON is shorter is padded with trailing spaces to `kits ×
   * bytesPerKit` (main/kits/KITS.md), so packs weigh what tests of downloads and drives need (a real kit is
   * megabytes: its КИМ carries figures). Absent: no padding.
   */
  bytesPerKit?: number;
  /** Pages of every КИМ, 1–64 (default 3; the print bench uses 16). */
  pagesPerKim?: number;
  /**
   * The PPE-local date ('YYYY-MM-DD') from which the package is listed, in `timeZone` (the PPE's IANA zone): both or
   * neither. Without them the package is listed at once. Not part of the signed manifest: it is when RCOI shows
   * the package, not what the package is (buildPackage ignores both).
   */
  availableFrom?: string;
  timeZone?: string;
}

/** Distinct КИМ variants in one package; kits take them in turn, so neighbours in a room differ. */
const VARIANTS_PER_PACKAGE = 8;
const DEFAULT_PAGES_PER_KIM = 3;

export interface BuildOptions {
  /**
   * The package's number series (kit-numbers.ts): the package store passes a counter, so no two packages it
   * publishes share a КИМ or blank number; without it the series comes from the package id.
   */
  numberSeries?: number;
}

/**
 * Builds an internet package as RCOI would: every room's kits in the manifest's room order, then the reserve kits,
 * each a КИМ variant of generated task text with its КИМ and blank numbers (main/kits/KITS.md), in packs of 5, each
 * pack the JSON encrypted with AES-256-GCM under the package key (which the PPE never gets before exam day: it is
 * returned for tests to open the packs with), and a manifest signed with RCOI's key. Returns the manifest as signed,
 * for tests to compare and tamper with. `publishedAt` is the publisher's clock (the server's, which tests may move),
 * so manifest and list agree.
 */
export function buildPackage(
  folder: string,
  spec: PackageSpec,
  signingKey: KeyObject,
  publishedAt: Date = new Date(),
  options: BuildOptions = {},
): { manifest: PackageManifest; packageKey: Buffer } {
  const packageKey = randomBytes(32);
  const packageId = randomUUID();
  const totalKits = spec.rooms.reduce((n, r) => n + r.kits, 0) + spec.reserveKits;
  if (totalKits > Math.min(10_000, MAX_NUMBERED_KITS)) throw new Error(`a package holds at most 10 000 kits, not ${totalKits}`);
  const kitOf = kitMaker(spec, options.numberSeries ?? seriesOfPackageId(packageId));
  mkdirSync(join(folder, 'packs'), { recursive: true });
  const files: PackageManifest['files'] = [];
  for (let pack = 0, kit = 0; kit < totalKits; pack++) {
    const kits = Math.min(5, totalKits - kit);
    const content: KitPack = { format: KIT_PACK_FORMAT, formatVersion: 1, kits: Array.from({ length: kits }, (_, i) => kitOf(kit + i + 1)) };
    kit += kits;
    const body = encryptPack(packPlaintext(content, kits * (spec.bytesPerKit ?? 0)), packageKey);
    const path = `packs/${String(pack + 1).padStart(4, '0')}.bin`;
    writeFileSync(join(folder, ...path.split('/')), body);
    files.push({ path, size: body.length, sha256: createHash('sha256').update(body).digest('hex'), kits });
  }
  const manifest: PackageManifest = {
    packageId,
    version: 1,
    publishedAt: publishedAt.toISOString(),
    regionCode: spec.regionCode,
    ppeCode: spec.ppeCode,
    exam: spec.exam,
    rooms: spec.rooms,
    reserveKits: spec.reserveKits,
    packSize: 5,
    encryption: { alg: 'AES-256-GCM', keyId: createHash('sha256').update(packageKey).digest('hex').slice(0, 16) },
    files,
  };
  writeFileSync(join(folder, MANIFEST_FILE), signManifest(manifest, signingKey));
  return { manifest, packageKey };
}

/**
 * The kit at an index: its variant taken in turn from the package's (which follow from the region and the exam, as a
 * region's variants do), the variant's pages generated once, its numbers from the series.
 */
function kitMaker(spec: PackageSpec, series: number): (index: number) => KitContent {
  const pages = spec.pagesPerKim ?? DEFAULT_PAGES_PER_KIM;
  const { exam } = spec;
  const examSeed = createHash('sha256').update(`${spec.regionCode}|${exam.date}|${exam.subjectCode}|${exam.form}|${exam.dayKind}`).digest();
  const firstVariant = 101 + (examSeed.readUInt32BE(0) % 9000);
  const texts = new Map<number, KimPage[]>();
  return (index) => {
    const variant = firstVariant + ((index - 1) % VARIANTS_PER_PACKAGE);
    let text = texts.get(variant);
    if (!text) texts.set(variant, (text = variantPages(exam.subjectCode, variant, pages)));
    const numbers = kitNumbers(series, index);
    return {
      index,
      kim: { number: numbers.kim, variant, subjectCode: exam.subjectCode, subjectName: subjectNameOf(exam.subjectCode), pages: kimPages(text, numbers.kim, variant) },
      blanks: numbers.blanks,
    };
  };
}

/** The pack's JSON, padded with trailing spaces (still valid JSON) to at least `minBytes`. */
export function packPlaintext(content: object, minBytes = 0): Buffer {
  const json = Buffer.from(JSON.stringify(content), 'utf8');
  const plaintext = json.length >= minBytes ? json : Buffer.concat([json, Buffer.alloc(minBytes - json.length, 0x20)]);
  if (plaintext.length > KIT_PACK_MAX_PLAINTEXT_BYTES) throw new Error(`a pack's plaintext is at most ${KIT_PACK_MAX_PLAINTEXT_BYTES} bytes, not ${plaintext.length}`);
  return plaintext;
}

/** 12-byte IV ‖ AES-256-GCM ciphertext ‖ 16-byte tag (main/packages/README.md). */
export function encryptPack(plaintext: Buffer, packageKey: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', packageKey, iv);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function signManifest(manifest: object, signingKey: KeyObject): string {
  const bytes = Buffer.from(JSON.stringify(manifest));
  return JSON.stringify({
    format: PACKAGE_FORMAT,
    formatVersion: 1,
    manifest: bytes.toString('base64'),
    signature: { alg: 'Ed25519', keyId: keyIdOf(signingKey), value: sign(null, bytes, signingKey).toString('base64') },
  }, null, 2);
}
