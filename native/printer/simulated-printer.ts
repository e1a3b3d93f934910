import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PrinterError } from './printer-error';
import type {
  JobStatus,
  PrintJob,
  PrintRequest,
  PrinterInfo,
  PrinterReason,
  PrinterStatus,
  PrinterSystem,
} from './printer';
import { JobWatchdog } from './job-watchdog';
import { pdfPageCount } from './pdf-pages';
import { requireJobId, requireJobTitle, requirePrinterName } from './system-text';

// A printer for the demo, training and tests: it "prints" a PDF into a folder, one page per step, and can be told
// to fail the way real printers do. Faults are set per printer and cleared by `clearFaults` — the organiser loaded
// paper, opened and closed the door, switched the printer on.
//
// Pages advance when `advance()` is called (tests: deterministic, no timers) or, with `pageIntervalMs`, on a timer
// (demo: 1,500 ms is a 40-pages-per-minute printer).

export interface SimulatedFaults {
  /** Paper runs out after this many more pages: the printer stops with media-empty until cleared. */
  paperOutAfterPages?: number;
  /** The next page jams: the printer stops with media-jam until cleared; the jammed page is printed again. */
  jamAtNextPage?: boolean;
  /** The printer is switched off or unplugged: offline-report, nothing progresses. */
  offline?: boolean;
  /** The current job is aborted by the printer after this many of its pages; the printer goes on with the next. */
  failJobAfterPages?: number;
  /** The printer says it is ready but the job makes no progress (a switched-off USB printer on Windows). */
  stuck?: boolean;
  /** The queue refuses new jobs. */
  refuseJobs?: boolean;
}

export interface SimulatedPrinterOptions {
  outputDir: string;
  printers?: Array<{ name: string; description?: string }>;
  pageIntervalMs?: number;
  watchdog?: JobWatchdog;
}

interface SimJob {
  id: string;
  title: string;
  pdf: Buffer;
  pages: number;
  done: number;
  state: 'pending' | 'processing' | 'completed' | 'canceled' | 'aborted';
  reasons: string[];
}

interface SimPrinter {
  name: string;
  description: string | null;
  faults: SimulatedFaults;
  /** What stopped it: set by a fault when it strikes, cleared by clearFaults. */
  stoppedBy: 'media-empty' | 'media-jam' | null;
  jobs: SimJob[];
}

export class SimulatedPrinterSystem implements PrinterSystem {
  readonly kind = 'simulated' as const;
  private readonly printers = new Map<string, SimPrinter>();
  private nextJobId = 1;
  private timer: NodeJS.Timeout | null = null;
  private readonly watchdog: JobWatchdog;

  constructor(private readonly options: SimulatedPrinterOptions) {
    for (const p of options.printers ?? [{ name: 'Simulated', description: 'Учебный принтер (симуляция)' }]) {
      this.printers.set(p.name, { name: p.name, description: p.description ?? null, faults: {}, stoppedBy: null, jobs: [] });
    }
    this.watchdog = options.watchdog ?? new JobWatchdog();
    if (options.pageIntervalMs !== undefined) {
      this.timer = setInterval(() => void this.advance().catch(() => undefined), options.pageIntervalMs);
      this.timer.unref();
    }
  }

