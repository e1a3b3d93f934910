import type { KitContent } from '../../kits/kit-content';
import { drawNumberedCode128 } from '../barcode';
import { addPage, type Doc } from '../document';
import { FONT } from '../fonts';
import { A4, contentBox, mm } from '../page';
import { fitOneLine } from '../text';

/**
 * What every blank of a kit shares, as on the federal forms: the four black corner marks the recogniser aligns the
 * scan by, the form's title on the left, the blank's Code 128 with its 13-digit number under it on the right, and the
 * subject the kit is for. Nothing about the participant: they write that themselves.
 */
export const BOX = contentBox();
const MARK = mm(5);
const BAR_HEIGHT = mm(12);

function cornerMarks(doc: Doc): void {
  const inset = mm(8);
  doc.save().fillColor('black');
  for (const [x, y] of [
    [inset, inset],
    [A4.width - inset - MARK, inset],
    [inset, A4.height - inset - MARK],
    [A4.width - inset - MARK, A4.height - inset - MARK],
  ] as const)
    doc.rect(x, y, MARK, MARK);
  doc.fill().restore();
}

/** Starts the blank's page and draws its frame; returns the y the blank's own fields start at. */
export function startBlank(doc: Doc, kit: KitContent, title: string, subtitle: string, number: string): number {
  addPage(doc);
  cornerMarks(doc);
  const top = BOX.y;
  const codeCentre = BOX.x + BOX.width - mm(30);
  drawNumberedCode128(doc, number, codeCentre, top, { barHeight: BAR_HEIGHT, fontSize: 10 });

  const titleWidth = BOX.width - mm(65);
  doc.font(FONT.regular).fontSize(8).fillColor('black');
  doc.text('Единый государственный экзамен', BOX.x, top, { width: titleWidth, lineBreak: false });
  doc.font(FONT.bold).fontSize(16);
  doc.text(title, BOX.x, top + 11, { width: titleWidth, lineBreak: false });
  doc.font(FONT.regular).fontSize(10);
  doc.text(subtitle, BOX.x, top + 31, { width: titleWidth, lineBreak: false });
  const subject = `Предмет: ${kit.kim.subjectName} (код ${String(kit.kim.subjectCode).padStart(2, '0')})`;
  // Shrunk to one line if it can be, else wrapped onto a second at 7 pt: never under the barcode, never cut.
  fitOneLine(doc, subject, titleWidth, 10, 7);
  doc.text(subject, BOX.x, top + 45, { width: titleWidth });
  const under = top + mm(25);
  doc.save().lineWidth(1).moveTo(BOX.x, under).lineTo(BOX.x + BOX.width, under).stroke().restore();
  return under + mm(4);
}

/** A bold section heading across the blank; returns the y under it. */
export function sectionHeading(doc: Doc, text: string, y: number): number {
  doc.font(FONT.bold).fontSize(10).fillColor('black');
  doc.text(text, BOX.x, y, { width: BOX.width, lineBreak: false });
  return y + 14;
}

/** Small print at the bottom of a blank (instructions, "do not write here"). */
export function blankFootnote(doc: Doc, text: string): void {
  doc.font(FONT.regular).fontSize(7).fillColor('black');
  doc.text(text, BOX.x, BOX.y + BOX.height - 18, { width: BOX.width, height: 18, lineBreak: true });
}
