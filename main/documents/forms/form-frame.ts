import { addPage, type Doc } from '../document';
import { FONT } from '../fonts';
import { pageCount, stampPages } from '../header-footer';
import { A4, MARGINS, mm, type Margins } from '../page';
import { drawTable, type TableColumn } from '../table';
import { textHeight, writeText } from '../text';
import type { FormExam, FormPpe, SignatureLine } from './form-types';

/**
 * What the ППЭ forms share: the form's code at the top right of every page (the paper forms carry it so a loose
 * sheet can be put back), the title, the identifying fields in boxes, tables that continue on new pages, signature
 * lines, and "Страница N из M" at the foot — stamped after the body, because a long table adds pages.
 */
const HEADER_BAND = mm(8);
const FOOTER_BAND = mm(8);
export const FORM_MARGINS: Margins = { ...MARGINS, top: MARGINS.top + HEADER_BAND, bottom: MARGINS.bottom + FOOTER_BAND };
export const FORM_BOX = {
  x: FORM_MARGINS.left,
  width: A4.width - FORM_MARGINS.left - FORM_MARGINS.right,
  top: FORM_MARGINS.top,
  bottom: A4.height - FORM_MARGINS.bottom,
};

/** `2026-06-01` → `01.06.2026`, as dates are written on the forms. */
export function formDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

export function newFormPage(doc: Doc): number {
  addPage(doc, FORM_MARGINS);
  doc.y = FORM_BOX.top;
  return FORM_BOX.top;
}

/** The form's first page: title and the identifying fields; returns the y to go on at. */
export function startForm(doc: Doc, title: string, fields: [caption: string, value: string][], ppe: FormPpe): number {
  let y = newFormPage(doc);
  y = writeText(doc, title, y, { x: FORM_BOX.x, width: FORM_BOX.width, fontSize: 14, bold: true, align: 'center' }) + mm(3);
  y = writeText(doc, `${ppe.regionName}. ППЭ ${ppe.code} — ${ppe.name}`, y, {
    x: FORM_BOX.x,
    width: FORM_BOX.width,
    fontSize: 10,
    align: 'center',
  }) + mm(3);
  const width = FORM_BOX.width / fields.length;
  y = table(doc, y, fields.map(([caption]) => ({ title: caption, width, align: 'center' })), [fields.map(([, value]) => value)], 9);
  return y + mm(5);
}

/** The fields every exam form names: region, PPE, subject, date (a room form adds its room). */
export function examFields(ppe: FormPpe, exam: FormExam): [string, string][] {
  return [
    ['Код региона', ppe.regionCode],
    ['Код ППЭ', ppe.code],
    ['Код предмета', String(exam.subjectCode).padStart(2, '0')],
    ['Предмет', exam.subjectName],
    ['Дата экзамена', formDate(exam.date)],
  ];
}

/** A ruled table that continues on new form pages under its header; returns the y under it. */
export function table(doc: Doc, y: number, columns: TableColumn[], rows: string[][], fontSize = 9): number {
  return drawTable(doc, { x: FORM_BOX.x, y, columns, rows, fontSize, bottom: FORM_BOX.bottom, newPage: () => newFormPage(doc) });
}

/** A bold heading over a section; starts a new page rather than leave the heading alone at the foot. */
export function sectionHeading(doc: Doc, text: string, y: number, keepWith = mm(25)): number {
  const block = { x: FORM_BOX.x, width: FORM_BOX.width, fontSize: 11, bold: true };
  if (y + textHeight(doc, text, block) + keepWith > FORM_BOX.bottom) y = newFormPage(doc);
  return writeText(doc, text, y, block) + mm(1.5);
}

/** Two-column table of counts: what is counted, and how many. */
export function countsTable(doc: Doc, y: number, counts: [caption: string, value: number][]): number {
  const valueWidth = mm(30);
  return table(
    doc,
    y,
    [
      { title: 'Показатель', width: FORM_BOX.width - valueWidth },
      { title: 'Количество', width: valueWidth, align: 'right' },
    ],
    counts.map(([caption, value]) => [caption, String(value)]),
    10,
  );
}

const SIGNATURE_HEIGHT = mm(13);

/**
 * Signature lines: the role, a blank line for the hand, and the name (or a blank for it) as "/ Фамилия И. О. /",
 * with the small captions under the lines that the paper forms carry. A line is never split across pages.
 */
export function signatureLines(doc: Doc, y: number, lines: SignatureLine[]): number {
  const roleWidth = mm(70);
  const signX = FORM_BOX.x + roleWidth + mm(3);
  const signWidth = mm(40);
  const nameX = signX + signWidth + mm(4);
  const nameWidth = FORM_BOX.x + FORM_BOX.width - nameX;
  for (const line of lines) {
    const roleHeight = textHeight(doc, line.role, { x: FORM_BOX.x, width: roleWidth, fontSize: 10 });
    const height = Math.max(SIGNATURE_HEIGHT, roleHeight + mm(5));
    if (y + height > FORM_BOX.bottom) y = newFormPage(doc);
    writeText(doc, line.role, y, { x: FORM_BOX.x, width: roleWidth, fontSize: 10 });
    const ruleY = y + 12;
    doc.save().lineWidth(0.5).moveTo(signX, ruleY).lineTo(signX + signWidth, ruleY).stroke();
    doc.moveTo(nameX, ruleY).lineTo(nameX + nameWidth, ruleY).stroke().restore();
    if (line.name) {
      doc.font(FONT.regular).fontSize(10).fillColor('black');
      doc.text(line.name, nameX, ruleY - 11, { width: nameWidth, align: 'center', lineBreak: false });
    }
    doc.font(FONT.regular).fontSize(7);
    doc.text('подпись', signX, ruleY + 1.5, { width: signWidth, align: 'center', lineBreak: false });
    doc.text('фамилия, инициалы', nameX, ruleY + 1.5, { width: nameWidth, align: 'center', lineBreak: false });
    y += height;
  }
  return y;
}

/** Stamps the form's code on top and "<what> · Страница N из M" at the foot of the pages from `start`. */
export function stampForm(doc: Doc, start: number, code: string, footer: string): void {
  stampPages(doc, { start, count: pageCount(doc) - start }, (d, n, m) => {
    d.font(FONT.bold).fontSize(10).fillColor('black');
    d.text(code, FORM_BOX.x, MARGINS.top, { width: FORM_BOX.width, align: 'right', lineBreak: false });
    d.font(FONT.regular).fontSize(8);
    const y = A4.height - MARGINS.bottom - 10;
    d.text(footer, FORM_BOX.x, y, { width: FORM_BOX.width, align: 'left', lineBreak: false });
    d.text(`Страница ${n} из ${m}`, FORM_BOX.x, y, { width: FORM_BOX.width, align: 'right', lineBreak: false });
  });
}
