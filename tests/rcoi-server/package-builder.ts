import { createCipheriv, createHash, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, PACKAGE_FORMAT, type PackageManifest } from '../../main/packages/package-format';
import { keyIdOf } from './bundle-signer';

export interface PackageSpec {
  regionCode: string;
  ppeCode: string;
  exam: PackageManifest['exam'];
  rooms: { auditoriumCode: string; kits: number }[];
  reserveKits: number;
  /** Bytes of encrypted material per kit (a real kit is megabytes of PDFs; tests use little). */
  bytesPerKit: number;
  /**
   * The PPE-local date ('YYYY-MM-DD') from which the package is listed, in `timeZone` (the PPE's IANA zone): both or
   * neither. Without them the package is listed at once. Not part of the signed manifest: it is when RCOI shows
   * the package, not what the package is (buildPackage ignores both).
   */
  availableFrom?: string;
  timeZone?: string;
}

/**
 * Builds an internet package as RCOI would: kits in packs of 5, each pack encrypted with AES-256-GCM under the
 * package key (which the PPE never gets before exam day: it is kept here only to prove the packs decrypt), and a
 * manifest signed with RCOI's key. Returns the manifest as signed, for tests to compare and tamper with.
 * `publishedAt` is the publisher's clock (the server's, which tests may move), so manifest and list agree.
 */
export function buildPackage(
  folder: string,
  spec: PackageSpec,
  signingKey: KeyObject,
  publishedAt: Date = new Date(),
): { manifest: PackageManifest; packageKey: Buffer } {
  const packageKey = randomBytes(32);
  const totalKits = spec.rooms.reduce((n, r) => n + r.kits, 0) + spec.reserveKits;
  mkdirSync(join(folder, 'packs'), { recursive: true });
  const files: PackageManifest['files'] = [];
  for (let pack = 0, kit = 0; kit < totalKits; pack++) {
    const kits = Math.min(5, totalKits - kit);
    kit += kits;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', packageKey, iv);
    const body = Buffer.concat([iv, cipher.update(randomBytes(kits * spec.bytesPerKit)), cipher.final(), cipher.getAuthTag()]);
    const path = `packs/${String(pack + 1).padStart(4, '0')}.bin`;
    writeFileSync(join(folder, ...path.split('/')), body);
    files.push({ path, size: body.length, sha256: createHash('sha256').update(body).digest('hex'), kits });
  }
  const manifest: PackageManifest = {
    packageId: randomUUID(),
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

export function signManifest(manifest: object, signingKey: KeyObject): string {
  const bytes = Buffer.from(JSON.stringify(manifest));
  return JSON.stringify({
    format: PACKAGE_FORMAT,
    formatVersion: 1,
    manifest: bytes.toString('base64'),
    signature: { alg: 'Ed25519', keyId: keyIdOf(signingKey), value: sign(null, bytes, signingKey).toString('base64') },
  }, null, 2);
}
