import type { KitContent } from '../../kits/kit-content';
import { drawCellRow } from '../cells';
import type { Doc } from '../document';
import { mm } from '../page';
import { blankFootnote, BOX, startBlank } from './blank-frame';

/**
 * Бланк ответов №2, sheet 1 or 2: a lined area for the detailed answers. Each sheet carries its own number and code;
 * the field for an additional blank's number stays empty until the organiser issues one.
 */
const CELL = mm(5.5);
const LINE_STEP = mm(8);

export function drawAnswers2Sheet(doc: Doc, kit: KitContent, sheet: 1 | 2): void {
  const number = kit.blanks.answers2[sheet - 1]!;
  let y = startBlank(doc, kit, `БЛАНК ОТВЕТОВ № 2 — ЛИСТ ${sheet}`, 'Ответы на задания с развёрнутым ответом', number);

  drawCellRow(doc, { x: BOX.x, y, cells: 2, cellSize: CELL, caption: 'Код региона' });
  drawCellRow(doc, { x: BOX.x + mm(30), y, cells: 2, cellSize: CELL, caption: 'Код предмета' });
  y =
    drawCellRow(doc, {
      x: BOX.x + mm(60),
      y,
      cells: 13,
      cellSize: CELL,
      caption: 'Номер дополнительного бланка ответов № 2 (заполняет организатор)',
    }) + mm(6);

  const bottom = BOX.y + BOX.height - mm(10);
  doc.save().lineWidth(0.8).rect(BOX.x, y, BOX.width, bottom - y).stroke();
  doc.lineWidth(0.3).strokeColor('#777777');
  for (let lineY = y + LINE_STEP; lineY < bottom - mm(2); lineY += LINE_STEP) {
    doc.moveTo(BOX.x + mm(2), lineY).lineTo(BOX.x + BOX.width - mm(2), lineY);
  }
  doc.stroke().restore();

  blankFootnote(doc, 'Пишите в пределах поля. При недостатке места попросите у организатора дополнительный бланк ответов № 2.');
}
