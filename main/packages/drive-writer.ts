import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../kernel/app-error';
import type { Actor } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import type { DriveRole, DriveRow, WriteJob } from '../ipc/dto';
import type { AppErrorPayload } from '../ipc/errors';
import { EXTRA_PATH_MAX, EXTRA_REMOVED_MAX } from '../ipc/journal-actions';
import type { WriteContext } from './drive-problem';
import type { DriveInfo, DriveProvider } from '../../native/drives/drive';
import { describeFileProblems } from './check-drive';
import { packageFolderOnDrive } from './drive-layout';
import type { PackageManifest } from './package-format';
import { copiesOfDrive, driveWithRole, knownDrives, packageById, setCopyState } from './package-rows';
import type { PackagesDeps, PackageService } from './package-service';
import { recordCopyOutcome } from './copy-verdicts';
import { checkTarget, writePackageToTargets, type TargetDrive, type TargetOutcome } from './write-package';

const MIB = 1024 * 1024;

type DriveCheck = NonNullable<DriveRow['check']>;

interface WriteTarget {
  role: DriveRole;
  drive: DriveInfo;
  target: TargetDrive;
}

/** What the writer shares with the drive service. */
export interface DriveWriterOptions {
  provider: DriveProvider | null;
  /** The drives' latest checks: a drive being checked is not written to, and a read-back becomes its latest check. */
  checks: Map<string, DriveCheck>;
  /** Words a failed drive operation, asking the system whether the drive is still there. */
  driveProblem(error: unknown, drive: DriveInfo, write: WriteContext): Promise<AppErrorPayload>;
}

/**
 * Writing a package goes to the main and the reserve drive at once and ends with every byte read back; the
 * database says 'verified' only after such a read-back. One write at a time; the finished one stays on the screen,
 * overruled by any later check of its drives.
 */
export class DriveWriter {
  private current: WriteJob | null = null;
  private task: Promise<void> = Promise.resolve();
  /** Stops the running write at shutdown. */
  private abort: AbortController | null = null;
  private starting = false;

  constructor(
    private readonly d: PackagesDeps,
    private readonly packages: PackageService,
    private readonly options: DriveWriterOptions,
  ) {}

  job(): WriteJob | null {
    return this.current;
  }

  isWriting(driveId: string): boolean {
    return this.current?.targets.some((t) => t.driveId === driveId && (t.phase === 'write' || t.phase === 'verify')) ?? false;
  }

  /**
   * Stops a running write (its copies stay 'writing' or 'written', not read back, and count as interrupted at the
   * next start); returns the write's task for the caller to wait on as long as it cares to.
   */
  stop(reason: Error): Promise<void> {
    this.abort?.abort(reason);
    return this.task;
  }

  /**
   * Starts writing a downloaded package to the drives with the given roles (main and reserve) and returns once
   * everything that can be checked beforehand has been: both drives assigned, inserted, writable, big enough.
   * The copy itself runs in the background; `done` receives it for tests and tools.
   */
  async write(actor: Actor, packageId: string, roles: DriveRole[], done: (task: Promise<void>) => void = () => {}): Promise<void> {
    const running = this.current?.targets.some((t) => t.phase === 'write' || t.phase === 'verify') ?? false;
    // Set before the first await: a second request (another window, a double click) must not slip in meanwhile.
    if (running || this.starting) throw new AppError('PACKAGE_BUSY', { reason: 'writing' });
    if (!this.options.provider) throw new AppError('DRIVES_UNSUPPORTED');
    this.starting = true;
    try {
      await this.startWrite(actor, packageId, roles, this.options.provider, done);
    } finally {
      this.starting = false;
    }
  }

