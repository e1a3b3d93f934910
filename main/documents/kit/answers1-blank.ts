import type { KitContent } from '../../kits/kit-content';
import { drawCellRow } from '../cells';
import type { Doc } from '../document';
import { FONT } from '../fonts';
import { mm } from '../page';
import { blankFootnote, BOX, sectionHeading, startBlank } from './blank-frame';

/**
 * Бланк ответов №1: short answers, one row of cells per task in two columns, and rows for replacing a wrong answer
 * (the task's number, then the new answer), as on the federal form.
 */
const CELL = mm(5.5);
const ANSWER_CELLS = 14;
const ROWS_PER_COLUMN = 15;
const REPLACEMENT_ROWS = 4;

function answerRow(doc: Doc, x: number, y: number, label: string): void {
  doc.font(FONT.bold).fontSize(9).fillColor('black');
  doc.text(label, x, y + 3, { width: mm(7), align: 'right', lineBreak: false });
  drawCellRow(doc, { x: x + mm(9), y, cells: ANSWER_CELLS, cellSize: CELL });
}

export function drawAnswers1Blank(doc: Doc, kit: KitContent): void {
  let y = startBlank(doc, kit, 'БЛАНК ОТВЕТОВ № 1', 'Ответы на задания с кратким ответом', kit.blanks.answers1);

  drawCellRow(doc, { x: BOX.x, y, cells: 2, cellSize: CELL, caption: 'Код региона' });
  drawCellRow(doc, { x: BOX.x + mm(30), y, cells: 2, cellSize: CELL, caption: 'Код предмета' });
  y = drawCellRow(doc, { x: BOX.x + mm(60), y, cells: 4, cellSize: CELL, caption: 'Вариант' }) + mm(6);

  y = sectionHeading(doc, 'Результаты выполнения заданий с кратким ответом', y);
  const columnWidth = BOX.width / 2;
  for (let i = 0; i < ROWS_PER_COLUMN * 2; i++) {
    const column = Math.floor(i / ROWS_PER_COLUMN);
    const row = i % ROWS_PER_COLUMN;
    answerRow(doc, BOX.x + column * columnWidth, y + row * (CELL + mm(1.5)), String(i + 1));
  }
  y += ROWS_PER_COLUMN * (CELL + mm(1.5)) + mm(6);

  y = sectionHeading(doc, 'Замена ошибочных ответов на задания с кратким ответом', y);
  for (let i = 0; i < REPLACEMENT_ROWS; i++) {
    const column = Math.floor(i / (REPLACEMENT_ROWS / 2));
    const row = i % (REPLACEMENT_ROWS / 2);
    const x = BOX.x + column * columnWidth;
    const rowY = y + row * (CELL + mm(1.5));
    drawCellRow(doc, { x, y: rowY, cells: 2, cellSize: CELL });
    drawCellRow(doc, { x: x + mm(14), y: rowY, cells: ANSWER_CELLS - 3, cellSize: CELL });
  }

  blankFootnote(
    doc,
    'Ответ записывайте слева направо, начиная с первой клетки, по одному символу в клетке. Единицы измерения не пишите.',
  );
}
