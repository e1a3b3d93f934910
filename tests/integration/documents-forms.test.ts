import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { A4 } from '../../main/documents/page';
import type { FormExam, FormPpe } from '../../main/documents/forms/form-types';
import { renderRoomProtocol, type RoomProtocolInput } from '../../main/documents/forms/ppe-05-02';
import { renderPpeSummary, type PpeSummaryInput } from '../../main/documents/forms/ppe-13-02-mash';
import { renderIssueReturnSheet, type IssueReturnInput } from '../../main/documents/forms/ppe-14-02';
import { pdfFonts, pdfPageSizes } from '../support/read-barcodes';

// The ППЭ forms rendered from plain data and read back with poppler: exact A4 pages, the form's code and the PPE's,
// every participant once (a 30-person room runs onto a second page under the repeated header) and the counts.
async function pdfText(pdf: Buffer): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ppe-forms-'));
  try {
    await writeFile(join(dir, 'form.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'form.pdf'), '-']);
    // Typesetting puts no-break spaces after short words; compare with plain spaces.
    return stdout.replace(/\u00a0/g, ' ').split('\f').filter((page) => page.trim());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** How often `word` occurs as a whole word (JS's \b does not know Cyrillic). */
function wordCount(text: string, word: string): number {
  return text.match(new RegExp(`(?<![А-Яа-яЁё-])${word}(?![А-Яа-яЁё])`, 'g'))?.length ?? 0;
}

/** A line of the layout text that names `caption` and ends with `value`. */
function countLine(text: string, caption: string, value: number): boolean {
  return text.split('\n').some((line) => line.includes(caption) && new RegExp(`\\s${value}\\s*$`).test(line));
}

const PPE: FormPpe = { code: '0421', name: 'МБОУ «Средняя общеобразовательная школа № 41»', regionCode: '42', regionName: 'Кемеровская область — Кузбасс' };
const EXAM: FormExam = { date: '2026-06-01', subjectCode: 1, subjectName: 'Русский язык' };

const SURNAMES = [
  'Абрамова', 'Белоусов', 'Воронцова', 'Гаврилов', 'Дементьева', 'Ершов', 'Жукова', 'Зайцев', 'Игнатьева', 'Калинин',
  'Лебедева', 'Мартынов', 'Никифорова', 'Овчинников', 'Пестова', 'Рябинин', 'Суховерхова', 'Тимофеев', 'Ульянова', 'Фёдоров',
  'Харитонова', 'Цветков', 'Чернышёва', 'Шубин', 'Щербакова-Голенищева', 'Эдельман', 'Юдина', 'Яковлев', 'Ёлкина', 'Константинопольский',
];

function roomProtocolInput(): RoomProtocolInput {
  return {
    ppe: PPE,
    exam: EXAM,
    roomCode: '0012',
    assigned: 31,
    participants: SURNAMES.map((surname, i) => ({
      fullName: `${surname} ${i % 2 ? 'Александр Владимирович' : 'Анастасия Сергеевна'}`,
      document: `32 1${String(i).padStart(2, '0')} 4567${String(i).padStart(2, '0')}`,
      seat: `${Math.floor(i / 4) + 1}${'АБВГ'[i % 4]}`,
      kimNumber: String(40_000_100 + i),
      registrationBlank: `26${String(100 + i).padStart(10, '0')}1`,
    })),
    counts: { printed: 32, spoiled: 2, replaced: 2, reserveUsed: 1 },
    startedAt: '10:00',
    signatures: [
      { role: 'Ответственный организатор в аудитории', name: 'Петрищева Г. Н.' },
      { role: 'Организатор в аудитории', name: 'Сомов И. П.' },
      { role: 'Член ГЭК' },
    ],
  };
}

describe('ППЭ-05-02, the room protocol', () => {
  it('prints on exact A4 pages with PT Sans embedded, running onto a second page', async () => {
    const pdf = await renderRoomProtocol(roomProtocolInput());
    const sizes = await pdfPageSizes(pdf);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of sizes) expect(size).toEqual({ width: A4.width, height: A4.height });
    expect((await pdfFonts(pdf)).every((f) => f.embedded)).toBe(true);
  });

  it('names the form, the PPE and every participant once, with their kit numbers and the counts', async () => {
    const input = roomProtocolInput();
    const pages = await pdfText(await renderRoomProtocol(input));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => {
      expect(page).toContain('ППЭ-05-02');
      expect(page).toContain(`Страница ${i + 1} из ${pages.length}`);
    });
    // The participants' table runs over: its header is repeated on the next page.
    expect(pages.filter((page) => page.includes('Номер бланка')).length).toBeGreaterThanOrEqual(2);
    const all = pages.join('\n');
    expect(all).toContain('Протокол проведения ГИА в аудитории');
    expect(all).toContain('№ п/п');
    expect(all).toContain('0421');
    expect(all).toContain('01.06.2026');
    for (const surname of SURNAMES) expect(wordCount(all, surname), surname).toBe(1);
    for (const p of input.participants) {
      expect(all).toContain(p.kimNumber);
      expect(all).toContain(p.registrationBlank);
    }
    expect(countLine(all, 'Участников присутствовало', 30)).toBe(true);
    expect(countLine(all, 'Участников не явилось', 1)).toBe(true);
    expect(countLine(all, 'ИК напечатано', 32)).toBe(true);
    expect(countLine(all, 'ИК испорчено', 2)).toBe(true);
    expect(countLine(all, 'ИК напечатано взамен испорченных', 2)).toBe(true);
    expect(countLine(all, 'ИК из резерва использовано', 1)).toBe(true);
    expect(all).toContain('Член ГЭК');
    expect(all).toContain('Петрищева Г. Н.');
  });
});

const ROOMS = ['0011', '0012', '0013', '0014', '0015'];
const ORGANISERS = ['Петрищева Г. Н.', 'Сомова И. П.', 'Трубецкой А. А.', 'Уварова Е. М.', 'Фомичёв Д. С.'];
// Room i: 25 assigned, 25 - i present, i spoiled and reprinted, one reserve kit in room 3.
const kitsOf = (i: number) => ({ printed: 25 - i + i, spoiled: i, replaced: i, reserveUsed: i === 3 ? 1 : 0 });

function issueReturnInput(): IssueReturnInput {
  return {
    ppe: PPE,
    exam: EXAM,
    rows: ROOMS.map((roomCode, i) => ({
      roomCode,
      organiser: ORGANISERS[i]!,
      issuedAt: '09:45',
      returnedAt: i === 4 ? undefined : '14:05',
      kits: kitsOf(i),
      kitsReturned: 25 - i,
    })),
    signatures: [{ role: 'Руководитель ППЭ', name: 'Кузнецова О. В.' }, { role: 'Член ГЭК', name: 'Лаптев С. Р.' }],
  };
}

describe('ППЭ-14-02, issue and return of materials by room', () => {
  it('prints on exact A4 with the form and PPE codes, every room and its organiser once, and the totals', async () => {
    const pdf = await renderIssueReturnSheet(issueReturnInput());
    for (const size of await pdfPageSizes(pdf)) expect(size).toEqual({ width: A4.width, height: A4.height });
    const all = (await pdfText(pdf)).join('\n');
    expect(all).toContain('ППЭ-14-02');
    expect(all).toContain('Ведомость выдачи и возврата ЭМ по аудиториям ППЭ');
    // Column headers are whole words (a cell too narrow for a word breaks it mid-word).
    for (const word of ['Напечатано', 'Испорчено', 'Резервных', 'Возвращено', 'организатор', 'возврата', 'возврате']) expect(all).toContain(word);
    expect(all).toContain('0421');
    expect(all).toContain('Страница 1 из 1');
    for (const [i, room] of ROOMS.entries()) {
      const line = all.split('\n').find((l) => l.includes(room));
      expect(line, room).toBeDefined();
      // Room, organiser's surname, issued at, printed, spoiled, reserve, returned with answers.
      const k = kitsOf(i);
      expect(line!.replace(/\s+/g, ' ')).toContain(`${k.printed} ${k.spoiled} ${k.reserveUsed} ${25 - i}`);
      expect(wordCount(all, ORGANISERS[i]!.split(' ')[0]!)).toBe(1);
    }
    const total = all.split('\n').find((l) => l.includes('Итого'));
    // 125 printed, 10 spoiled, 1 from the reserve, 115 returned with answers.
    expect(total!.replace(/\s+/g, ' ')).toContain('125 10 1 115');
    expect(all).toContain('Руководитель ППЭ');
    expect(all).toContain('Член ГЭК');
  });
});

describe('ППЭ-14-02 for a large PPE', () => {
  it('runs onto more pages with the header repeated and every room once', async () => {
    const base = issueReturnInput();
    const rooms = Array.from({ length: 45 }, (_, i) => `0${String(101 + i)}`);
    const rows = rooms.map((roomCode, i) => ({ ...base.rows[i % 5]!, roomCode }));
    const pdf = await renderIssueReturnSheet({ ...base, rows });
    const sizes = await pdfPageSizes(pdf);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of sizes) expect(size).toEqual({ width: A4.width, height: A4.height });
    const pages = await pdfText(pdf);
    pages.forEach((page, i) => {
      expect(page).toContain('ППЭ-14-02');
      expect(page).toContain('Напечатано');
      expect(page).toContain(`Страница ${i + 1} из ${pages.length}`);
    });
    const all = pages.join('\n');
    for (const room of rooms) expect(all.match(new RegExp(`(?<!\\d)${room}(?!\\d)`, 'g')), room).toHaveLength(1);
  });
});

function summaryInput(): PpeSummaryInput {
  return {
    ppe: PPE,
    exam: EXAM,
    rows: ROOMS.map((roomCode, i) => ({
      roomCode,
      assigned: 25,
      present: 25 - i,
      removed: i === 2 ? 1 : 0,
      notCompleted: i === 4 ? 2 : 0,
      kits: kitsOf(i),
    })),
    signatures: [{ role: 'Руководитель ППЭ', name: 'Кузнецова О. В.' }, { role: 'Член ГЭК', name: 'Лаптев С. Р.' }],
  };
}

describe('ППЭ-13-02-МАШ, participants and materials for the PPE', () => {
  it('prints on exact A4 with a row per room, the PPE totals and the signatures', async () => {
    const pdf = await renderPpeSummary(summaryInput());
    for (const size of await pdfPageSizes(pdf)) expect(size).toEqual({ width: A4.width, height: A4.height });
    const all = (await pdfText(pdf)).join('\n');
    expect(all).toContain('ППЭ-13-02-МАШ');
    expect(all).toContain('Сводная ведомость учёта участников и использования ЭМ в ППЭ');
    for (const word of ['Напечатано', 'Испорчено', 'Допечатано', 'Резервных', 'Не явились', 'Не завершили']) expect(all).toContain(word);
    expect(all).toContain('0421');
    const flat = all.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    for (const [i, room] of ROOMS.entries()) {
      const k = kitsOf(i);
      const row = [room, 25, 25 - i, i, i === 2 ? 1 : 0, i === 4 ? 2 : 0, k.printed, k.spoiled, k.replaced, k.reserveUsed].join(' ');
      expect(flat, room).toContain(row);
    }
    expect(flat.some((l) => l.includes('Итого по ППЭ 125 115 10 1 2 125 10 10 1'))).toBe(true);
    expect(countLine(all, 'Аудиторий проведения', 5)).toBe(true);
    expect(countLine(all, 'Участников явилось', 115)).toBe(true);
    expect(countLine(all, 'Участников не явилось', 10)).toBe(true);
    expect(countLine(all, 'Участников удалено', 1)).toBe(true);
    expect(countLine(all, 'Участников не завершили экзамен', 2)).toBe(true);
    expect(countLine(all, 'ИК напечатано', 125)).toBe(true);
    expect(countLine(all, 'ИК испорчено', 10)).toBe(true);
    expect(countLine(all, 'ИК напечатано взамен испорченных', 10)).toBe(true);
    expect(countLine(all, 'ИК из резерва использовано', 1)).toBe(true);
  });
});
