import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, isAppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type Actor, type CoreContext } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import type { Logger } from '../kernel/logger';
import { readPpeConfig } from '../ppe/ppe-config';
import { rcoiGetJson } from '../rcoi/rcoi-get';
import { usableRcoiUrl } from '../rcoi/rcoi-url';
import type { CryptoSuite } from '../crypto/crypto-suite';
import type { AppErrorPayload } from '../ipc/errors';
import { findExam, listExams } from '../roster/exam-queries';
import { osCodeOf } from '../../native/drives/drive';
import { downloadPackage, type DownloadProgress } from './download-package';
import { MANIFEST_FILE, type PackageManifest } from './package-format';
import { insertListedPackage, markDownloaded, markDownloadFailed, markDownloading, packageById } from './package-rows';
import type { PackagesPart } from './packages-changed';
import { readManifest, type ExpectedPackage } from './read-manifest';

/** One row of RCOI's `GET /api/v1/ppe/:region/:ppe/packages`; fields this station does not use are ignored. */
const listedSchema = z.object({
  packageId: z.string().uuid(),
  examDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  subjectCode: z.number().int(),
  form: z.string(),
  size: z.number().int().nonnegative(),
  files: z.number().int().positive(),
  availableFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
});

const LIST_TIMEOUT_MS = 15_000;
// A year of packages for one PPE is a few hundred rows, well under this.
const LIST_MAX_BYTES = 4 * 1024 * 1024;

export interface PackagesDeps {
  ctx: CoreContext;
  crypto: CryptoSuite;
  dataDir: string;
  /** These parts of the packages screen have changed (throttled by the caller, which remembers every part named). */
  notify(...parts: PackagesPart[]): void;
  log: Logger;
}

export interface RunningDownload extends DownloadProgress {
  packageId: string;
}

/**
 * Internet packages on this computer: what RCOI has listed, and downloading them. A download runs in the
 * background (the call returns at once) and survives a restart: the bytes already in `<path>.partial` are kept
 * and the next attempt continues from them with an HTTP Range request.
 */
export class PackageService {
  private readonly running = new Map<string, { progress: RunningDownload; abort: AbortController; task: Promise<void> }>();
  private lastRefresh: { at: Date; error: AppErrorPayload | null } | null = null;
  private autoRefresh: NodeJS.Timeout | null = null;

  constructor(private readonly d: PackagesDeps) {}

  folderOf(packageId: string): string {
    return join(this.d.dataDir, 'packages', packageId);
  }

  /** What a package must be to be accepted here: for this PPE, for an exam on its schedule. */
  expected(): ExpectedPackage {
    const ppe = readPpeConfig(this.d.ctx.db);
    return {
      regionCode: ppe.regionCode,
      ppeCode: ppe.code,
      exams: listExams(this.d.ctx.db).map((e) => ({ date: e.date, subjectCode: e.subjectCode, form: e.form })),
    };
  }

  /** The downloaded package is still on this computer (someone may have cleared the data folder since). */
  hasLocalCopy(packageId: string): boolean {
    return existsSync(join(this.folderOf(packageId), MANIFEST_FILE));
  }

  progressOf(packageId: string): RunningDownload | null {
    return this.running.get(packageId)?.progress ?? null;
  }

  lastRefreshState(): { at: Date; error: AppErrorPayload | null } | null {
    return this.lastRefresh;
  }

  /** Asks RCOI which packages are published for this PPE and records the new ones. Returns how many were new. */
  async refresh(): Promise<number> {
    const { db, clock } = this.d.ctx;
    const ppe = readPpeConfig(db);
    try {
      const url = new URL(`/api/v1/ppe/${ppe.regionCode}/${ppe.code}/packages`, usableRcoiUrl(ppe)).toString();
      // Capped like every answer from the network: a look-alike server cannot fill memory with an endless list.
      const json = await rcoiGetJson(url, {
        timeoutMs: LIST_TIMEOUT_MS,
        maxBytes: LIST_MAX_BYTES,
        tooLarge: () => new AppError('RCOI_BAD_RESPONSE', { status: 200 }),
      });
      const parsed = z.object({ packages: z.array(listedSchema) }).safeParse(json);
      if (!parsed.success) throw new AppError('RCOI_BAD_RESPONSE', { status: 200 });
      let added = 0;
      act(this.d.ctx, SYSTEM_ACTOR, (work) => {
        for (const p of parsed.data.packages) {
          // A package for an exam not on this PPE's schedule is not ours to fetch; the manifest check would refuse it.
          const exam = findExam(db, p.examDate, p.subjectCode, p.form);
          if (!exam) continue;
          if (insertListedPackage(work.db, { packageId: p.packageId, examId: exam.id, size: p.size, fileCount: p.files, availableFrom: p.availableFrom ?? null }, work.at)) {
            added++;
            work.record('package.listed', { packageId: p.packageId, examDate: p.examDate, subjectCode: p.subjectCode, size: p.size });
          }
        }
      });
      this.lastRefresh = { at: clock.now(), error: null };
      return added;
    } catch (e) {
      this.lastRefresh = { at: clock.now(), error: isAppError(e) ? e.toPayload() : { code: 'INTERNAL', params: {} } };
      throw e;
    } finally {
      this.d.notify('exams');
    }
  }

