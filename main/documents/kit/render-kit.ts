import type { KitContent } from '../../kits/kit-content';
import { renderDocument } from '../document';
import { drawAnswers1Blank } from './answers1-blank';
import { drawAnswers2Sheet } from './answers2-sheet';
import { KIM_MARGINS, drawKimPages } from './kim-pages';
import { drawRegistrationBlank } from './registration-blank';

/**
 * One individual kit as one print job: the КИМ's pages, then the registration blank, answers №1 and answers №2
 * sheets 1 and 2, in the order the organiser hands them out. The same kit always renders the same bytes (fixed
 * creation date, the file's ID derived from the title that names the kit), so a reprint is provably the same kit.
 */
export function renderKit(kit: KitContent): Promise<Buffer> {
  return renderDocument({ title: `Индивидуальный комплект, КИМ № ${kit.kim.number}`, margins: KIM_MARGINS }, (doc) => {
    drawKimPages(doc, kit.kim);
    drawRegistrationBlank(doc, kit);
    drawAnswers1Blank(doc, kit);
    drawAnswers2Sheet(doc, kit, 1);
    drawAnswers2Sheet(doc, kit, 2);
  });
}

/** The barcodes a printed kit carries: the КИМ's and the four blanks' numbers (what a print log records). */
export function kitNumbers(kit: KitContent): string[] {
  return [kit.kim.number, kit.blanks.registration, kit.blanks.answers1, ...kit.blanks.answers2];
}
