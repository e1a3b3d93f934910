import { describe, expect, it } from 'vitest';
import type { KitRow } from '../../main/ipc/slices/printing';
import { bySeat, currentKit, uncertainKits, waitingForKit } from '../../renderer/screens/printing/printing-text';

// The printing screen's counting (renderer/screens/printing/printing-text.ts): «ИК 5 из 18, стр. 7 из 20» and
// «Печатать комплекты (N)» come from main's overview, and must say what main said.

function kit(kitIndex: number, state: KitRow['state'], extra: Partial<KitRow> = {}): KitRow {
  return {
    kitIndex,
    kimNumber: String(10_000_000 + kitIndex),
    registration: String(1_000_000_000_000 + kitIndex),
    source: 'room',
    state,
    participantId: `P${kitIndex}`,
    seat: `${kitIndex}А`,
    attempts: state === 'queued' ? 0 : 1,
    pagesDone: state === 'printing' ? 6 : null,
    pages: 20,
    printedAt: null,
    spoilReason: null,
    replacementOf: null,
    problem: null,
    ...extra,
  };
}

describe('the kit printing now', () => {
  it('is the fifth of eighteen after four printed; a spoiled kit is out of the run, its replacement in it', () => {
    const kits = [
      kit(1, 'printed'),
      kit(2, 'spoiled', { spoilReason: 'misprint' }),
      kit(3, 'printed'),
      kit(4, 'printed'),
      kit(5, 'printed'),
      kit(6, 'printing'),
      ...Array.from({ length: 12 }, (_, i) => kit(7 + i, 'queued')),
      kit(19, 'queued', { replacementOf: 2 }),
    ];
    const now = currentKit(kits)!;
    expect(now.kit.kitIndex).toBe(6);
    expect({ n: now.n, total: now.total }).toEqual({ n: 5, total: 18 });
  });

  it('is none while nothing prints', () => {
    expect(currentKit([kit(1, 'printed'), kit(2, 'queued')])).toBeNull();
    expect(currentKit([])).toBeNull();
  });
});

describe('«Печатать комплекты (N)»', () => {
  it('counts the present who have no kit yet, not the absent nor those already given one', () => {
    const people = [
      { participantId: 'a', name: 'А', seat: '1А', present: true, kitIndex: null },
      { participantId: 'b', name: 'Б', seat: '1Б', present: true, kitIndex: 3 },
      { participantId: 'c', name: 'В', seat: '2А', present: false, kitIndex: null },
      { participantId: 'd', name: 'Г', seat: '2Б', present: true, kitIndex: null },
    ];
    expect(waitingForKit(people)).toBe(2);
  });
});

describe('the rest', () => {
  it('asks about every kit cut off mid-job', () => {
    expect(uncertainKits([kit(1, 'uncertain'), kit(2, 'printed'), kit(3, 'uncertain')]).map((k) => k.kitIndex)).toEqual([1, 3]);
  });

  it('orders seats as the room plan does: 2А before 10А', () => {
    const seats = ['10А', '2Б', '2А', '1В'].map((seat) => ({ seat }));
    expect(seats.sort(bySeat).map((s) => s.seat)).toEqual(['1В', '2А', '2Б', '10А']);
  });
});
