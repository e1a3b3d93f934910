import { renderDocument } from '../document';
import { pageCount } from '../header-footer';
import { mm } from '../page';
import { countsTable, examFields, FORM_BOX, formDate, sectionHeading, signatureLines, startForm, stampForm, table } from './form-frame';
import type { FormExam, FormPpe, KitCounts, SignatureLine } from './form-types';

/**
 * ППЭ-13-02-МАШ «Сводная ведомость учёта участников и использования ЭМ в ППЭ»: at HQ, from the logs the rooms
 * returned — per room the participants assigned, present, absent, removed and not completed, and the kits printed,
 * spoiled, reprinted in their place and taken from the reserve; then the same for the whole PPE. RCOI processes this
 * form before the blanks, so the PPE's totals are also given as a table of their own, one number a line.
 */
export const FORM_13_02_MASH = { code: 'ППЭ-13-02-МАШ', title: 'Сводная ведомость учёта участников и использования ЭМ в ППЭ' } as const;

export interface RoomSummaryRow {
  roomCode: string;
  assigned: number;
  present: number;
  /** Removed for breaking the rules (act ППЭ-21). */
  removed: number;
  /** Did not complete for a good reason (act ППЭ-22). */
  notCompleted: number;
  kits: KitCounts;
}

export interface PpeSummaryInput {
  ppe: FormPpe;
  exam: FormExam;
  rows: RoomSummaryRow[];
  /** The PPE head and the GEK member. */
  signatures: SignatureLine[];
}

type Counted = Omit<RoomSummaryRow, 'roomCode'>;

function totals(rows: RoomSummaryRow[]): Counted {
  const sum = (pick: (r: RoomSummaryRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return {
    assigned: sum((r) => r.assigned),
    present: sum((r) => r.present),
    removed: sum((r) => r.removed),
    notCompleted: sum((r) => r.notCompleted),
    kits: {
      printed: sum((r) => r.kits.printed),
      spoiled: sum((r) => r.kits.spoiled),
      replaced: sum((r) => r.kits.replaced),
      reserveUsed: sum((r) => r.kits.reserveUsed),
    },
  };
}

const cells = (c: Counted): string[] =>
  [c.assigned, c.present, Math.max(0, c.assigned - c.present), c.removed, c.notCompleted, c.kits.printed, c.kits.spoiled, c.kits.replaced, c.kits.reserveUsed].map(String);

export function renderPpeSummary(input: PpeSummaryInput): Promise<Buffer> {
  const { ppe, exam, rows } = input;
  return renderDocument({ title: `${FORM_13_02_MASH.code} ${FORM_13_02_MASH.title}, ППЭ ${ppe.code}` }, (doc) => {
    const start = pageCount(doc);
    let y = startForm(doc, FORM_13_02_MASH.title, examFields(ppe, exam), ppe);
    y = sectionHeading(doc, 'Участники экзамена и индивидуальные комплекты (ИК) по аудиториям', y);
    const titles = ['По списку', 'Явились', 'Не явились', 'Удалены', 'Не завершили', 'Напечатано ИК', 'Испорчено ИК', 'Допечатано ИК взамен', 'Резервных ИК'];
    // Wide enough for each header's longest word: a table cell breaks a word that does not fit mid-word.
    const widths = [16, 16, 17, 16, 20, 17.5, 17, 17.5, 16.5].map((w) => mm(w));
    const roomWidth = FORM_BOX.width - widths.reduce((a, b) => a + b, 0);
    const all = totals(rows);
    y = table(
      doc,
      y,
      [{ title: 'Аудитория', width: roomWidth, align: 'center' as const }, ...titles.map((title, i) => ({ title, width: widths[i]!, align: 'right' as const }))],
      [...rows.map((r) => [r.roomCode, ...cells(r)]), ['Итого по ППЭ', ...cells(all)]],
      8,
    ) + mm(6);

    y = sectionHeading(doc, `Итого по ППЭ ${ppe.code}`, y, mm(45));
    y = countsTable(doc, y, [
      ['Аудиторий проведения', rows.length],
      ['Участников по списку', all.assigned],
      ['Участников явилось', all.present],
      ['Участников не явилось', Math.max(0, all.assigned - all.present)],
      ['Участников удалено', all.removed],
      ['Участников не завершили экзамен', all.notCompleted],
      ['ИК напечатано', all.kits.printed],
      ['ИК испорчено (забраковано)', all.kits.spoiled],
      ['ИК напечатано взамен испорченных', all.kits.replaced],
      ['ИК из резерва использовано', all.kits.reserveUsed],
    ]) + mm(8);
    y = sectionHeading(doc, 'Подписи', y, mm(15));
    signatureLines(doc, y, input.signatures);
    stampForm(doc, start, FORM_13_02_MASH.code, `${FORM_13_02_MASH.code} · ППЭ ${ppe.code} · ${formDate(exam.date)}`);
  });
}
