import type { Db } from '../db/open-database';
import type { AppErrorPayload } from '../ipc/errors';
import type { SpoilReason } from '../ipc/slices/printing';
import type { PlannedKit } from './kit-plan';

/** The numbers a kit prints (barcodes and their digits) and its pages: what print_kit keeps of it, never the text. */
export interface KitNumbers {
  kimNumber: string;
  registration: string;
  answers1: string;
  answers2: [string, string];
  pages: number;
}

export type KitState = 'queued' | 'printing' | 'printed' | 'failed' | 'uncertain' | 'spoiled';

export interface PrintKitRow {
  kitIndex: number;
  source: 'room' | 'reserve';
  reserveSequence: number | null;
  kimNumber: string;
  registration: string;
  answers1: string;
  answers2: [string, string];
  pages: number;
  state: KitState;
  participantId: string | null;
  seat: string | null;
  attempts: number;
  queuedAt: string;
  printedAt: string | null;
  problem: AppErrorPayload | null;
  spoil: { reason: SpoilReason; note: string; at: string; by: string } | null;
  replacementOf: number | null;
}

interface Raw {
  kit_index: number;
  source: 'room' | 'reserve';
  reserve_sequence: number | null;
  kim_number: string;
  registration: string;
  answers1: string;
  answers2_1: string;
  answers2_2: string;
  pages: number;
  state: KitState;
  participant_id: string | null;
  seat: string | null;
  attempts: number;
  queued_at: string;
  printed_at: string | null;
  problem: string | null;
  spoil_reason: SpoilReason | null;
  spoil_note: string | null;
  spoiled_at: string | null;
  spoiled_by: string | null;
  replacement_of: number | null;
}

function rowOf(r: Raw): PrintKitRow {
  return {
    kitIndex: r.kit_index,
    source: r.source,
    reserveSequence: r.reserve_sequence,
    kimNumber: r.kim_number,
    registration: r.registration,
    answers1: r.answers1,
    answers2: [r.answers2_1, r.answers2_2],
    pages: r.pages,
    state: r.state,
    participantId: r.participant_id,
    seat: r.seat,
    attempts: r.attempts,
    queuedAt: r.queued_at,
    printedAt: r.printed_at,
    problem: r.problem === null ? null : (JSON.parse(r.problem) as AppErrorPayload),
    spoil: r.spoil_reason === null ? null : { reason: r.spoil_reason, note: r.spoil_note ?? '', at: r.spoiled_at ?? '', by: r.spoiled_by ?? '' },
    replacementOf: r.replacement_of,
  };
}

/** Every kit of the package this station queued, by index. */
export function printKits(db: Db, packageId: string): PrintKitRow[] {
  return db.prepare<[string], Raw>('SELECT * FROM print_kit WHERE package_id = ? ORDER BY kit_index').all(packageId).map(rowOf);
}

export function printKit(db: Db, packageId: string, kitIndex: number): PrintKitRow | null {
  const r = db.prepare<[string, number], Raw>('SELECT * FROM print_kit WHERE package_id = ? AND kit_index = ?').get(packageId, kitIndex);
  return r ? rowOf(r) : null;
}

/**
 * A kit taken back from the queue before it was ever sent (`releaseQueuedKit`): still 'queued' but handed to nobody.
 * Its row stays (print_kit rows are never removed, trigger print_kit_never_removed) with the numbers it would print;
 * it is unused again: never sent by the runner, not shown on the screen or in the print log, and the first to be
 * handed out again (`nextFreeKit`), so its numbers are neither lost nor printed twice.
 */
export function isReleased(row: Pick<PrintKitRow, 'state' | 'participantId'>): boolean {
  return row.state === 'queued' && row.participantId === null;
}

const RELEASED_SQL = "state = 'queued' AND participant_id IS NULL";

/** The next kit to send: a failed one first (printed again, the same kit), then the queue in the order it was filled. */
export function nextToPrint(db: Db, packageId: string): PrintKitRow | null {
  const r = db
    .prepare<[string], Raw>(
      `SELECT * FROM print_kit WHERE package_id = ? AND state IN ('failed', 'queued') AND participant_id IS NOT NULL
       ORDER BY state = 'queued', queued_at, kit_index LIMIT 1`,
    )
    .get(packageId);
  return r ? rowOf(r) : null;
}

/** The first planned kit not yet in print_kit or taken back from it (room kits first, then granted reserve kits). */
export function nextFreeKit(db: Db, packageId: string, planned: PlannedKit[]): PlannedKit | null {
  const used = new Set(
    db.prepare<[string], { i: number }>(`SELECT kit_index AS i FROM print_kit WHERE package_id = ? AND NOT (${RELEASED_SQL})`).all(packageId).map((r) => r.i),
  );
  return planned.find((k) => !used.has(k.kitIndex)) ?? null;
}

