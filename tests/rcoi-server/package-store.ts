import { randomUUID, type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../../main/db/open-database';
import { MANIFEST_FILE, packageManifestSchema, type PackageManifest } from '../../main/packages/package-format';
import { localDateOf } from '../../main/ipc/zoned-time';
import { buildPackage, type PackageSpec } from './package-builder';

/** Body of POST /admin/packages (and what publishPackage() accepts): a PackageSpec. */
export const packageSpecSchema = z
  .strictObject({
    regionCode: z.string().regex(/^\d{2}$/),
    ppeCode: z.string().regex(/^\d{4}$/),
    exam: packageManifestSchema.shape.exam,
    rooms: packageManifestSchema.shape.rooms,
    reserveKits: z.number().int().min(0).max(10_000),
    // A pack (5 kits) is built in memory: test equipment keeps it modest (and within a pack's plaintext cap).
    bytesPerKit: z.number().int().min(1).max(8 * 1024 * 1024).optional(),
    pagesPerKim: z.number().int().min(1).max(64).optional(),
    availableFrom: z.iso.date().optional(),
    timeZone: z.string().refine(isTimeZone, 'not an IANA time zone').optional(),
  })
  .refine((s) => s.rooms.reduce((n, r) => n + r.kits, 0) + s.reserveKits > 0, 'a package needs at least one kit')
  // A bare date means a different day in each of Russia's 11 zones: the date comes with the PPE's zone or not at all.
  .refine((s) => (s.availableFrom === undefined) === (s.timeZone === undefined), 'availableFrom and timeZone go together');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** One row of GET /api/v1/ppe/:region/:ppe/packages. */
export interface PackageListEntry {
  packageId: string;
  examDate: string;
  subjectCode: number;
  form: 'EGE' | 'GVE';
  dayKind: 'main' | 'reserve';
  /** The manifest's version (1: this server never republishes a package). */
  version: number;
  /** UTC instant of publication by the server's clock, as in the manifest. */
  publishedAt: string;
  /** The PPE-local date from which the package is listed; null: listed from publication on. */
  availableFrom: string | null;
  /** Bytes of all files the manifest lists (the manifest itself not counted). */
  size: number;
  files: number;
}

interface PackageListRow extends PackageListEntry {
  timeZone: string | null;
}

/** The list entry of a row: the zone stays on the server (the PPE knows its own). */
function listEntryOf(row: PackageListRow): PackageListEntry {
  const { packageId, examDate, subjectCode, form, dayKind, version, publishedAt, availableFrom, size, files } = row;
  return { packageId, examDate, subjectCode, form, dayKind, version, publishedAt, availableFrom, size, files };
}

export interface PublishedPackage {
  packageId: string;
  manifest: PackageManifest;
}

/** A published package as the key release sees it (package-store.ts keyed()). */
export interface KeyedPackage {
  packageId: string;
  regionCode: string;
  ppeCode: string;
  examDate: string;
  subjectCode: number;
  form: 'EGE' | 'GVE';
  dayKind: 'main' | 'reserve';
  /** The PPE's IANA zone if it was published with availableFrom. */
  timeZone: string | null;
  packageKey: Buffer;
  /** Kits of all rooms: the reserve kits are numbered after them (main/kits/KITS.md «Numbering»). */
  roomKits: number;
  reserveKits: number;
  /** The manifest's encryption.keyId. */
  packageKeyId: string;
}

/** A file the manifest lists, as published. */
export interface PackageFileEntry {
  absolutePath: string;
  size: number;
  sha256: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BUILDING_PREFIX = '.building-';

/**
 * Published internet packages: rows in SQLite, files in `<blobs>/packages/<packageId>/` exactly as
 * buildPackage() wrote them. The file list is recorded at publication and is the only source of servable paths:
 * no URL ever becomes a filesystem path.
 */
export class PackageStore {
  readonly root: string;

  constructor(
    private readonly db: Db,
    blobsRoot: string,
  ) {
    this.root = join(blobsRoot, 'packages');
    mkdirSync(this.root, { recursive: true });
    // A build interrupted by a crash left a half-written folder under a temporary name: nobody refers to it.
    for (const name of readdirSync(this.root)) {
      if (name.startsWith(BUILDING_PREFIX)) rmSync(join(this.root, name), { recursive: true, force: true });
    }
  }

  /** Builds (and signs) the package into a temporary folder, moves it into place, then records it. */
  publish(spec: PackageSpec, signingKey: KeyObject, now: Date): PublishedPackage {
    const building = join(this.root, `${BUILDING_PREFIX}${randomUUID()}`);
    let manifest: PackageManifest;
    let packageKey: Buffer;
    try {
      // Each package it publishes gets the next number series: no two share a КИМ or blank number (kit-numbers.ts).
      const published = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM published_packages').get()!.n;
      ({ manifest, packageKey } = buildPackage(building, spec, signingKey, now, { numberSeries: published + 1 }));
      renameSync(building, this.folder(manifest.packageId));
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      throw error;
    }
    const total = manifest.files.reduce((n, f) => n + f.size, 0);
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO published_packages (package_id, region_code, ppe_code, exam_date, subject_code, form, day_kind,
             published_at, total_bytes, file_count, version, available_from, time_zone,
             package_key, room_kits, reserve_kits, package_key_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          manifest.packageId, manifest.regionCode, manifest.ppeCode, manifest.exam.date, manifest.exam.subjectCode,
          manifest.exam.form, manifest.exam.dayKind, manifest.publishedAt, total, manifest.files.length,
          manifest.version, spec.availableFrom ?? null, spec.timeZone ?? null,
          // A test server keeps the key to release it on exam morning (exam-key-store.ts); RCOI keeps it in its HSM.
          packageKey.toString('hex'), manifest.rooms.reduce((n, r) => n + r.kits, 0), manifest.reserveKits,
          manifest.encryption.keyId,
        );
      const file = this.db.prepare('INSERT INTO published_package_files (package_id, path, size, sha256) VALUES (?, ?, ?, ?)');
      for (const f of manifest.files) file.run(manifest.packageId, f.path, f.size, f.sha256);
    }).immediate();
    return { packageId: manifest.packageId, manifest };
  }

  /**
   * The PPE's packages that are due at `now` (the server's clock): available_from on or before the PPE's local
   * date in the zone stored with it. A package not yet due is not listed at all, as RCOI would not show it.
   */
  listFor(regionCode: string, ppeCode: string, now: Date): PackageListEntry[] {
    const rows = this.db
      .prepare(
        `SELECT package_id AS packageId, exam_date AS examDate, subject_code AS subjectCode, form, day_kind AS dayKind,
           version, published_at AS publishedAt, available_from AS availableFrom, total_bytes AS size,
           file_count AS files, time_zone AS timeZone
         FROM published_packages WHERE region_code = ? AND ppe_code = ?
         ORDER BY exam_date, subject_code, form, published_at, package_id`,
      )
      .all(regionCode, ppeCode) as PackageListRow[];
    const today = new Map<string, string>();
    const localToday = (zone: string): string => {
      let date = today.get(zone);
      if (date === undefined) today.set(zone, (date = localDateOf(now, zone)));
      return date;
    };
    // (The table's CHECK keeps available_from and time_zone both set or both NULL.)
    return rows
      .filter((row) => row.availableFrom === null || row.timeZone === null || row.availableFrom <= localToday(row.timeZone))
      .map(listEntryOf);
  }

  /** Whether any package (due or not) is published for this PPE's exam: the demo publishes one per exam, once. */
  hasExam(regionCode: string, ppeCode: string, exam: { date: string; subjectCode: number; form: string }): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 FROM published_packages
         WHERE region_code = ? AND ppe_code = ? AND exam_date = ? AND subject_code = ? AND form = ? LIMIT 1`,
      )
      .get(regionCode, ppeCode, exam.date, exam.subjectCode, exam.form);
    return row !== undefined;
  }

  /**
   * What the key release needs of a published package (key-routes.ts), with its key; undefined if unknown or
   * published before the server kept keys.
   */
  keyed(packageId: string): KeyedPackage | undefined {
    if (!UUID.test(packageId)) return undefined;
    const row = this.db
      .prepare<[string], Omit<KeyedPackage, 'packageKey'> & { packageKey: string | null }>(
        `SELECT package_id AS packageId, region_code AS regionCode, ppe_code AS ppeCode, exam_date AS examDate,
           subject_code AS subjectCode, form, day_kind AS dayKind, time_zone AS timeZone, package_key AS packageKey,
           room_kits AS roomKits, reserve_kits AS reserveKits, package_key_id AS packageKeyId
         FROM published_packages WHERE package_id = ?`,
      )
      .get(packageId);
    if (!row || row.packageKey === null) return undefined;
    return { ...row, packageKey: Buffer.from(row.packageKey, 'hex') };
  }

  has(packageId: string): boolean {
    if (!UUID.test(packageId)) return false;
    return this.db.prepare('SELECT 1 FROM published_packages WHERE package_id = ?').get(packageId) !== undefined;
  }

  manifestPath(packageId: string): string | undefined {
    return this.has(packageId) ? join(this.folder(packageId), MANIFEST_FILE) : undefined;
  }

  /** A file of a published package, looked up by its manifest path (exact match); undefined if not listed. */
  file(packageId: string, path: string): PackageFileEntry | undefined {
    if (!UUID.test(packageId)) return undefined;
    const row = this.db
      .prepare('SELECT path, size, sha256 FROM published_package_files WHERE package_id = ? AND path = ?')
      .get(packageId, path) as { path: string; size: number; sha256: string } | undefined;
    if (!row) return undefined;
    // The path joined is the recorded one (checked safe by the manifest schema when built), not the URL's.
    return { absolutePath: join(this.folder(packageId), ...row.path.split('/')), size: row.size, sha256: row.sha256 };
  }

  private folder(packageId: string): string {
    return join(this.root, packageId);
  }
}
