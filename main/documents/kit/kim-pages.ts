import type { KitContent } from '../../kits/kit-content';
import { code128Width, drawNumberedCode128 } from '../barcode';
import { addPage, type Doc } from '../document';
import { FONT } from '../fonts';
import { pageCount, stampPages } from '../header-footer';
import { A4, MARGINS, mm, type Margins } from '../page';
import { fitOneLine, textHeight, writeText } from '../text';

/**
 * The КИМ: its pages of tasks, each page under a header with the subject, the КИМ's number and variant and the
 * КИМ's barcode, and "Страница N из M" at the foot. Each page of the content starts a printed page; a page whose
 * tasks do not fit runs over onto the next one, which gets the same header (so M is counted after the layout).
 */
const HEADER_BAND = mm(24);
export const KIM_MARGINS: Margins = { ...MARGINS, top: MARGINS.top + HEADER_BAND, bottom: MARGINS.bottom + mm(8) };
const BODY = { x: KIM_MARGINS.left, width: A4.width - KIM_MARGINS.left - KIM_MARGINS.right };
const TASK_GAP = mm(4);

function newKimPage(doc: Doc): void {
  addPage(doc, KIM_MARGINS);
  doc.y = KIM_MARGINS.top;
}

function drawTask(doc: Doc, number: number, text: string): void {
  const bottom = A4.height - KIM_MARGINS.bottom;
  const title = `Задание ${number}`;
  const needed = textHeight(doc, title, { ...BODY, bold: true }) + Math.min(textHeight(doc, text, BODY), mm(30));
  // A task starts on a new page rather than leave its title orphaned at the foot of this one.
  if (doc.y + needed > bottom && doc.y > KIM_MARGINS.top + 1) newKimPage(doc);
  writeText(doc, title, doc.y, { ...BODY, bold: true, fontSize: 11 });
  writeText(doc, text, doc.y + 2, { ...BODY, fontSize: 11, paragraphGap: 4, align: 'justify' });
  doc.y += TASK_GAP;
}

function drawHeader(doc: Doc, kim: KitContent['kim'], page: number, pages: number): void {
  const top = MARGINS.top;
  const codeCentre = A4.width - MARGINS.right - code128Width(kim.number) / 2;
  drawNumberedCode128(doc, kim.number, codeCentre, top, { barHeight: mm(11), fontSize: 9 });
  const left = MARGINS.left;
  const width = A4.width - MARGINS.left - MARGINS.right - mm(50);
  fitOneLine(doc, kim.subjectName, width, 12, 7, true);
  doc.fillColor('black').text(kim.subjectName, left, top, { width, lineBreak: false });
  doc.font(FONT.regular).fontSize(10);
  doc.text(`КИМ № ${kim.number}    Вариант ${kim.variant}`, left, top + 17, { width, lineBreak: false });
  const ruleY = MARGINS.top + HEADER_BAND - mm(5);
  doc.save().lineWidth(0.8).moveTo(left, ruleY).lineTo(A4.width - MARGINS.right, ruleY).stroke().restore();
  const footer = `КИМ № ${kim.number}    Страница ${page} из ${pages}`;
  doc.font(FONT.regular).fontSize(9);
  doc.text(footer, left, A4.height - MARGINS.bottom - 10, { width: A4.width - left - MARGINS.right, align: 'center', lineBreak: false });
}

/** Lays out the КИМ's pages and stamps their headers; returns how many printed pages it took. */
export function drawKimPages(doc: Doc, kim: KitContent['kim']): number {
  const start = pageCount(doc);
  for (const page of kim.pages) {
    newKimPage(doc);
    if (page.heading) writeText(doc, page.heading, doc.y, { ...BODY, bold: true, fontSize: 13, paragraphGap: 6 });
    for (const task of page.tasks) drawTask(doc, task.number, task.text);
  }
  const count = pageCount(doc) - start;
  stampPages(doc, { start, count }, (d, n, m) => drawHeader(d, kim, n, m));
  return count;
}
