import type { CoreContext } from '../kernel/context';
import { readPpeConfig } from '../ppe/ppe-config';
import type { DriveRow, ExamPackage, PackagesDrives, PackagesExams, PackagesOverview, PackagesWrite, PackageState } from '../ipc/dto';
import { listExams } from '../roster/exam-queries';
import { localDateOf } from '../ipc/zoned-time';
import type { DriveService } from './drive-service';
import { copiesOf, currentPackages, type CopyRow, type PackageRow } from './package-rows';
import type { PackageService, RunningDownload } from './package-service';
import { examEndUtc } from '../roster/exam-times';
import { packageDates, packageUrgency } from './package-deadline';

/** The packages screen in one answer: every coming exam with its package's state, the drives, the running write. */
export async function buildPackagesOverview(ctx: CoreContext, packages: PackageService, drives: DriveService): Promise<PackagesOverview> {
  return { ...buildPackagesExams(ctx, packages, drives), ...(await buildPackagesDrives(ctx, drives)), ...buildPackagesWrite(drives) };
}

/** The drives part of the screen: the drives with free space read now, and what this station can do with drives. */
export async function buildPackagesDrives(ctx: CoreContext, drives: DriveService): Promise<PackagesDrives> {
  return {
    drives: await drives.rows(),
    drivesSupported: drives.supported,
    simulatedDrives: drives.simulated && readPpeConfig(ctx.db).trainingMode,
  };
}

/** The write part of the screen: the running (or last) write job. */
export function buildPackagesWrite(drives: DriveService): PackagesWrite {
  return { write: drives.writeJob() };
}

/**
 * The exams part of the screen: every coming exam with its package's state, download and copies, and the last ask
 * to RCOI. Reads the database and what the drive watcher has seen, never the drives themselves.
 */
export function buildPackagesExams(ctx: CoreContext, packages: PackageService, drives: DriveService): PackagesExams {
  const ppe = readPpeConfig(ctx.db);
  const now = ctx.clock.now();
  const today = localDateOf(now, ppe.timeZone);
  // Only which drive holds which role, and its label: free space is the drives part's business.
  const driveRows = drives.rowsAsSeen();
  const current = currentPackages(ctx.db);
  const refresh = packages.lastRefreshState();
  const exams = listExams(ctx.db)
    // An exam that has ended needs its package no more: it says nothing (issue 10, quiet when finished).
    .filter((e) => e.date > today || (e.date === today && now < examEndUtc(e, ppe.timeZone, false)))
    .map((exam): ExamPackage => {
      const pkg = current.get(exam.id) ?? null;
      const copies = pkg ? roleCopies(copiesOf(ctx.db, pkg.packageId), driveRows) : [];
      const running = pkg ? packages.progressOf(pkg.packageId) : null;
      // Downloaded once, but the files are gone from this computer: it has to be fetched again.
      const lost = pkg?.state === 'downloaded' && !running && !packages.hasLocalCopy(pkg.packageId);
      const state = lost ? 'available' : stateOf(pkg, running, copies);
      const dates = packageDates(exam.date, exam.dayKind);
      return {
        examId: exam.id,
        examDate: exam.date,
        subjectCode: exam.subjectCode,
        subjectName: exam.subjectName,
        form: exam.form,
        dayKind: exam.dayKind,
        state,
        ...dates,
        urgency: packageUrgency(state, today, dates),
        package: pkg && {
          packageId: pkg.packageId,
          size: pkg.size,
          fileCount: pkg.fileCount,
          kits: pkg.kits,
          reserveKits: pkg.reserveKits,
          downloadedAt: pkg.downloadedAt,
        },
        download: running && {
          bytesDone: running.bytesDone,
          bytesTotal: running.bytesTotal,
          bytesPerSecond: running.bytesPerSecond,
          secondsLeft: running.bytesPerSecond > 0 ? Math.ceil((running.bytesTotal - running.bytesDone) / running.bytesPerSecond) : null,
        },
        copies,
        lastError: lost ? { code: 'PACKAGE_NOT_DOWNLOADED', params: {} } : (pkg?.lastError ?? null),
      };
    });
  return {
    today,
    exams,
    lastRefreshAt: refresh?.at.toISOString() ?? null,
    lastRefreshError: refresh?.error ?? null,
  };
}

/** The copies on the drives that now hold the main and the reserve role; copies on retired drives are history. */
function roleCopies(copies: CopyRow[], drives: DriveRow[]): ExamPackage['copies'] {
  const out: ExamPackage['copies'] = [];
  for (const role of ['main', 'reserve'] as const) {
    const drive = drives.find((d) => d.role === role);
    const copy = drive && copies.find((c) => c.driveId === drive.id);
    if (drive && copy) out.push({ role, driveId: drive.id, driveLabel: drive.label, state: copy.state, checkedAt: copy.checkedAt, problem: copy.problem });
  }
  return out;
}

function stateOf(pkg: PackageRow | null, running: RunningDownload | null, copies: ExamPackage['copies']): PackageState {
  if (!pkg) return 'not_published';
  if (running) return 'downloading';
  if (pkg.state === 'available') return 'available';
  if (pkg.state === 'downloading') return 'interrupted';
  const onBoth = (ok: (s: CopyRow['state']) => boolean) => copies.length === 2 && copies.every((c) => ok(c.state));
  if (onBoth((s) => s === 'verified')) return 'verified';
  if (onBoth((s) => s === 'verified' || s === 'written')) return 'on_drives';
  return 'downloaded';
}
