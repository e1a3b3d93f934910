import { AppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import { renderKit } from '../documents/kit/render-kit';
import type { PrinterSystem } from '../../native/printer/printer';
import { pdfPageCount } from '../../native/printer/pdf-pages';
import type { KeyVault } from './key-vault';
import type { KitReader } from './kit-reader';
import { chosenPrinter } from './printer-choice';
import { printerFault, spoolerProblem } from './printer-faults';
import { nextToPrint, printKit, setState, type PrintKitRow } from './print-queue';
import { requirePrintingPlace } from './printing-place';
import type { PrintingDeps } from './printing-deps';

export type QueueState = 'idle' | 'printing' | 'paused' | 'fault';

/**
 * The runner that empties the room's queue (PRINTING.md «The queue»): one kit per job — decrypted and rendered in
 * memory, handed to the spooler as bytes, the buffer wiped, the job followed until the spooler says it is done. The
 * row goes 'printing' before the job is sent, so a stop at any moment leaves it 'uncertain' at the next start
 * (`markInterruptedUncertain`), never lost and never silently doubled. A printer fault or a failed job stops the
 * queue; the service's `resume` goes on. Its state lives in this process only: after a restart the queue is idle.
 */
export class PrintRunner {
  private queueState: QueueState = 'idle';
  private stoppedBy: AppError | null = null;
  private current: { packageId: string; kitIndex: number; pagesDone: number | null } | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly d: PrintingDeps,
    private readonly vault: KeyVault,
    private readonly reader: KitReader,
  ) {}

  get state(): QueueState {
    return this.queueState;
  }

  /** Why the queue stopped, while it is stopped by a fault. */
  get fault(): AppError | null {
    return this.stoppedBy;
  }

  /** Pages done of the kit whose job is in the printer now, or null for any other kit. */
  pagesDone(packageId: string, kitIndex: number): number | null {
    return this.current?.packageId === packageId && this.current.kitIndex === kitIndex ? (this.current.pagesDone ?? 0) : null;
  }

  /** The app stops: the runner stops after its current look at the job (the kit stays 'printing' for the next start). */
  async close(): Promise<void> {
    this.closed = true;
    await this.running?.catch(() => undefined);
  }

  /** The current job finishes and no more are sent. False when nothing was printing. */
  pause(): boolean {
    if (this.queueState !== 'printing') return false;
    this.queueState = 'paused';
    return true;
  }

  /** The fault is forgotten (the organiser says it is dealt with): the next job meets the printer as it is now. */
  clearFault(): void {
    this.stoppedBy = null;
  }

  /** Goes on after a pause or a fault. */
  resume(packageId: string): void {
    this.queueState = 'idle';
    this.run(packageId);
  }

  /** Starts the runner unless it runs; it prints until the queue is empty, paused or stopped by a fault. */
  run(packageId: string): void {
    if (this.closed) return;
    if (this.queueState === 'idle') this.queueState = 'printing';
    if (this.running) return;
    this.running = this.loop(packageId)
      .catch((e: unknown) => this.d.log?.error('printing runner', e))
      .finally(() => {
        this.running = null;
        this.d.ctx.events.emit('all', 'data/changed', { topics: ['printing'] });
      });
  }

  private async loop(packageId: string): Promise<void> {
    let printedAny = false;
    while (this.queueState === 'printing' && !this.closed) {
      const kit = nextToPrint(this.d.ctx.db, packageId);
      if (!kit) {
        this.queueState = 'idle';
        if (printedAny) await this.purgeSpool();
        return;
      }
      await this.printOne(packageId, kit);
      printedAny = true;
    }
  }

  /**
   * CUPS keeps each printed document in its spool (/var/spool/cups/d<job>-001, root:lp 0640) for a day by default
   * (PreserveJobFiles): when the queue has nothing left to print, `cancel -a -x` deletes them
   * (CupsPrinterSystem.purgeQueue). The room's printer prints only kits, and nothing of ours is waiting then.
   */
  private async purgeSpool(): Promise<void> {
    const printers = this.d.printers as (PrinterSystem & { purgeQueue?: (printer: string) => Promise<void> }) | null;
    const name = chosenPrinter(this.d.ctx.db);
    if (!printers?.purgeQueue || !name) return;
    await printers.purgeQueue(name).catch((e: unknown) => this.d.log?.error('printing: purging the CUPS spool', e));
  }

  private stop(packageId: string, error: AppError, kitIndex: number | null): void {
    if (this.queueState === 'fault' && this.stoppedBy?.code === error.code) return;
    this.queueState = 'fault';
    this.stoppedBy = error;
    act(this.d.ctx, SYSTEM_ACTOR, (work) => {
      work.record('printing.queue_stopped', { packageId, kitIndex, error: error.toPayload() });
      work.changed('printing');
    });
  }

  private async printOne(packageId: string, kit: PrintKitRow): Promise<void> {
    const { ctx } = this.d;
    const key = this.vault.key(packageId);
    if (!key) return this.stop(packageId, new AppError('PRINTING_KEY_NOT_ACTIVE'), kit.kitIndex);
    const printerName = chosenPrinter(ctx.db);
    const printers = this.d.printers;
    if (!printers || !printerName) return this.stop(packageId, new AppError('PRINTING_NO_PRINTER'), kit.kitIndex);
    try {
      const fault = printerFault(printerName, await printers.printerStatus(printerName));
      if (fault) return this.stop(packageId, fault, kit.kitIndex);
    } catch (e) {
      return this.stop(packageId, spoolerProblem(printerName, e), kit.kitIndex);
    }
    const place = requirePrintingPlace(ctx.db, ctx.clock.now());
    const manifest = await this.reader.manifest(place.pkg);
    const content = await this.reader.readKit(place.pkg, manifest, key, kit.kitIndex);
    const pdf = await renderKit(content);
    const pages = pdfPageCount(pdf) ?? kit.pages;
    // The kit was read from the queue before the awaits above; meanwhile its participant may have been marked absent
    // and the kit taken back (print-queue.ts `releaseQueuedKit`). The row is looked at again in the same act that
    // marks it 'printing': a kit taken back is not sent.
    const stillWanted = act(ctx, SYSTEM_ACTOR, (work) => {
      const now = printKit(work.db, packageId, kit.kitIndex);
      if (!now || now.participantId === null || (now.state !== 'queued' && now.state !== 'failed')) return false;
      setState(work.db, packageId, kit.kitIndex, 'printing', { at: work.at.toISOString(), pages });
      work.changed('printing');
      return true;
    });
    if (!stillWanted) {
      pdf.fill(0);
      return;
    }
    this.current = { packageId, kitIndex: kit.kitIndex, pagesDone: 0 };
    const attempts = kit.attempts + 1;
    try {
      let job;
      try {
        // The PDF goes as bytes: CUPS gets it on lp's stdin, the simulator in memory; the Windows adapter writes it to
        // a private 0700 folder for SumatraPDF and removes it as soon as SumatraPDF returns (native/printer/README.md).
        job = await printers.print({ printer: printerName, title: `PPE-kit-${kit.kitIndex}`, pdf: { data: pdf } });
      } finally {
        pdf.fill(0);
      }
      const outcome = await this.follow(packageId, printerName, job, kit.kitIndex);
      if (outcome === null) return;
      if (outcome === 'printed') {
        act(ctx, SYSTEM_ACTOR, (work) => {
          setState(work.db, packageId, kit.kitIndex, 'printed', { at: work.at.toISOString() });
          work.record('printing.kit_printed', {
            packageId,
            kitIndex: kit.kitIndex,
            source: kit.source,
            participantId: kit.participantId,
            seat: kit.seat,
            attempts,
            pages,
            printer: printerName,
          });
          work.changed('printing');
        });
        return;
      }
      this.failed(packageId, kit.kitIndex, attempts, outcome);
    } catch (e) {
      this.failed(packageId, kit.kitIndex, attempts, spoolerProblem(printerName, e));
    } finally {
      this.current = null;
    }
  }

  /** The job failed: the kit goes back to 'failed' (printed again as the same kit) and the queue stops. */
  private failed(packageId: string, kitIndex: number, attempts: number, error: AppError): void {
    act(this.d.ctx, SYSTEM_ACTOR, (work) => {
      setState(work.db, packageId, kitIndex, 'failed', { problem: error.toPayload() });
      work.record('printing.kit_failed', { packageId, kitIndex, attempts, error: error.toPayload() });
      work.changed('printing');
    });
    this.stop(packageId, error, kitIndex);
  }

  /**
   * Follows a job until the spooler says it is done: completed → printed; aborted or cancelled → the job failed; stuck
   * (the watchdog) → cancelled and failed. A printer fault meanwhile stops the queue but the job is still followed:
   * once paper is loaded the job goes on and its kit is printed. Null: the app is closing (the kit stays 'printing',
   * and the next start asks the organiser).
   */
  private async follow(packageId: string, printer: string, job: { printer: string; jobId: string }, kitIndex: number): Promise<'printed' | AppError | null> {
    const printers = this.d.printers!;
    for (;;) {
      await new Promise((r) => setTimeout(r, this.d.pollMs ?? 1_000));
      if (this.closed) return null;
      let status;
      try {
        status = await printers.jobStatus(job);
      } catch (e) {
        this.stop(packageId, spoolerProblem(printer, e), kitIndex);
        continue;
      }
      if (this.current) this.current.pagesDone = status.pagesCompleted;
      if (status.state === 'completed') return 'printed';
      if (status.state === 'aborted' || status.state === 'canceled') {
        return new AppError('PRINTER_JOB_FAILED', { printer, kit: kitIndex, reasons: status.reasons.join(',').slice(0, 200) || undefined });
      }
      if (status.state === 'stuck') {
        await printers.cancel(job).catch(() => undefined);
        return new AppError('PRINTER_JOB_STUCK', { printer, kit: kitIndex });
      }
      const fault = await printers.printerStatus(printer).then((s) => printerFault(printer, s), (e: unknown) => spoolerProblem(printer, e));
      if (fault) this.stop(packageId, fault, kitIndex);
      this.d.ctx.events.emit('all', 'data/changed', { topics: ['printing'] });
    }
  }
}

/** At start: a kit 'printing' when the app stopped is 'uncertain' until the organiser says how it came out. */
export function markInterruptedUncertain(ctx: CoreContext): void {
  const rows = ctx.db
    .prepare<[], { packageId: string; kitIndex: number }>(
      "SELECT package_id AS packageId, kit_index AS kitIndex FROM print_kit WHERE state = 'printing' ORDER BY package_id, kit_index",
    )
    .all();
  if (rows.length === 0) return;
  const byPackage = new Map<string, number[]>();
  for (const r of rows) byPackage.set(r.packageId, [...(byPackage.get(r.packageId) ?? []), r.kitIndex]);
  act(ctx, SYSTEM_ACTOR, (work) => {
    for (const [packageId, kits] of byPackage) {
      for (const kitIndex of kits) setState(work.db, packageId, kitIndex, 'uncertain');
      work.record('printing.kits_uncertain', { packageId, kits });
    }
    work.changed('printing');
  });
}
