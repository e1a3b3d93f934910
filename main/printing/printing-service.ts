import { AppError } from '../kernel/app-error';
import type { Actor } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import type { PrintingOverview, SpoilReason } from '../ipc/slices/printing';
import { KeyActivation } from './key-activation';
import { KeyVault } from './key-vault';
import { KitReader } from './kit-reader';
import type { PlannedKit } from './kit-plan';
import { PRINTER_SETTING, printerChoices, requirePrinter, type PrinterChoice } from './printer-choice';
import { kitsByParticipant, nextFreeKit, nextToPrint, printKit, queueKit, releaseQueuedKit, setState } from './print-queue';
import { markInterruptedUncertain, PrintRunner } from './print-runner';
import { printingOverview } from './printing-overview';
import { printingPlace, requirePrintingPlace, roomParticipants, type ReadyPlace } from './printing-place';
import type { PrintingDeps } from './printing-deps';

export type { PrintingDeps } from './printing-deps';

/**
 * The room station's printing service (issue 12, items 3 and 6; PRINTING.md): what the `printing/*` handlers call.
 * It holds the parts that share the morning's state — the key in memory (KeyVault), the kits read with it
 * (KitReader), the activation (KeyActivation) and the runner (PrintRunner) — and does the organiser's acts on the
 * queue in print_kit: attendance, start, pause, resume, spoil, an interrupted kit resolved. Each act is journaled;
 * kits by index, never their numbers or text.
 */
export class PrintingService {
  private readonly vault = new KeyVault();
  private readonly reader: KitReader;
  private readonly activation: KeyActivation;
  private readonly runner: PrintRunner;

  constructor(private readonly d: PrintingDeps) {
    this.reader = new KitReader(d, this.vault);
    this.activation = new KeyActivation(d, this.vault, this.reader);
    this.runner = new PrintRunner(d, this.vault, this.reader);
    markInterruptedUncertain(d.ctx);
  }

  /** The app stops: the key is wiped, the runner stops after its current look at the job. */
  async close(): Promise<void> {
    const stopping = this.runner.close();
    this.lock();
    await stopping;
  }

  /** Wipes the key (the station is locked away, the exam is over); activation is needed again. */
  lock(): void {
    this.vault.wipe();
    this.reader.forget();
  }

  /** Whether this package's key is in memory now (the attention service's room alarm); never the key itself. */
  keyActive(packageId: string): boolean {
    return this.vault.info(packageId) !== null;
  }

  overview(): Promise<PrintingOverview> {
    return printingOverview(this.d.ctx, this.d.printers, this.vault, this.runner);
  }

  /** The GEK member's token and PIN unwrap the package key into memory (key-activation.ts). */
  activate(actor: Actor, tokenSerial: string | null, pin: string): Promise<{ activatedBy: string; kits: number }> {
    return this.activation.activate(actor, tokenSerial, pin);
  }

  // --- the printer and the room ------------------------------------------------------------------------------------

  async choosePrinter(actor: Actor, name: string): Promise<PrinterChoice> {
    const found = (await printerChoices(this.d.printers)).find((p) => p.name === name);
    if (!found) throw new AppError('PRINTING_NO_PRINTER');
    act(this.d.ctx, actor, (work) => {
      work.db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(PRINTER_SETTING, name);
      work.record('printing.printer_chosen', { printer: name, simulated: found.simulated });
      work.changed('printing');
    });
    return found;
  }

  /**
   * Marks a participant present or absent. Absent while their kit only waits in the queue: the kit is taken back,
   * unused again (print-queue.ts `releaseQueuedKit`) — nothing of it reached paper. A kit already printing, printed,
   * failed or uncertain stays theirs and stays on the screen beside their name: paper may exist, and the organiser
   * decides (spoil it, or mark them present again). The journal's entry names the kit either way.
   */
  setPresent(actor: Actor, participantId: string, present: boolean): void {
    const place = printingPlace(this.d.ctx.db, this.d.ctx.clock.now());
    if (!place) throw new AppError('PRINTING_NOT_ROOM_STATION');
    if (!place.exam) throw new AppError('PRINTING_NO_EXAM_TODAY');
    const exam = place.exam;
    const pkg = place.pkg;
    const who = roomParticipants(this.d.ctx.db, exam.id, place.room.code).find((p) => p.participantId === participantId);
    if (!who) throw new AppError('PRINTING_NOT_IN_ROOM');
    act(this.d.ctx, actor, (work) => {
      work.db
        .prepare(
          `INSERT INTO print_attendance (exam_date, subject_code, participant_id, present, marked_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (exam_date, subject_code, participant_id) DO UPDATE SET present = excluded.present, marked_at = excluded.marked_at`,
        )
        .run(exam.date, exam.subjectCode, participantId, present ? 1 : 0, work.at.toISOString());
      const released = !present && pkg ? releaseQueuedKit(work.db, pkg.packageId, participantId) : null;
      const kept = !present && pkg && released === null ? (kitsByParticipant(work.db, pkg.packageId).live.get(participantId) ?? null) : null;
      work.record('printing.attendance_marked', {
        examDate: exam.date,
        subjectCode: exam.subjectCode,
        participantId,
        seat: who.seat,
        present,
        ...(released !== null ? { kitReleased: released } : {}),
        ...(kept !== null ? { kitKept: kept } : {}),
      });
      work.changed('printing');
    });
  }

  // --- the queue ---------------------------------------------------------------------------------------------------