  dispose(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Scripts faults on a printer; they add to the ones set before. */
  setFaults(printer: string, faults: SimulatedFaults): void {
    const p = this.printer(printer);
    p.faults = { ...p.faults, ...faults };
  }

  /** The person fixed the printer: paper loaded, jam cleared, switched on. Printing resumes where it stopped. */
  clearFaults(printer: string): void {
    const p = this.printer(printer);
    p.faults = {};
    p.stoppedBy = null;
  }

  async list(): Promise<PrinterInfo[]> {
    return [...this.printers.values()].map((p, i) => ({
      name: p.name,
      description: p.description,
      isDefault: i === 0,
      status: this.statusOf(p),
    }));
  }

  async printerStatus(printer: string): Promise<PrinterStatus> {
    return this.statusOf(this.printer(printer));
  }

  async print(request: PrintRequest): Promise<PrintJob> {
    const p = this.printer(request.printer);
    const title = requireJobTitle(request.title);
    if (p.faults.refuseJobs === true) throw new PrinterError('JOB_REFUSED', 'simulated: not accepting jobs');
    const pdf = 'data' in request.pdf ? Buffer.from(request.pdf.data) : await readFile(request.pdf.path);
    const pages = pdfPageCount(pdf);
    if (pages === null) throw new PrinterError('INVALID_REQUEST', 'simulated: not a PDF');
    const job: SimJob = { id: String(this.nextJobId++), title, pdf, pages, done: 0, state: 'pending', reasons: [] };
    p.jobs.push(job);
    return { printer: p.name, jobId: job.id };
  }

  async jobStatus(job: PrintJob): Promise<JobStatus> {
    const p = this.printer(job.printer);
    const j = this.job(p, job.jobId);
    const progress = `${j.done}|${j.reasons.join(',')}`;
    const state = this.watchdog.observe(`${p.name}-${j.id}`, j.state, progress);
    return { printer: p.name, jobId: j.id, state, reasons: [...j.reasons], pagesCompleted: j.done };
  }

  async cancel(job: PrintJob): Promise<void> {
    const p = this.printer(job.printer);
    const j = this.job(p, job.jobId);
    if (j.state === 'pending' || j.state === 'processing') {
      j.state = 'canceled';
      j.reasons = ['job-canceled-by-user'];
      j.pdf = Buffer.alloc(0);
    }
  }

  /**
   * Prints one page on every printer that can (the demo's timer calls it; tests call it). Returns the number of
   * pages printed, so a test can run `while (await sim.advance()) {}` until nothing moves.
   */
  async advance(): Promise<number> {
    let printed = 0;
    for (const p of this.printers.values()) if (await this.printOnePage(p)) printed++;
    return printed;
  }

  private async printOnePage(p: SimPrinter): Promise<boolean> {
    const job = p.jobs.find((j) => j.state === 'pending' || j.state === 'processing');
    if (job === undefined || p.stoppedBy !== null || p.faults.offline === true) return false;
    job.state = 'processing';
    if (p.faults.stuck === true) return false;
    if (p.faults.jamAtNextPage === true) {
      p.faults.jamAtNextPage = false;
      p.stoppedBy = 'media-jam';
      return false;
    }
    if (p.faults.paperOutAfterPages !== undefined) {
      if (p.faults.paperOutAfterPages <= 0) {
        p.stoppedBy = 'media-empty';
        return false;
      }
      p.faults.paperOutAfterPages--;
    }
    job.done++;
    if (p.faults.failJobAfterPages !== undefined && job.done >= p.faults.failJobAfterPages && job.done < job.pages) {
      delete p.faults.failJobAfterPages;
      job.state = 'aborted';
      job.reasons = ['aborted-by-system'];
      job.pdf = Buffer.alloc(0);
      return true;
    }
    if (job.done >= job.pages) {
      await this.deliver(job);
      job.state = 'completed';
      job.reasons = ['job-completed-successfully'];
    }
    return true;
  }

  /** The finished "sheet stack": the PDF as sent, named like cups-pdf's output (<title>-job_<id>.pdf), owner-only. */
  private async deliver(job: SimJob): Promise<void> {
    await mkdir(this.options.outputDir, { recursive: true });
    const safeTitle = job.title.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60);
    const file = join(this.options.outputDir, `${safeTitle}-job_${job.id}.pdf`);
    await writeFile(file, job.pdf, { mode: 0o600 });
    await chmod(file, 0o600);
    job.pdf = Buffer.alloc(0);
  }

  private statusOf(p: SimPrinter): PrinterStatus {
    const reasons: PrinterReason[] = [];
    if (p.faults.offline === true) reasons.push({ kind: 'offline-report', severity: 'error', raw: 'offline-report' });
    if (p.stoppedBy === 'media-empty') reasons.push({ kind: 'media-empty', severity: 'error', raw: 'media-empty-error' });
    if (p.stoppedBy === 'media-jam') reasons.push({ kind: 'media-jam', severity: 'error', raw: 'media-jam-error' });
    const busy = p.jobs.some((j) => j.state === 'processing');
    const state =
      p.faults.offline === true ? 'offline' : p.stoppedBy !== null ? 'stopped' : busy && p.faults.stuck !== true ? 'printing' : 'idle';
    return { state, reasons, message: null, acceptingJobs: p.faults.refuseJobs !== true };
  }

  private printer(name: string): SimPrinter {
    const p = this.printers.get(requirePrinterName(name));
    if (p === undefined) throw new PrinterError('NO_SUCH_PRINTER', name.slice(0, 127));
    return p;
  }

  private job(p: SimPrinter, id: string): SimJob {
    const j = p.jobs.find((x) => x.id === requireJobId(id));
    if (j === undefined) throw new PrinterError('NO_SUCH_JOB', `${p.name}-${id}`);
    return j;
  }
}
