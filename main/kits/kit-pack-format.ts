import { z } from 'zod';
import type { PackageManifest } from '../packages/package-format';
import { kitContentSchema } from './kit-content';

/**
 * What one pack of an internet package holds once decrypted (KITS.md beside this file): UTF-8 JSON
 * `{ format: 'ppe-kit-pack', formatVersion: 1, kits: KitContent[] }`, optionally followed by JSON whitespace (the
 * reference builder pads packs to the weight of real ones). Encrypted as the package README says: a 12-byte IV,
 * the AES-256-GCM ciphertext, the 16-byte tag, under the package's exam-day key.
 */
export const KIT_PACK_FORMAT = 'ppe-kit-pack';
export const KIT_PACK_IV_BYTES = 12;
export const KIT_PACK_TAG_BYTES = 16;
/**
 * The largest plaintext a pack may have: five kits of at most 8 MiB each (what the reference server builds at most)
 * and their JSON. One pack is all the app holds in the clear at a time, so this bounds that memory too.
 */
export const KIT_PACK_MAX_PLAINTEXT_BYTES = 48 * 1024 * 1024;
/** The largest pack file: the plaintext cap, the IV and the tag. A manifest listing a bigger file is refused unread. */
export const KIT_PACK_MAX_FILE_BYTES = KIT_PACK_MAX_PLAINTEXT_BYTES + KIT_PACK_IV_BYTES + KIT_PACK_TAG_BYTES;

export const kitPackSchema = z
  .object({
    format: z.literal(KIT_PACK_FORMAT),
    formatVersion: z.literal(1),
    // At most a pack's size (the manifest's packSize, always 5); the exact count is the manifest's files[].kits.
    kits: z.array(kitContentSchema).min(1).max(5),
  })
  .strict();
export type KitPack = z.infer<typeof kitPackSchema>;

/** Where a pack's kits sit in the package: its file (as the manifest lists it) and its kits' indexes. */
export interface PackPlace {
  /** 1-based position of the pack in the manifest's `files`. */
  position: number;
  path: string;
  /** The index of its first kit; its kits are `firstKit … firstKit + kits - 1`. */
  firstKit: number;
  kits: number;
}

/**
 * The packs in the manifest's order with the kits each holds: kits are numbered 1, 2, … across the packs in the
 * order `files` lists them, so a pack's kits follow from the counts of the packs before it.
 */
export function packPlaces(manifest: PackageManifest): PackPlace[] {
  let next = 1;
  return manifest.files.map((file, i) => {
    const place = { position: i + 1, path: file.path, firstKit: next, kits: file.kits };
    next += file.kits;
    return place;
  });
}

/** Whose kit an index is: a room's (its auditorium code) in the manifest's room order, or a reserve kit (null). */
export interface KitOwner {
  auditoriumCode: string | null;
  firstKit: number;
  kits: number;
}

/** The rooms' kits in the manifest's room order, then the reserve kits: the index ranges each owns. */
export function kitOwners(manifest: PackageManifest): KitOwner[] {
  const owners: KitOwner[] = [];
  let next = 1;
  for (const room of manifest.rooms) {
    owners.push({ auditoriumCode: room.auditoriumCode, firstKit: next, kits: room.kits });
    next += room.kits;
  }
  owners.push({ auditoriumCode: null, firstKit: next, kits: manifest.reserveKits });
  return owners;
}

/** How many kits the manifest promises: every room's and the reserve. */
export function promisedKits(manifest: PackageManifest): number {
  return manifest.rooms.reduce((n, r) => n + r.kits, 0) + manifest.reserveKits;
}