  /** Queues one kit for each participant present who has none (room kits first, then granted reserve) and prints. */
  async start(actor: Actor): Promise<{ queued: number }> {
    const { ctx } = this.d;
    const place = this.place();
    const pkg = place.pkg;
    if (!this.vault.key(pkg.packageId)) throw new AppError('PRINTING_KEY_NOT_ACTIVE');
    requirePrinter(ctx.db, this.d.printers);
    const planned = await this.reader.plan(place, await this.reader.manifest(pkg));
    const present = roomParticipants(ctx.db, place.exam.id, place.room.code).filter((p) => p.present);
    const queued = act(ctx, actor, (work) => {
      const { live, unreplacedSpoiled } = kitsByParticipant(work.db, pkg.packageId);
      const kits: { kitIndex: number; participantId: string; seat: string }[] = [];
      for (const p of present) {
        if (live.has(p.participantId)) continue;
        const kit = nextFreeKit(work.db, pkg.packageId, planned);
        if (!kit) break;
        queueKit(work.db, pkg.packageId, kit, this.reader.numbersOf(kit), p, work.at.toISOString(), unreplacedSpoiled.get(p.participantId) ?? null);
        kits.push({ kitIndex: kit.kitIndex, participantId: p.participantId, seat: p.seat });
      }
      const waiting = present.filter((p) => !live.has(p.participantId)).length;
      if (waiting > kits.length && kits.length === 0 && !nextToPrint(work.db, pkg.packageId)) throw new AppError('PRINTING_NO_KITS_LEFT');
      if (kits.length > 0) work.record('printing.kits_queued', { packageId: pkg.packageId, kits });
      work.changed('printing');
      return kits.length;
    });
    if (this.runner.state !== 'paused' && this.runner.state !== 'fault') this.runner.run(pkg.packageId);
    return { queued };
  }

  pause(actor: Actor): void {
    const pkg = this.place().pkg;
    if (!this.runner.pause()) return;
    act(this.d.ctx, actor, (work) => {
      work.record('printing.queue_paused', { packageId: pkg.packageId });
      work.changed('printing');
    });
  }

  resume(actor: Actor): void {
    const pkg = this.place().pkg;
    if (!this.vault.key(pkg.packageId)) throw new AppError('PRINTING_KEY_NOT_ACTIVE');
    this.runner.clearFault();
    act(this.d.ctx, actor, (work) => {
      work.record('printing.queue_resumed', { packageId: pkg.packageId });
      work.changed('printing');
    });
    this.runner.resume(pkg.packageId);
  }

  /**
   * Marks a kit spoiled (its numbers never printed again) and queues a replacement for the same participant. «Other»
   * says nothing by itself: the act names what happened (the print log carries the note to HQ and the forms).
   */
  async spoil(actor: Actor, kitIndex: number, reason: SpoilReason, note: string): Promise<{ replacement: number | null }> {
    const { ctx } = this.d;
    if (reason === 'other' && note.trim() === '') throw new AppError('PRINTING_SPOIL_NOTE_REQUIRED', { kit: kitIndex });
    const place = this.place();
    const pkg = place.pkg;
    const kit = printKit(ctx.db, pkg.packageId, kitIndex);
    if (!kit || !['printed', 'uncertain', 'failed'].includes(kit.state)) {
      throw new AppError('PRINTING_KIT_STATE', { kit: kitIndex, state: kit?.state ?? 'none' });
    }
    let planned: PlannedKit[] = [];
    if (this.vault.key(pkg.packageId)) planned = await this.reader.plan(place, await this.reader.manifest(pkg));
    const replacement = act(ctx, actor, (work) => {
      const at = work.at.toISOString();
      work.db
        .prepare(
          `UPDATE print_kit SET state = 'spoiled', spoil_reason = ?, spoil_note = ?, spoiled_at = ?, spoiled_by = ?
           WHERE package_id = ? AND kit_index = ? AND state IN ('printed', 'uncertain', 'failed')`,
        )
        .run(reason, note, at, actor.name, pkg.packageId, kitIndex);
      // Without the key the replacement waits: «Печать» queues it, naming this kit, once the key is active.
      const next = planned.length > 0 && kit.participantId !== null ? nextFreeKit(work.db, pkg.packageId, planned) : null;
      if (next) queueKit(work.db, pkg.packageId, next, this.reader.numbersOf(next), { participantId: kit.participantId!, seat: kit.seat ?? '' }, at, kitIndex);
      work.record('printing.kit_spoiled', { packageId: pkg.packageId, kitIndex, reason, note, participantId: kit.participantId, replacement: next?.kitIndex ?? null });
      work.changed('printing');
      return next?.kitIndex ?? null;
    });
    if (replacement !== null && this.runner.state === 'idle') this.runner.run(pkg.packageId);
    return { replacement };
  }

  /** After a stop mid-job: whole → printed; not whole → printed again, the same kit. */
  resolveUncertain(actor: Actor, kitIndex: number, cameOutWhole: boolean): void {
    const { ctx } = this.d;
    const pkg = this.place().pkg;
    const kit = printKit(ctx.db, pkg.packageId, kitIndex);
    if (!kit || kit.state !== 'uncertain') throw new AppError('PRINTING_KIT_STATE', { kit: kitIndex, state: kit?.state ?? 'none' });
    act(ctx, actor, (work) => {
      setState(work.db, pkg.packageId, kitIndex, cameOutWhole ? 'printed' : 'failed', { at: work.at.toISOString() });
      work.record('printing.uncertain_resolved', { packageId: pkg.packageId, kitIndex, cameOutWhole });
      work.changed('printing');
    });
    if (!cameOutWhole && this.runner.state === 'idle' && this.vault.key(pkg.packageId)) this.runner.run(pkg.packageId);
  }

  private place(): ReadyPlace {
    return requirePrintingPlace(this.d.ctx.db, this.d.ctx.clock.now());
  }
}
