import { join } from 'node:path';
import { AppError } from '../kernel/app-error';
import type { KitContent } from '../kits/kit-content';
import { readKitPacks } from '../kits/read-kit-packs';
import type { PackageManifest } from '../packages/package-format';
import type { KeyVault } from './key-vault';
import { plannedKits, rangesOf, type PlannedKit } from './kit-plan';
import { localCopyOf, verifiedManifest } from './local-package';
import type { KitNumbers } from './print-queue';
import type { PlacePackage, ReadyPlace } from './printing-place';
import type { PrintingDeps } from './printing-deps';

/**
 * The room's kits as printing reads them out of the local copy of the package with the active key: the manifest
 * verified again at every use (the copy sits on this computer's disk all morning), the kits' numbers read once per
 * activation and kept in memory (print_kit stores them only when a kit is queued), and one kit's whole content for
 * the runner to render. Without the key nothing here can be read: the numbers go with it (`forget`).
 */
export class KitReader {
  /** Kit numbers read from the packs while the key is active (index → numbers). */
  private numbers = new Map<number, KitNumbers>();

  constructor(
    private readonly d: Pick<PrintingDeps, 'ctx' | 'crypto' | 'dataDir'>,
    private readonly vault: KeyVault,
  ) {}

  /** Drops the numbers read with the key (the key is wiped or replaced). */
  forget(): void {
    this.numbers = new Map();
  }

  /** The manifest of the local copy, verified again (signature, PPE, exam, HQ's hash). */
  async manifest(pkg: PlacePackage): Promise<PackageManifest> {
    const local = localCopyOf(this.d.ctx.db, pkg.packageId);
    if (!local) throw new AppError('PRINTING_PACKAGE_NEEDS_DRIVE');
    return (await verifiedManifest(this.d.ctx.db, this.d.crypto, join(this.d.dataDir, local.folder), pkg)).manifest;
  }

  /** The kits this station may print with their numbers at hand (`numbersOf` answers for each of them). */
  async plan(place: ReadyPlace, manifest: PackageManifest): Promise<PlannedKit[]> {
    const planned = plannedKits(this.d.ctx.db, manifest, place.room.code, place.stationNumber);
    await this.loadNumbers(place.pkg, manifest, planned.map((k) => k.kitIndex));
    return planned;
  }

  /** Reads the numbers of these kits from their packs (once per kit while the key is active). */
  async loadNumbers(pkg: PlacePackage, manifest: PackageManifest, indices: number[]): Promise<void> {
    const key = this.vault.key(pkg.packageId);
    if (!key) throw new AppError('PRINTING_KEY_NOT_ACTIVE');
    const missing = indices.filter((i) => !this.numbers.has(i));
    for (const only of rangesOf(missing)) {
      for await (const pack of readKitPacks(this.folderOf(pkg.packageId), manifest, key, { only })) {
        for (const kit of pack.kits) if (missing.includes(kit.index)) this.numbers.set(kit.index, numbersOf(kit));
      }
    }
  }

  numbersOf(kit: PlannedKit): KitNumbers {
    const n = this.numbers.get(kit.kitIndex);
    if (!n) throw new AppError('PRINTING_KEY_NOT_ACTIVE');
    return n;
  }

  /** One kit's content, decrypted from its pack in memory; the caller renders it and drops it. */
  async readKit(pkg: PlacePackage, manifest: PackageManifest, key: Buffer, kitIndex: number): Promise<KitContent> {
    for await (const pack of readKitPacks(this.folderOf(pkg.packageId), manifest, key, { only: { firstKit: kitIndex, kits: 1 } })) {
      const kit = pack.kits.find((k) => k.index === kitIndex);
      if (kit) return kit;
    }
    throw new AppError('PRINTING_KIT_STATE', { kit: kitIndex, state: 'missing' });
  }

  private folderOf(packageId: string): string {
    return join(this.d.dataDir, localCopyOf(this.d.ctx.db, packageId)!.folder);
  }
}

function numbersOf(kit: KitContent): KitNumbers {
  return {
    kimNumber: kit.kim.number,
    registration: kit.blanks.registration,
    answers1: kit.blanks.answers1,
    answers2: kit.blanks.answers2,
    pages: kit.kim.pages.length + 4,
  };
}
