import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchesQuery } from '../../main/roster/search-text';
import { loadDemoDataset } from '../rcoi-server/demo-bundles';
import { openHarness, type Harness } from '../support/core-harness';

// Issue 10, item 7(a): a document number typed with dashes or spaces finds the participant. People copy a passport
// as «45 10 123456», «4510-123456» or «4510123456»; a bundle may store the series with a space. All are one number.

const demo = loadDemoDataset();
let h: Harness;
let todayExam: number;

beforeEach(async () => {
  h = await openHarness({ idleLockSeconds: 3600 });
  todayExam = h.core.db.prepare<[], { id: number }>("SELECT id FROM exam WHERE exam_date = '2026-06-01'").get()!.id;
  await h.signInAs('head', 1);
});
afterEach(() => h.close());

const todays = demo.exams.find((e) => e.dayOffset === 0)!.seating;
const person = demo.participants[todays[0]!.participant]!;
const { series, number } = person.document;
const search = (query: string) => h.call('head', 'participants/search', { examId: todayExam, query, auditoriumCode: null, limit: 50 });

describe('participants are found by a document number however it is written', () => {
  it('finds «SS SS NNNNNN», «SSSS-NNNNNN», «SSSSNNNNNN» and «SSSS NNNNNN» alike', async () => {
    expect(series).toMatch(/^\d{4}$/);
    for (const query of [`${series.slice(0, 2)} ${series.slice(2)} ${number}`, `${series}-${number}`, `${series}${number}`, `${series} ${number}`, ` ${series} – ${number} `]) {
      const found = await search(query);
      expect(found.rows.map((r) => r.externalId), query).toEqual([person.id]);
    }
  });

  it('normalises the stored side too: a series kept with a space is found by the number typed together', async () => {
    h.core.db.prepare('UPDATE participant SET document_series = ? WHERE external_id = ?').run(`${series.slice(0, 2)} ${series.slice(2)}`, person.id);
    expect((await search(`${series}${number}`)).rows.map((r) => r.externalId)).toEqual([person.id]);
    expect((await search(`${series}-${number}`)).rows.map((r) => r.externalId)).toEqual([person.id]);
  });

  it('a name with a number written with a dash narrows as before', async () => {
    expect((await search(`${person.lastName} ${series}-${number}`)).rows.map((r) => r.externalId)).toEqual([person.id]);
    expect((await search(`${person.lastName}X ${series}-${number}`)).rows).toEqual([]);
  });
});

describe('matchesQuery', () => {
  it('compares document numbers without separators on both sides, and only where documents may be seen', () => {
    expect(matchesQuery(['Иванов'], '4510-123456', ['45 10 123456'])).toBe(true);
    expect(matchesQuery(['Иванов'], '45 10 123456', ['4510 123456'])).toBe(true);
    expect(matchesQuery(['Иванов'], '4510 123457', ['4510 123456'])).toBe(false);
    expect(matchesQuery(['Иванов'], '4510-123456', [])).toBe(false);
    expect(matchesQuery(['Салтыков-Щедрин'], 'салтыков-щ', [])).toBe(true);
  });
});
