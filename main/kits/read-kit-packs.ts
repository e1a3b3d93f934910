import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../kernel/app-error';
import { assertRealFolder, DriveEntryError, readRegularCapped } from '../packages/drive-fs';
import type { PackageManifest } from '../packages/package-format';
import type { KitContent } from './kit-content';
import { KIT_PACK_MAX_FILE_BYTES, packPlaces, promisedKits, type PackPlace } from './kit-pack-format';
import { KitNumberLedger, openKitPack } from './open-pack';

export interface OpenedPack {
  place: PackPlace;
  kits: KitContent[];
}

export interface ReadKitPacksOptions {
  /**
   * Only the packs holding a kit of this range (a room's kits, `kitOwners`): the others are not read or decrypted,
   * so their numbers are not checked either. The packs yielded still hold all their kits.
   */
  only?: { firstKit: number; kits: number };
}

/**
 * The kits of a package folder on disk (a drive or `<data>/packages/<id>/`), pack by pack in the manifest's order,
 * opened with the package key. `manifest` is the one the caller verified (readManifest: RCOI's signature, this PPE,
 * this exam); each pack file is read through the drive readers (no link followed, nothing read past the signed size),
 * must have the signed size and hash, and is opened in memory by openKitPack. Only one pack's plaintext exists at a
 * time, and only inside openKitPack: the generator holds ciphertext and the parsed kits of the pack it yields.
 * Numbers are checked for duplicates across all packs read so far; stop early and the rest is never read.
 */
export async function* readKitPacks(folder: string, manifest: PackageManifest, key: Buffer, options: ReadKitPacksOptions = {}): AsyncGenerator<OpenedPack> {
  const places = packPlaces(manifest);
  const total = places.reduce((n, p) => n + p.kits, 0);
  if (total !== promisedKits(manifest)) {
    const first = places[0]!.path;
    throw new AppError('KIT_PACK_INVALID', { pack: first, reason: 'kit_total', detail: `packs hold ${total} kits, rooms and reserve ${promisedKits(manifest)}` });
  }
  const ledger = new KitNumberLedger();
  const { only } = options;
  for (const place of places) {
    if (only && (place.firstKit + place.kits <= only.firstKit || place.firstKit >= only.firstKit + only.kits)) continue;
    const bytes = await readPackFile(folder, manifest.files[place.position - 1]!);
    yield { place, kits: openKitPack(bytes, key, manifest, place, ledger) };
  }
}

async function readPackFile(folder: string, file: PackageManifest['files'][number]): Promise<Buffer> {
  const pack = file.path;
  if (file.size > KIT_PACK_MAX_FILE_BYTES) throw new AppError('KIT_PACK_INVALID', { pack, reason: 'too_large' });
  const segments = file.path.split('/');
  let bytes: Buffer;
  try {
    // The folders on the way are real folders too: a link in place of `packs/` is not followed.
    for (let i = 1; i < segments.length; i++) await assertRealFolder(join(folder, ...segments.slice(0, i)), segments.slice(0, i).join('/'));
    bytes = await readRegularCapped(join(folder, ...segments), pack, file.size, () => new AppError('DRIVE_COPY_FILE_CORRUPT', { path: pack, others: 0 }));
  } catch (e) {
    if (e instanceof DriveEntryError) throw new AppError('DRIVE_COPY_NOT_REGULAR', { path: e.path, kind: e.kind });
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('DRIVE_COPY_FILE_MISSING', { path: pack, others: 0 });
    throw e;
  }
  // A damaged copy is named as the drive check names it. The key proves the pack is RCOI's material; the signed size
  // and hash prove it is this package's pack in this place.
  if (bytes.length !== file.size || createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
    throw new AppError('DRIVE_COPY_FILE_CORRUPT', { path: pack, others: 0 });
  }
  return bytes;
}