  private async startWrite(actor: Actor, packageId: string, roles: DriveRole[], provider: DriveProvider, done: (task: Promise<void>) => void): Promise<void> {
    const { ctx } = this.d;
    const { manifest, text } = this.packages.localManifest(packageId);
    const fresh = await provider.list();
    const folder = packageFolderOnDrive(manifest);
    const targets: WriteTarget[] = [];
    for (const role of roles) {
      const assigned = driveWithRole(ctx.db, role);
      if (!assigned) throw new AppError('DRIVE_ROLE_UNASSIGNED', { role });
      const drive = fresh.find((p) => p.id === assigned.id);
      if (!drive) throw new AppError('DRIVE_ROLE_ABSENT', { role });
      if (this.options.checks.get(drive.id)?.state === 'checking') throw new AppError('PACKAGE_BUSY', { reason: 'checking' });
      if (drive.readOnly) throw new AppError('DRIVE_WRITE_PROTECTED', { role });
      const path = join(drive.mountPath, ...folder.split('/'));
      // An earlier copy of this package in the same folder is replaced, so its bytes count as free.
      const target = { folder: path, root: drive.mountPath, freeBytes: drive.freeBytes + (await bytesUnder(path)), fileSystem: drive.fileSystem };
      const refusal = checkTarget(manifest, Buffer.byteLength(text), target);
      if (refusal?.reason === 'FULL') {
        throw new AppError('DRIVE_FULL', { role, neededMib: Math.ceil(refusal.needed / MIB), freeMib: Math.floor(refusal.free / MIB) });
      }
      if (refusal?.reason === 'FILE_TOO_LARGE') throw new AppError('DRIVE_FILE_TOO_LARGE', { role, path: refusal.path });
      targets.push({ role, drive, target });
    }
    const exam = packageById(ctx.db, packageId)!;
    const subjectName = ctx.db.prepare<[number], { subject_name: string }>('SELECT subject_name FROM exam WHERE id = ?').get(exam.examId)?.subject_name ?? '';
    const total = manifest.files.reduce((n, f) => n + f.size, 0);
    const job: WriteJob = {
      packageId,
      examDate: manifest.exam.date,
      subjectName,
      targets: targets.map((t) => ({ driveId: t.drive.id, role: t.role, phase: 'write', bytesDone: 0, bytesTotal: total, problem: null, checkedAgainAt: null })),
    };
    act(ctx, actor, (work) => {
      for (const t of targets) setCopyState(work.db, { packageId, driveId: t.drive.id, folder, state: 'writing' }, work.at);
      work.record('package.copy_started', { packageId, folder, drives: targets.map((t) => ({ role: t.role, driveId: t.drive.id })) });
    });
    this.current = job;
    this.d.notify('write', 'exams');
    const abort = new AbortController();
    this.abort = abort;
    this.task = this.runWrite(actor, job, targets, folder, manifest, text, abort.signal);
    done(this.task);
  }

