import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundlePayload } from '../../main/bundles/bundle-format';
import { buildDemoBundles, loadDemoDataset } from '../rcoi-server/demo-bundles';
import { loadDemoSigningKey, signBundle } from '../rcoi-server/bundle-signer';
import { openHarness, type Harness } from '../support/core-harness';

// Item 9 (distribution bundles): signed data is normalised before it is trusted. Seats that only look different
// (Latin and Cyrillic look-alikes, case, leading zeros) are one seat; room codes are compared in their one canonical
// form (four ASCII digits) or refused; names and text fields with invisible, control or direction-changing
// characters are refused, naming the field, and nothing is written.

const TODAY = '2026-06-01';
const demoKey = loadDemoSigningKey();
let h: Harness;
let bundles: BundlePayload[];

beforeEach(async () => {
  h = await openHarness();
  await h.signInAs('head', 1);
  bundles = buildDemoBundles(loadDemoDataset(), { today: TODAY, issuedAt: new Date('2026-05-31T03:00:00Z') });
});
afterEach(() => h.close());

const socialStudies = () => structuredClone(bundles[2]!); // day +2, not seeded: arrives as a bundle
const importPayload = (payload: unknown) =>
  h.core.dispatch('head', 'bundles/import', { fileName: 'b.json', content: signBundle(payload as BundlePayload, demoKey) });

/** Every table an import may touch (the journal aside: a refusal is journaled). */
function snapshot() {
  const db = h.core.db;
  const rows = (t: string) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  return ['participant', 'seating', 'seating_condition', 'staff', 'staff_assignment', 'distribution_bundle', 'auditorium'].map(rows);
}

async function expectRefused(payload: unknown, code: string, params?: Record<string, unknown>) {
  const before = snapshot();
  const r = await importPayload(payload);
  expect(r.ok ? 'imported' : r.error.code).toBe(code);
  if (!r.ok && params) expect(r.error.params).toMatchObject(params);
  expect(snapshot()).toEqual(before);
  // The refusal itself is journaled, with its reason.
  const entry = (await h.call('head', 'journal/list', { beforeSeq: null, limit: 1 })).entries[0]!;
  expect(entry).toMatchObject({ action: 'bundle.refused', payload: { error: { code } } });
}

/** The first two participants seated in room 0101 get these seats; the room's others get distinct plain seats. */
function twoSeats(a: string, b: string): BundlePayload {
  const p = socialStudies();
  const inRoom = p.participants.filter((x) => x.auditoriumCode === '0101');
  inRoom.forEach((x, k) => (x.seat = `${k + 10}Ж`));
  inRoom[0]!.seat = a;
  inRoom[1]!.seat = b;
  return p;
}

describe('seats are compared after normalisation', () => {
  it.each([
    ['Cyrillic А and Latin A', '1А', '1A'],
    ['Cyrillic В and Latin B', '2В', '2B'],
    ['a leading zero', '01А', '1А'],
    ['letter case', '3а', '3А'],
    ['Latin y and Cyrillic У', '4y', '4У'],
    ['surrounding spaces', ' 5Д ', '5Д'],
  ])('%s are one seat: a duplicate', async (_what, a, b) => {
    await expectRefused(twoSeats(a, b), 'BUNDLE_DUPLICATE_SEAT', { code: '0101' });
  });

  it('a look-alike seat is stored in its canonical form (digits without leading zeros, Cyrillic capital)', async () => {
    const p = twoSeats('07A', '8c');
    const r = await importPayload(p);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const { examId } = r.value as { examId: number };
    const seats = h.core.db
      .prepare<[number, string, string], { seat: string }>(
        `SELECT s.seat FROM seating s JOIN participant p ON p.id = s.participant_id
         WHERE s.exam_id = ? AND p.external_id IN (?, ?) ORDER BY s.seat`,
      )
      .all(examId, ...p.participants.filter((x) => x.auditoriumCode === '0101').slice(0, 2).map((x) => x.id) as [string, string])
      .map((r) => r.seat);
    expect(seats).toEqual(['7А', '8С']);
  });
});

