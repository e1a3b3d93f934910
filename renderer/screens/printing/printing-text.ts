import type { KitRow, PrintingOverview } from '../../../main/ipc/slices/printing';

// What the printing screen works out from the overview, without React: the kit printing now and its place in the
// run («ИК 5 из 18»), and how many participants still wait for a kit («Печатать комплекты (N)»). Main is the truth
// about each kit; these only count what it said.

export type Participant = PrintingOverview['participants'][number];

/** The kit whose job runs now, its place among this run's kits (spoiled ones are out of the run), and the run's size. */
export function currentKit(kits: readonly KitRow[]): { kit: KitRow; n: number; total: number } | null {
  const kit = kits.find((k) => k.state === 'printing');
  if (!kit) return null;
  const run = kits.filter((k) => k.state !== 'spoiled');
  const done = run.filter((k) => k.state === 'printed').length;
  return { kit, n: done + 1, total: run.length };
}

/** Present participants with no kit yet: what «Печатать комплекты» would queue. */
export function waitingForKit(participants: readonly Participant[]): number {
  return participants.filter((p) => p.present && p.kitIndex === null).length;
}

/** Kits whose job stopped mid-way (power, crash): each needs the organiser's answer before it counts. */
export function uncertainKits(kits: readonly KitRow[]): KitRow[] {
  return kits.filter((k) => k.state === 'uncertain');
}

/** By seat as printed on the room's plan («1А», «1Б», … «10А»): digits compared as numbers. */
export function bySeat(a: { seat: string | null }, b: { seat: string | null }): number {
  return (a.seat ?? '').localeCompare(b.seat ?? '', 'ru', { numeric: true });
}