  private async runWrite(
    actor: Actor,
    job: WriteJob,
    targets: WriteTarget[],
    folder: string,
    manifest: PackageManifest,
    text: string,
    signal: AbortSignal,
  ): Promise<void> {
    const { ctx } = this.d;
    const written = new Set<number>();
    const outcomes: TargetOutcome[] = await writePackageToTargets(
      this.packages.folderOf(job.packageId),
      manifest,
      text,
      targets.map((t) => t.target),
      (i, phase, bytes, total) => {
        const t = job.targets[i]!;
        t.phase = phase;
        t.bytesDone = bytes;
        t.bytesTotal = total;
        if (phase === 'verify' && !written.has(i)) {
          // Every file and the manifest are on the drive; what is left is reading them back.
          written.add(i);
          setCopyState(ctx.db, { packageId: job.packageId, driveId: t.driveId, folder, state: 'written' }, ctx.clock.now());
          this.d.notify('exams');
        }
        this.d.notify('write');
      },
      signal,
      (i, removed) => {
        // Journaled as it happens: whatever comes of the write, what was on the drive before is on record.
        const t = job.targets[i]!;
        recordAct(ctx, actor, 'package.extra_removed', {
          packageId: job.packageId,
          driveId: t.driveId,
          role: t.role,
          folder,
          removed: removed.slice(0, EXTRA_REMOVED_MAX).map((r) => ({ path: cut(r.path, EXTRA_PATH_MAX), kind: r.kind })),
          count: removed.length,
        });
      },
    ).catch((error: unknown) => targets.map((): TargetOutcome => ({ ok: false, error })));
    for (const [i, outcome] of outcomes.entries()) {
      const t = job.targets[i]!;
      if (!outcome.ok && signal.aborted) {
        // Stopped by shutdown (whatever the drive answered meanwhile; the database may be closing): the row stays
        // as it is and is judged at the next start.
        t.phase = 'failed';
        t.problem = { code: 'DRIVE_COPY_INTERRUPTED', params: {} };
        continue;
      }
      let problem: AppErrorPayload | null;
      if (outcome.ok) problem = outcome.verification.ok ? null : describeFileProblems(outcome.verification.problems);
      else problem = await this.options.driveProblem(outcome.error, targets[i]!.drive, { role: t.role, neededBytes: t.bytesTotal, folder: targets[i]!.target.folder });
      t.phase = problem ? 'failed' : 'done';
      t.problem = problem;
      if (!problem) t.bytesDone = t.bytesTotal;
      recordCopyOutcome(this.d, actor, job.packageId, t.driveId, t.role, folder, problem, 'package.copy_written');
      this.rememberReadBack(t.driveId, folder, manifest, problem);
    }
    // The read-back is the drives' latest check; the write took their free space.
    this.d.notify('write', 'drives');
  }

  /**
   * A check of a drive after the write has the newer word on its copy: the finished write kept on the screen shows
   * that verdict (the copy's row, which the check has just set), so «готово, проверено» never outlives damage found
   * later. Called only once a check has judged every copy on the drive; a drive without a role is judged by nobody.
   */
  noteLaterCheck(driveId: string): void {
    const job = this.current;
    const t = job?.targets.find((x) => x.driveId === driveId);
    if (!job || !t || t.phase === 'write' || t.phase === 'verify') return;
    const role = knownDrives(this.d.ctx.db).find((k) => k.id === driveId)?.role ?? null;
    if (role === null) return;
    const copy = copiesOfDrive(this.d.ctx.db, driveId).find((c) => c.packageId === job.packageId);
    if (!copy || (copy.state !== 'verified' && copy.state !== 'failed')) return;
    t.phase = copy.state === 'verified' ? 'done' : 'failed';
    t.problem = copy.problem;
    if (t.phase === 'done') t.bytesDone = t.bytesTotal;
    t.checkedAgainAt = this.d.ctx.clock.now().toISOString();
    this.d.notify('write');
  }

  /** The read-back after a write is a full check of that folder: what the drives table shows is brought up to date. */
  private rememberReadBack(driveId: string, folder: string, manifest: PackageManifest, problem: AppErrorPayload | null): void {
    const previous = this.options.checks.get(driveId);
    if (previous?.state === 'checking') return;
    const others = previous?.state === 'done' ? previous.folders.filter((f) => f.folder !== folder) : [];
    const line = { folder, packageId: manifest.packageId, examDate: manifest.exam.date, subjectCode: manifest.exam.subjectCode, ok: problem === null, problem };
    this.options.checks.set(driveId, {
      state: 'done',
      startedAt: this.d.ctx.clock.now().toISOString(),
      bytesDone: 0,
      bytesTotal: 0,
      folders: [...others, line].sort((a, b) => a.folder.localeCompare(b.folder)),
      problem: null,
    });
  }
}

/** A name from a drive, cut to fit the journal: it may be as long as the drive's file system allows. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Bytes of the regular files under a folder on a drive; a link is neither followed nor counted. */
async function bytesUnder(path: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    if (!(await lstat(path)).isDirectory()) return 0;
    entries = await readdir(path, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) if (e.isFile()) total += (await lstat(join(e.parentPath, e.name))).size;
  return total;
}