describe('room codes are canonical or refused, never a second room', () => {
  it.each([
    ['a missing leading zero', '101'],
    ['a Cyrillic О for a zero', 'О1О1'],
    ['full-width digits', '０１０１'],
    ['surrounding spaces', ' 0101'],
  ])('%s', async (_what, code) => {
    const p = socialStudies();
    p.participants[0]!.auditoriumCode = code;
    const r = await importPayload(p);
    expect(r.ok).toBe(false);
    const rooms = h.core.db.prepare<[], { code: string }>('SELECT code FROM auditorium ORDER BY code').all();
    expect(rooms.map((x) => x.code)).toEqual(['0101', '0102', '0103', '7777']);
  });
});

describe('names and text fields are refused with hidden characters', () => {
  const cases: [string, (p: BundlePayload) => void, string][] = [
    ['a right-to-left override in a last name', (p) => (p.participants[0]!.lastName = 'Иван\u202Eвоп'), 'participants.0.lastName'],
    ['a directional isolate in a first name', (p) => (p.participants[1]!.firstName = '\u2067Анна\u2069'), 'participants.1.firstName'],
    ['a left-to-right mark in a staff name', (p) => (p.staff[0]!.lastName = 'Петров\u200E'), 'staff.0.lastName'],
    ['an Arabic letter mark', (p) => (p.staff[0]!.middleName = 'Иванович\u061C'), 'staff.0.middleName'],
    ['a zero-width space', (p) => (p.participants[0]!.middleName = 'Петро\u200Bвич'), 'participants.0.middleName'],
    ['a zero-width joiner', (p) => (p.participants[0]!.firstName = 'Ан\u200Dна'), 'participants.0.firstName'],
    ['a byte-order mark inside', (p) => (p.participants[0]!.firstName = 'Ан\uFEFFна'), 'participants.0.firstName'],
    ['a C0 control character', (p) => (p.participants[0]!.lastName = 'Ива\u0007нов'), 'participants.0.lastName'],
    ['a line break', (p) => (p.participants[0]!.lastName = 'Ива\nнов'), 'participants.0.lastName'],
    ['a C1 control character', (p) => (p.participants[0]!.lastName = 'Ива\u0085нов'), 'participants.0.lastName'],
    ['a Latin о inside a Cyrillic name', (p) => (p.participants[0]!.lastName = 'Иван\u006Fв'), 'participants.0.lastName'],
    ['a stray combining mark', (p) => (p.participants[0]!.lastName = 'Иванов\u0301\u0301'), 'participants.0.lastName'],
    ['an override in a document number', (p) => (p.participants[0]!.document.number = '12\u202E34'), 'participants.0.document.number'],
    ['an override in a person id', (p) => (p.participants[0]!.id = 'P-42\u202E-1'), 'participants.0.id'],
  ];
  it.each(cases)('%s', async (_what, spoil, field) => {
    const p = socialStudies();
    spoil(p);
    await expectRefused(p, 'BUNDLE_BAD_TEXT', { field });
  });

  it('a name in decomposed Unicode is accepted and stored composed (NFC)', async () => {
    const p = socialStudies();
    p.participants[0]!.lastName = 'Сергеи\u0306ко'; // й written as и + combining breve
    const r = await importPayload(p);
    expect(r.ok ? null : r.error).toBeNull();
    const row = h.core.db
      .prepare<[string], { last_name: string }>('SELECT last_name FROM participant WHERE external_id = ?')
      .get(p.participants[0]!.id)!;
    expect(row.last_name).toBe('Сергейко');
    expect(row.last_name).toBe(row.last_name.normalize('NFC'));
  });
});

describe('text only recorded is shown as it is', () => {
  it('a file name with a direction override is journaled with the override spelled out', async () => {
    const r = await h.core.dispatch('head', 'bundles/import', {
      fileName: 'списки\u202Enosj.json',
      content: signBundle(socialStudies(), demoKey),
    });
    expect(r.ok).toBe(true);
    const entry = (await h.call('head', 'journal/list', { beforeSeq: null, limit: 1 })).entries[0]!;
    expect(entry.payload).toMatchObject({ fileName: 'списки\\u{202E}nosj.json' });
  });
});
