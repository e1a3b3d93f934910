import type { Db } from '../db/open-database';
import { newestReserveKey } from '../exam-keys/key-store';
import { kitOwners } from '../kits/kit-pack-format';
import type { PackageManifest } from '../packages/package-format';

/** A kit this station may print: its index in the package, and whose it is. */
export interface PlannedKit {
  kitIndex: number;
  source: 'room' | 'reserve';
  reserveSequence: number | null;
}

/**
 * The kits this station may print, in the order they are handed out: the room's own kits (the manifest's range for
 * this room, KITS.md «Numbering»), then the reserve kits granted to this station by number in the newest reserve key
 * held (it carries every grant so far), by grant. A reserve kit granted to another station never appears here.
 */
export function plannedKits(db: Db, manifest: PackageManifest, room: string, stationNumber: string): PlannedKit[] {
  const own = kitOwners(manifest).find((o) => o.auditoriumCode === room);
  const kits: PlannedKit[] = [];
  for (let i = 0; own && i < own.kits; i++) kits.push({ kitIndex: own.firstKit + i, source: 'room', reserveSequence: null });
  const reserve = kitOwners(manifest).find((o) => o.auditoriumCode === null)!;
  for (const grant of reserveGrants(db, manifest.packageId, stationNumber)) {
    for (const kitIndex of grant.kitIndices) {
      // A grant naming a kit outside the package's reserve range is not ours to print (RCOI's file is signed, but a
      // kit of another room is never a reserve kit).
      if (kitIndex < reserve.firstKit || kitIndex >= reserve.firstKit + reserve.kits) continue;
      if (!kits.some((k) => k.kitIndex === kitIndex)) kits.push({ kitIndex, source: 'reserve', reserveSequence: grant.sequence });
    }
  }
  return kits;
}

/** The reserve grants for this station in the newest reserve key held for the package. */
export function reserveGrants(db: Db, packageId: string, stationNumber: string): { sequence: number; kits: number; kitIndices: number[] }[] {
  const key = newestReserveKey(db, packageId);
  return key ? key.payload.reserve.filter((g) => g.stationNumber === stationNumber) : [];
}

/** Consecutive runs of indices, as readKitPacks' `only` takes them. */
export function rangesOf(indices: number[]): { firstKit: number; kits: number }[] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const ranges: { firstKit: number; kits: number }[] = [];
  for (const i of sorted) {
    const last = ranges.at(-1);
    if (last && last.firstKit + last.kits === i) last.kits++;
    else ranges.push({ firstKit: i, kits: 1 });
  }
  return ranges;
}
