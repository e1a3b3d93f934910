import type { Db } from '../db/open-database';
import type { AppErrorPayload } from '../ipc/errors';
import type { DriveRole } from '../ipc/dto';

// The database side of packages, drives and copies: plain reads and writes, no decisions. The services decide.

export interface PackageRow {
  packageId: string;
  examId: number;
  size: number;
  fileCount: number;
  availableFrom: string | null;
  state: 'available' | 'downloading' | 'downloaded';
  manifestSha256: string | null;
  kits: number | null;
  reserveKits: number | null;
  downloadedAt: string | null;
  lastError: AppErrorPayload | null;
}

export interface DriveRecord {
  id: string;
  role: DriveRole | null;
  serial: string | null;
  label: string | null;
  sizeBytes: number;
}

export interface CopyRow {
  packageId: string;
  driveId: string;
  state: 'writing' | 'written' | 'verified' | 'failed';
  folder: string;
  checkedAt: string | null;
  problem: AppErrorPayload | null;
}

const PACKAGE_COLUMNS = `package_id AS packageId, exam_id AS examId, size, file_count AS fileCount,
  available_from AS availableFrom, state, manifest_sha256 AS manifestSha256, kits, reserve_kits AS reserveKits,
  downloaded_at AS downloadedAt, last_error AS lastError`;

function parseProblem(json: string | null): AppErrorPayload | null {
  return json === null ? null : (JSON.parse(json) as AppErrorPayload);
}

function toPackage(r: Omit<PackageRow, 'lastError'> & { lastError: string | null }): PackageRow {
  return { ...r, lastError: parseProblem(r.lastError) };
}

export function packageById(db: Db, packageId: string): PackageRow | null {
  const r = db.prepare(`SELECT ${PACKAGE_COLUMNS} FROM internet_package WHERE package_id = ?`).get(packageId);
  return r ? toPackage(r as never) : null;
}

/** The package in use for each exam: the one RCOI listed last (a re-issued package replaces the earlier one). */
export function currentPackages(db: Db): Map<number, PackageRow> {
  const rows = db
    .prepare(`SELECT ${PACKAGE_COLUMNS} FROM internet_package ORDER BY exam_id, listed_at, rowid`)
    .all() as (Omit<PackageRow, 'lastError'> & { lastError: string | null })[];
  const byExam = new Map<number, PackageRow>();
  for (const r of rows) byExam.set(r.examId, toPackage(r));
  return byExam;
}

export function insertListedPackage(
  db: Db,
  p: { packageId: string; examId: number; size: number; fileCount: number; availableFrom: string | null },
  at: Date,
): boolean {
  return (
    db
      .prepare(
        `INSERT INTO internet_package (package_id, exam_id, size, file_count, available_from, listed_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (package_id) DO NOTHING`,
      )
      .run(p.packageId, p.examId, p.size, p.fileCount, p.availableFrom, at.toISOString()).changes === 1
  );
}

/** Also for a package downloaded before whose files have gone from this computer: it is fetched again. */
export function markDownloading(db: Db, packageId: string): void {
  db.prepare(
    `UPDATE internet_package SET state = 'downloading', manifest_sha256 = NULL, downloaded_at = NULL, last_error = NULL
     WHERE package_id = ?`,
  ).run(packageId);
}

export function markDownloadFailed(db: Db, packageId: string, error: AppErrorPayload): void {
  db.prepare('UPDATE internet_package SET last_error = ? WHERE package_id = ?').run(JSON.stringify(error), packageId);
}

export function markDownloaded(
  db: Db,
  packageId: string,
  d: { manifestSha256: string; kits: number; reserveKits: number },
  at: Date,
): void {
  db.prepare(
    `UPDATE internet_package SET state = 'downloaded', manifest_sha256 = ?, kits = ?, reserve_kits = ?, downloaded_at = ?,
       last_error = NULL WHERE package_id = ?`,
  ).run(d.manifestSha256, d.kits, d.reserveKits, at.toISOString(), packageId);
}

export function knownDrives(db: Db): DriveRecord[] {
  return db
    .prepare('SELECT id, role, serial, label, size_bytes AS sizeBytes FROM flash_drive ORDER BY assigned_at, id')
    .all() as DriveRecord[];
}

export function driveWithRole(db: Db, role: DriveRole): DriveRecord | null {
  return (
    (db.prepare('SELECT id, role, serial, label, size_bytes AS sizeBytes FROM flash_drive WHERE role = ?').get(role) as
      | DriveRecord
      | undefined) ?? null
  );
}

/** Gives a drive its role (taking main or reserve from whichever drive had it) or, with null, takes its role away. */
export function assignRole(
  db: Db,
  drive: { id: string; serial: string | null; label: string | null; sizeBytes: number },
  role: DriveRole | null,
  staffId: number | null,
  at: Date,
): void {
  if (role === 'main' || role === 'reserve') db.prepare('UPDATE flash_drive SET role = NULL WHERE role = ? AND id != ?').run(role, drive.id);
  db.prepare(
    `INSERT INTO flash_drive (id, role, serial, label, size_bytes, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET role = excluded.role, label = excluded.label, assigned_at = excluded.assigned_at,
       assigned_by = excluded.assigned_by`,
  ).run(drive.id, role, drive.serial, drive.label, drive.sizeBytes, at.toISOString(), staffId);
}

const COPY_SELECT = `SELECT package_id AS packageId, drive_id AS driveId, state, folder, checked_at AS checkedAt, problem
  FROM package_copy`;

function toCopies(rows: unknown[]): CopyRow[] {
  return (rows as (Omit<CopyRow, 'problem'> & { problem: string | null })[]).map((r) => ({ ...r, problem: parseProblem(r.problem) }));
}

export function copiesOf(db: Db, packageId: string): CopyRow[] {
  return toCopies(db.prepare(`${COPY_SELECT} WHERE package_id = ?`).all(packageId));
}

export function copiesOfDrive(db: Db, driveId: string): CopyRow[] {
  return toCopies(db.prepare(`${COPY_SELECT} WHERE drive_id = ?`).all(driveId));
}

export function setCopyState(
  db: Db,
  c: { packageId: string; driveId: string; folder: string; state: CopyRow['state']; problem?: AppErrorPayload | null; checked?: boolean },
  at: Date,
): void {
  const now = at.toISOString();
  db.prepare(
    `INSERT INTO package_copy (package_id, drive_id, state, folder, updated_at, checked_at, problem) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (package_id, drive_id) DO UPDATE SET state = excluded.state, folder = excluded.folder,
       updated_at = excluded.updated_at, checked_at = COALESCE(excluded.checked_at, checked_at), problem = excluded.problem`,
  ).run(c.packageId, c.driveId, c.state, c.folder, now, c.checked ? now : null, c.problem ? JSON.stringify(c.problem) : null);
}

/**
 * After a restart: a copy still marked 'writing' was cut off by a crash or power loss. It is a failed copy now, so
 * nobody takes it for good; a 'written' one stays (its bytes are all on the drive) until it is read back.
 */
export function failInterruptedCopies(db: Db, at: Date): number {
  return db
    .prepare(`UPDATE package_copy SET state = 'failed', problem = ?, updated_at = ? WHERE state = 'writing'`)
    .run(JSON.stringify({ code: 'DRIVE_COPY_INTERRUPTED', params: {} }), at.toISOString()).changes;
}