/**
 * Queues a kit for a participant: a kit taken back earlier gets its row again (the same numbers: they are the same
 * kit of the same pack), any other is inserted. A kit already queued, printing, printed or spoiled cannot be queued
 * twice: the insert fails on the row's key.
 */
export function queueKit(
  db: Db,
  packageId: string,
  kit: PlannedKit,
  numbers: KitNumbers,
  who: { participantId: string; seat: string },
  at: string,
  replacementOf: number | null,
): void {
  const reused = db
    .prepare(`UPDATE print_kit SET participant_id = ?, seat = ?, queued_at = ?, replacement_of = ? WHERE package_id = ? AND kit_index = ? AND ${RELEASED_SQL}`)
    .run(who.participantId, who.seat, at, replacementOf, packageId, kit.kitIndex);
  if (reused.changes === 1) return;
  db.prepare(
    `INSERT INTO print_kit (package_id, kit_index, source, reserve_sequence, kim_number, registration, answers1, answers2_1, answers2_2,
       pages, state, participant_id, seat, attempts, queued_at, replacement_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, 0, ?, ?)`,
  ).run(packageId, kit.kitIndex, kit.source, kit.reserveSequence, numbers.kimNumber, numbers.registration, numbers.answers1, numbers.answers2[0],
    numbers.answers2[1], numbers.pages, who.participantId, who.seat, at, replacementOf);
}

export function setState(db: Db, packageId: string, kitIndex: number, state: KitState, extra: { at?: string; problem?: AppErrorPayload | null; pages?: number } = {}): void {
  const sets: string[] = ['state = @state'];
  if (state === 'printing') sets.push('attempts = attempts + 1', 'started_at = @at', 'problem = NULL');
  if (state === 'printed') sets.push('printed_at = @at', 'problem = NULL');
  if (extra.problem !== undefined) sets.push('problem = @problem');
  if (extra.pages !== undefined) sets.push('pages = @pages');
  db.prepare(`UPDATE print_kit SET ${sets.join(', ')} WHERE package_id = @packageId AND kit_index = @kitIndex`).run({
    state,
    at: extra.at ?? null,
    problem: extra.problem === undefined || extra.problem === null ? null : JSON.stringify(extra.problem),
    pages: extra.pages ?? null,
    packageId,
    kitIndex,
  });
}

/**
 * Takes a participant's kit back from the queue if it was never sent (marked absent before it printed): the row
 * stays with its numbers, handed to nobody (`isReleased`), and no longer replaces a spoiled kit. The kit's index, or
 * null when they have no such kit (none yet, or one already printing, printed, failed or uncertain: that one stays).
 */
export function releaseQueuedKit(db: Db, packageId: string, participantId: string): number | null {
  const row = db
    .prepare<[string, string], { i: number }>("SELECT kit_index AS i FROM print_kit WHERE package_id = ? AND participant_id = ? AND state = 'queued' AND attempts = 0")
    .get(packageId, participantId);
  if (!row) return null;
  db.prepare('UPDATE print_kit SET participant_id = NULL, seat = NULL, replacement_of = NULL WHERE package_id = ? AND kit_index = ?').run(packageId, row.i);
  return row.i;
}

/** Participant → their live (not spoiled) kit, and their newest spoiled kit not yet replaced. */
export function kitsByParticipant(db: Db, packageId: string): { live: Map<string, number>; unreplacedSpoiled: Map<string, number> } {
  const rows = printKits(db, packageId);
  const live = new Map<string, number>();
  const unreplacedSpoiled = new Map<string, number>();
  const replaced = new Set(rows.map((r) => r.replacementOf).filter((r) => r !== null));
  for (const r of rows) {
    if (r.participantId === null) continue;
    if (r.state !== 'spoiled') live.set(r.participantId, r.kitIndex);
    else if (!replaced.has(r.kitIndex)) unreplacedSpoiled.set(r.participantId, r.kitIndex);
  }
  return { live, unreplacedSpoiled };
}

/**
 * The counters the screen and the print log show: printed, spoiled, replaced (kits queued in place of a spoiled one),
 * reserve used (reserve kits taken into the queue), remaining (planned kits neither printed nor spoiled).
 */
export function countersOf(rows: PrintKitRow[], planned: number): { printed: number; spoiled: number; replaced: number; reserveUsed: number; remaining: number } {
  const printed = rows.filter((r) => r.state === 'printed').length;
  const spoiled = rows.filter((r) => r.state === 'spoiled').length;
  return {
    printed,
    spoiled,
    replaced: rows.filter((r) => r.replacementOf !== null).length,
    reserveUsed: rows.filter((r) => r.source === 'reserve').length,
    remaining: Math.max(0, planned - printed - spoiled),
  };
}
