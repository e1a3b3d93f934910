import { existsSync } from 'node:fs';
import { AppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type Actor } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import { readPpeConfig } from '../ppe/ppe-config';
import type { DriveRole, DriveRow, WriteJob } from '../ipc/dto';
import type { AppErrorPayload } from '../ipc/errors';
import { describeDriveFailure, type WriteContext } from './drive-problem';
import type { DriveInfo, DriveProvider } from '../../native/drives/drive';
import type { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { checkPackageFolder, listPackageFolders, notRegular } from './check-drive';
import { DriveEntryError } from './drive-fs';
import { assignRole, copiesOfDrive, driveWithRole, failInterruptedCopies, knownDrives, packageById } from './package-rows';
import type { PackagesDeps, PackageService } from './package-service';
import { failCopiesOnDrive, recordCheck, recordMissingFolders } from './copy-verdicts';
import { DriveWriter } from './drive-writer';
import { withStallBudget } from './stall-budget';


type DriveCheck = NonNullable<DriveRow['check']>;

export interface DriveServiceOptions {
  provider: DriveProvider | null;
  /** The folder-backed drives of training mode, which the screen may insert and pull. */
  simulator: FolderDriveSimulator | null;
  pollMs?: number;
  /**
   * How long a drive check may go without reading anything before the drive counts as stuck (its check fails and
   * the next drive's check starts). Reading a whole package takes long, so this is about silence, not total time.
   */
  checkStallMs?: number;
}

const CHECK_STALL_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/** Problems that mean a drive holds something planted or tampered with, journaled even where no copy of ours is. */
const REFUSED_CONTENT = new Set<string>(['DRIVE_COPY_NOT_REGULAR', 'DRIVE_COPY_OTHER_PACKAGE', 'DRIVE_COPY_MANIFEST_TAMPERED', 'DRIVE_COPY_FOREIGN']);

/**
 * The flash drives: which are inserted, which role each has, what is on them. A drive is checked as soon as it
 * appears (and at start for those already in). Writing a package to the main and the reserve drive is the writer's
 * (drive-writer.ts); the two share the drives' latest checks, since a read-back is a check and a check may overrule
 * a finished write.
 */
export class DriveService {
  private present: DriveInfo[] = [];
  private readonly checks = new Map<string, DriveCheck>();
  private checkQueue: Promise<void> = Promise.resolve();
  /** Stops the running check: at shutdown, or when its drive has gone silent. */
  private runningCheck: AbortController | null = null;
  private readonly writer: DriveWriter;
  private stopWatching: () => void = () => {};
  private stopped = false;
  private freeSpace: { at: number; drives: DriveInfo[] } | null = null;

  constructor(
    private readonly d: PackagesDeps,
    private readonly packages: PackageService,
    private readonly options: DriveServiceOptions,
  ) {
    this.writer = new DriveWriter(d, packages, {
      provider: options.provider,
      checks: this.checks,
      driveProblem: (error, drive, write) => this.driveProblem(error, drive, write),
    });
  }

  get supported(): boolean {
    return this.options.provider !== null;
  }

  get simulated(): boolean {
    return this.options.simulator !== null;
  }

  start(): void {
    act(this.d.ctx, SYSTEM_ACTOR, (work) => {
      const interrupted = failInterruptedCopies(work.db, work.at);
      if (interrupted > 0) work.record('package.copies_interrupted', { copies: interrupted });
    });
    if (!this.options.provider) return;
    this.stopWatching = this.options.provider.watch((drives) => this.onDrives(drives), this.options.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWatching();
    // A check stuck on a drive that does not answer is let go, not waited for (see checkWithBudget). A running
    // write is stopped: its copies stay 'writing' (or 'written', not read back) and count as interrupted at the
    // next start. A drive operation hanging in the operating system is waited for only a moment.
    const closing = new Error('the application is closing');
    this.runningCheck?.abort(closing);
    const writing = this.writer.stop(closing);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([writing, this.checkQueue]),
      new Promise((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS))),
    ]);
    clearTimeout(grace);
  }

  private onDrives(drives: DriveInfo[]): void {
    const before = new Set(this.present.map((d) => d.id));
    this.present = drives;
    for (const gone of before) if (!drives.some((d) => d.id === gone)) this.checks.delete(gone);
    // Verify on insert: a drive that has just appeared (or was in when the app started) is read and checked.
    for (const drive of drives) if (!before.has(drive.id) && !this.isBeingWritten(drive.id)) this.queueCheck(drive);
    this.d.notify('drives');
  }

  private isBeingWritten(driveId: string): boolean {
    return this.writer.isWriting(driveId);
  }

  /** Checks a present drive again, by hand. */
  recheck(driveId: string): void {
    const drive = this.present.find((d) => d.id === driveId);
    if (!drive) throw new AppError('DRIVE_NOT_FOUND', { driveId });
    if (this.isBeingWritten(driveId)) throw new AppError('PACKAGE_BUSY', { reason: 'writing' });
    this.queueCheck(drive);
  }

  private queueCheck(drive: DriveInfo): void {
    const check: DriveCheck = { state: 'checking', startedAt: this.d.ctx.clock.now().toISOString(), bytesDone: 0, bytesTotal: 0, folders: [], problem: null };
    this.checks.set(drive.id, check);
    // One check at a time: two drives read at once on one USB hub are slower than one after the other.
    // A check that goes silent is given up (checkWithBudget), so one stuck drive never holds up the next one.
    this.checkQueue = this.checkQueue.then(() => this.checkWithBudget(drive, check));
  }

  /**
   * Runs a drive's check with a time budget: as long as it keeps reading it may take what a whole package takes,
   * but a drive that answers nothing for checkStallMs is reported stuck and the queue moves on. The check itself
   * is told to stop (its signal); a read hanging inside the operating system cannot be cancelled, but it is no
   * longer waited for — nor is it at shutdown.
   */
  private async checkWithBudget(drive: DriveInfo, check: DriveCheck): Promise<void> {
    if (this.stopped) return;
    const abort = new AbortController();
    this.runningCheck = abort;
    const stallMs = this.options.checkStallMs ?? CHECK_STALL_MS;
    try {
      const outcome = await withStallBudget((touch) => this.runCheck(drive, check, abort.signal, touch), stallMs, abort.signal);
      if (outcome === 'stuck') {
        abort.abort(new Error('the drive does not answer'));
        check.state = 'failed';
        check.problem = { code: 'DRIVE_STUCK', params: {} };
        recordAct(this.d.ctx, SYSTEM_ACTOR, 'drive.check_stuck', { driveId: drive.id, stallMs });
        this.d.notify('drives');
      }
    } finally {
      if (this.runningCheck === abort) this.runningCheck = null;
    }
  }

  private async runCheck(drive: DriveInfo, check: DriveCheck, signal: AbortSignal, touch: () => void): Promise<void> {
    const { ctx, crypto } = this.d;
    const pinned = readPpeConfig(ctx.db).rcoiPublicKey;
    const expected = this.packages.expected();
    const manifestShaOf = (packageId: string) => packageById(ctx.db, packageId)?.manifestSha256 ?? null;
    try {
      const folders = await listPackageFolders(drive.mountPath);
      let before = 0;
      for (const folder of folders) {
        signal.throwIfAborted();
        touch();
        // A folder this computer wrote is checked against the package it wrote there, not against what it holds now.
        const recorded = copiesOfDrive(ctx.db, drive.id).find((c) => c.folder === folder) ?? null;
        const written = recorded ? { packageId: recorded.packageId, manifestSha256: manifestShaOf(recorded.packageId) } : null;
        const result = await checkPackageFolder(drive.mountPath, folder, pinned, crypto, expected, (bytes, total) => {
          touch();
          check.bytesDone = before + bytes;
          check.bytesTotal = before + total;
          this.d.notify('drives');
        }, { written, manifestShaOf, signal });
        if (signal.aborted) return;
        before = check.bytesTotal;
        check.folders.push({
          folder,
          packageId: result.manifest?.packageId ?? null,
          examDate: result.manifest?.exam.date ?? null,
          subjectCode: result.manifest?.exam.subjectCode ?? null,
          ok: result.ok,
          problem: result.problem,
        });
        if (!recordCheck(this.d, drive, result, recorded) && result.problem && REFUSED_CONTENT.has(result.problem.code)) {
          // Not a copy of ours (a drive without a role, a folder nobody recorded), yet worth a line: something on
          // this drive was refused as untrustworthy.
          recordAct(ctx, SYSTEM_ACTOR, 'drive.content_refused', { driveId: drive.id, folder, problem: result.problem });
        }
      }
      recordMissingFolders(this.d, drive, folders);
      check.state = 'done';
      this.writer.noteLaterCheck(drive.id);
    } catch (e) {
      if (signal.aborted) return;
      check.state = 'failed';
      const problem = await this.driveProblem(e, drive);
      check.problem = problem;
      // PPE-PACKAGES itself is a link or a special file: nothing under it is a copy this computer can vouch for.
      if (e instanceof DriveEntryError) {
        if (failCopiesOnDrive(this.d, drive, problem) === 0) recordAct(ctx, SYSTEM_ACTOR, 'drive.content_refused', { driveId: drive.id, folder: e.path, problem });
        else this.writer.noteLaterCheck(drive.id);
      }
    }
    this.d.notify('drives');
  }

  async rows(): Promise<DriveRow[]> {
    // Presence is what the watcher has seen (so it agrees with the checks it started); free space is read now.
    return this.rowsWith(await this.freeSpaceView());
  }

  /**
   * The drives as the watcher last saw them, free space not read again: enough to know which drive holds which role
   * (the exams' copies), without starting lsblk for every download's progress.
   */
  rowsAsSeen(): DriveRow[] {
    return this.rowsWith([]);
  }

  /** The drives inserted now, as the watcher last saw them, with where they are mounted (the transfer drive's desk). */
  mounted(): readonly DriveInfo[] {
    return this.present;
  }

  private rowsWith(fresh: DriveInfo[]): DriveRow[] {
    const known = knownDrives(this.d.ctx.db);
    const rows: DriveRow[] = this.present.map((p) => ({
      id: p.id,
      label: p.label,
      serial: p.serial,
      sizeBytes: p.sizeBytes,
      freeBytes: fresh.find((f) => f.id === p.id)?.freeBytes ?? p.freeBytes,
      fileSystem: p.fileSystem,
      readOnly: p.readOnly,
      present: true,
      role: known.find((k) => k.id === p.id)?.role ?? null,
      check: this.checks.get(p.id) ?? null,
    }));
    // A drive with a role that is not inserted is still shown: "the main drive is in the safe" is worth seeing.
    for (const k of known) {
      if (k.role !== null && !this.present.some((p) => p.id === k.id)) {
        rows.push({ id: k.id, label: k.label, serial: k.serial, sizeBytes: k.sizeBytes, freeBytes: null, fileSystem: null, readOnly: false, present: false, role: k.role, check: null });
      }
    }
    const order = { main: 0, reserve: 1, transfer: 2 } as const;
    return rows.sort((a, b) => (a.role ? order[a.role] : 3) - (b.role ? order[b.role] : 3) || a.id.localeCompare(b.id));
  }

  /**
   * The adapter's list for free space, at most every 1.5 s: during a write the screen asks several times a second,
   * and on Linux each ask would start lsblk.
   */
  private async freeSpaceView(): Promise<DriveInfo[]> {
    const provider = this.options.provider;
    if (!provider) return [];
    const now = Date.now();
    if (!this.freeSpace || now - this.freeSpace.at > 1_500) {
      this.freeSpace = { at: now, drives: await provider.list().catch(() => this.present) };
    }
    return this.freeSpace.drives;
  }

  async assign(actor: Actor, driveId: string, role: DriveRole | null): Promise<void> {
    const { ctx } = this.d;
    // A drive just plugged in may not have reached the watcher yet; the adapter is asked directly then.
    const fresh = this.present.some((d) => d.id === driveId) ? this.present : ((await this.options.provider?.list().catch(() => [])) ?? []);
    const drive = fresh.find((d) => d.id === driveId) ?? knownDrives(ctx.db).find((k) => k.id === driveId);
    if (!drive) throw new AppError('DRIVE_NOT_FOUND', { driveId });
    if (this.isBeingWritten(driveId)) throw new AppError('PACKAGE_BUSY', { reason: 'writing' });
    const previous = role === 'main' || role === 'reserve' ? driveWithRole(ctx.db, role) : null;
    act(ctx, actor, (work) => {
      assignRole(work.db, drive, role, actor.staffId, work.at);
      work.record('drive.assigned', { driveId, serial: drive.serial, label: drive.label, sizeBytes: drive.sizeBytes, role, previousDriveId: previous && previous.id !== driveId ? previous.id : null });
    });
    // The exams show the copies on the drives holding the main and the reserve role.
    this.d.notify('drives', 'exams');
  }

  writeJob(): WriteJob | null {
    return this.writer.job();
  }

  /** Writes a downloaded package to the drives with these roles (drive-writer.ts). */
  write(actor: Actor, packageId: string, roles: DriveRole[], done?: (task: Promise<void>) => void): Promise<void> {
    return this.writer.write(actor, packageId, roles, done);
  }

  /** Words a failed drive operation (drive-problem.ts), asking the system whether the drive is still there. */
  private async driveProblem(error: unknown, drive: DriveInfo, write?: WriteContext): Promise<AppErrorPayload> {
    if (error instanceof DriveEntryError) return notRegular(error);
    const fresh = await this.options.provider?.list().catch(() => []);
    const now = (fresh ?? []).find((p) => p.id === drive.id);
    const gone = !existsSync(drive.mountPath) || !now;
    return describeDriveFailure(error, { gone, freeBytes: now?.freeBytes ?? drive.freeBytes }, write);
  }

  /** Training mode only: plugs in or pulls out a folder-backed drive, so the whole procedure can be practised. */
  async simulate(action: 'insert' | 'remove', name: string): Promise<void> {
    const sim = this.options.simulator;
    if (!sim || !readPpeConfig(this.d.ctx.db).trainingMode) throw new AppError('DRIVE_SIMULATOR_ONLY');
    if (action === 'insert') await sim.insert(name, { serial: `TRAIN-${name.toUpperCase()}`, sizeBytes: 4 * 1024 ** 3, fileSystem: 'fat32' });
    else await sim.remove(name);
  }
}
