import type { KitRow, PrintingOverview } from '../ipc/slices/printing';
import { heldExamKeys } from '../exam-keys/key-store';
import type { CoreContext } from '../kernel/context';
import type { PrinterSystem } from '../../native/printer/printer';
import type { KeyVault } from './key-vault';
import { reserveGrants } from './kit-plan';
import { chosenPrinter, printerChoices } from './printer-choice';
import { countersOf, isReleased, printKits, type PrintKitRow } from './print-queue';
import type { PrintRunner } from './print-runner';
import { printingPlace, roomParticipants } from './printing-place';

/**
 * What the printing screen shows (`printing/overview`), put together from the place, the key files held and the
 * vault (never the key itself), the printers, the room's attendance, print_kit and the runner. A station that
 * cannot print says so by what is missing (no room, no exam, no package), not by an error: the screen explains it.
 * Kits taken back from the queue (their participant marked absent before they printed) are not shown: they are
 * unused again, as if never queued.
 */
export async function printingOverview(
  ctx: CoreContext,
  printers: PrinterSystem | null,
  vault: KeyVault,
  runner: Pick<PrintRunner, 'state' | 'fault' | 'pagesDone'>,
): Promise<PrintingOverview> {
  const db = ctx.db;
  const place = printingPlace(db, ctx.clock.now());
  const choices = await printerChoices(printers);
  const chosenName = chosenPrinter(db);
  const chosen = choices.find((p) => p.name === chosenName) ?? null;
  const base: PrintingOverview = {
    room: place ? { code: place.room.code, name: place.room.name, stationNumber: place.stationNumber } : null,
    exam: place?.exam ? { date: place.exam.date, subjectCode: place.exam.subjectCode, subjectName: place.exam.subjectName, startLocal: place.exam.startLocal } : null,
    package: null,
    key: { state: 'none', mainKey: false, reserveKits: 0, activatedBy: null, activatedAt: null },
    printer: chosen,
    printers: choices,
    participants: [],
    queue: { state: runner.state, fault: runner.fault?.toPayload() ?? null, waiting: 0 },
    kits: [],
    counters: { printed: 0, spoiled: 0, replaced: 0, reserveUsed: 0, remaining: 0 },
  };
  if (!place?.exam) return base;
  const pkg = place.pkg;
  const kits = pkg ? printKits(db, pkg.packageId).filter((k) => !isReleased(k)) : [];
  const byParticipant = new Map(kits.filter((k) => k.state !== 'spoiled' && k.participantId).map((k) => [k.participantId!, k.kitIndex]));
  base.participants = roomParticipants(db, place.exam.id, place.room.code).map((p) => ({ ...p, kitIndex: byParticipant.get(p.participantId) ?? null }));
  if (!pkg) return base;
  const held = heldExamKeys(db, pkg.packageId);
  const active = vault.info(pkg.packageId);
  const grants = reserveGrants(db, pkg.packageId, place.stationNumber);
  const reserveKits = grants.reduce((n, g) => n + g.kitIndices.length, 0);
  base.package = { packageId: pkg.packageId, roomKits: pkg.roomKits ?? 0, problem: null };
  base.key = {
    state: active ? 'active' : held.length > 0 ? 'loaded' : 'none',
    mainKey: held.some((k) => k.kind === 'main'),
    reserveKits,
    activatedBy: active?.activatedBy ?? null,
    activatedAt: active?.activatedAt ?? null,
  };
  base.kits = kits.map((k) => kitRow(k, k.state === 'printing' ? runner.pagesDone(pkg.packageId, k.kitIndex) : null));
  base.queue.waiting = kits.filter((k) => k.state === 'queued' || k.state === 'failed').length;
  base.counters = countersOf(kits, (pkg.roomKits ?? 0) + reserveKits);
  return base;
}

function kitRow(k: PrintKitRow, pagesDone: number | null): KitRow {
  return {
    kitIndex: k.kitIndex,
    kimNumber: k.kimNumber,
    registration: k.registration,
    source: k.source,
    state: k.state,
    participantId: k.participantId,
    seat: k.seat,
    attempts: k.attempts,
    pagesDone,
    pages: k.pages,
    printedAt: k.printedAt,
    spoilReason: k.spoil?.reason ?? null,
    replacementOf: k.replacementOf,
    problem: k.problem,
  };
}