  /**
   * Starts (or resumes) downloading a package and returns at once; progress and the outcome reach the screen
   * through notify('exams'). Asking again while it runs changes nothing.
   */
  startDownload(actor: Actor, packageId: string, done: (outcome: Promise<void>) => void = () => {}): void {
    const row = packageById(this.d.ctx.db, packageId);
    if (!row) throw new AppError('PACKAGE_NOT_FOUND', { packageId });
    if ((row.state === 'downloaded' && this.hasLocalCopy(packageId)) || this.running.has(packageId)) return;
    const rcoiUrl = usableRcoiUrl(readPpeConfig(this.d.ctx.db));
    const abort = new AbortController();
    const progress: RunningDownload = { packageId, bytesDone: 0, bytesTotal: row.size, bytesPerSecond: 0 };
    act(this.d.ctx, actor, (work) => {
      markDownloading(work.db, packageId);
      work.record('package.download_started', { packageId });
    });
    const entry = { progress, abort, task: Promise.resolve() };
    this.running.set(packageId, entry);
    this.d.notify('exams');
    entry.task = this.runDownload(actor, packageId, rcoiUrl, progress, abort.signal);
    done(entry.task);
  }

  private async runDownload(actor: Actor, packageId: string, rcoiUrl: string, progress: RunningDownload, signal: AbortSignal): Promise<void> {
    const { ctx } = this.d;
    const folder = this.folderOf(packageId);
    try {
      const manifest = await downloadPackage({
        baseUrl: rcoiUrl,
        packageId,
        folder,
        pinnedRcoiKey: readPpeConfig(ctx.db).rcoiPublicKey,
        crypto: this.d.crypto,
        expected: this.expected(),
        signal,
        onProgress: (p) => {
          Object.assign(progress, p);
          this.d.notify('exams');
        },
      });
      this.recordDownloaded(actor, manifest, readFileSync(join(folder, MANIFEST_FILE)));
    } catch (e) {
      if (signal.aborted) {
        // The app is closing: nothing failed, the .partial files wait for the next start.
        recordAct(ctx, SYSTEM_ACTOR, 'package.download_paused', { packageId, bytesDone: progress.bytesDone });
        return;
      }
      if (!isAppError(e)) this.d.log.error(`package ${packageId}: download failed`, e);
      const error: AppErrorPayload = isAppError(e) ? e.toPayload() : localDiskProblem(e);
      act(ctx, actor, (work) => {
        markDownloadFailed(work.db, packageId, error);
        work.record('package.download_failed', { packageId, error, bytesDone: progress.bytesDone });
      });
    } finally {
      this.running.delete(packageId);
      this.d.notify('exams');
    }
  }

  private recordDownloaded(actor: Actor, manifest: PackageManifest, manifestBytes: Buffer): void {
    const { ctx } = this.d;
    const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
    const kits = manifest.rooms.reduce((n, r) => n + r.kits, 0);
    const size = manifest.files.reduce((n, f) => n + f.size, 0);
    act(ctx, actor, (work) => {
      markDownloaded(work.db, manifest.packageId, { manifestSha256, kits, reserveKits: manifest.reserveKits }, work.at);
      const fact = { packageId: manifest.packageId, examDate: manifest.exam.date, subjectCode: manifest.exam.subjectCode, form: manifest.exam.form, manifestSha256, size, files: manifest.files.length };
      work.record('package.downloaded', fact);
      // RCOI follows which PPE has its package: the receipt leaves with the change, through the outbox.
      work.send('package.downloaded', fact);
    });
  }

  /** The verified manifest of a downloaded package, read again from this computer's copy and checked again. */
  localManifest(packageId: string): { manifest: PackageManifest; text: string } {
    const row = packageById(this.d.ctx.db, packageId);
    if (!row) throw new AppError('PACKAGE_NOT_FOUND', { packageId });
    if (row.state !== 'downloaded') throw new AppError('PACKAGE_NOT_DOWNLOADED', { packageId });
    let text: string;
    try {
      text = readFileSync(join(this.folderOf(packageId), MANIFEST_FILE), 'utf8');
    } catch {
      throw new AppError('PACKAGE_NOT_DOWNLOADED', { packageId });
    }
    const sha = createHash('sha256').update(text).digest('hex');
    if (sha !== row.manifestSha256) throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'changed_on_disk' });
    const manifest = readManifest(text, readPpeConfig(this.d.ctx.db).rcoiPublicKey, this.d.crypto, this.expected());
    return { manifest, text };
  }

  /**
   * Asks RCOI for new packages now and then by itself, so the screen never claims "not published" from a list
   * nobody asked for. A failure is only remembered (and shown); the next round tries again.
   */
  startAutoRefresh(intervalMs: number): void {
    const round = () => {
      if (readPpeConfig(this.d.ctx.db).rcoiUrl) this.refresh().catch(() => undefined);
    };
    round();
    this.autoRefresh = setInterval(round, intervalMs);
    this.autoRefresh.unref();
  }

  /** Stops downloads (the app is closing); what was fetched stays in the .partial files for next time. */
  async stop(): Promise<void> {
    if (this.autoRefresh) clearInterval(this.autoRefresh);
    const tasks = [...this.running.values()].map((r) => {
      r.abort.abort();
      return r.task;
    });
    await Promise.allSettled(tasks);
  }
}

/** A failure outside the transfer itself (creating the folder, renaming a finished file) is this computer's disk. */
function localDiskProblem(e: unknown): AppErrorPayload {
  const code = osCodeOf(e);
  return code ? { code: 'PACKAGE_LOCAL_DISK', params: { osCode: code } } : { code: 'INTERNAL', params: {} };
}
