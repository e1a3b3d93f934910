import type { KitContent } from '../../kits/kit-content';
import { drawCellRow } from '../cells';
import type { Doc } from '../document';
import { mm } from '../page';
import { blankFootnote, BOX, sectionHeading, startBlank } from './blank-frame';

/**
 * Бланк регистрации: where the exam is written (region, PPE, room, date) and who writes it (surname, name,
 * patronymic, document), in one-character cells; the organiser's marks for a participant removed or not finishing;
 * the participant's signature.
 */
const CELL = mm(6);

export function drawRegistrationBlank(doc: Doc, kit: KitContent): void {
  let y = startBlank(doc, kit, 'БЛАНК РЕГИСТРАЦИИ', 'Заполняется участником экзамена гелевой ручкой чёрного цвета', kit.blanks.registration);

  const codes: [string, number][] = [
    ['Код региона', 2],
    ['Код ППЭ', 4],
    ['Номер аудитории', 4],
    ['Дата проведения (ДД ММ ГГ)', 6],
  ];
  let x = BOX.x;
  let under = y;
  for (const [caption, cells] of codes) {
    under = drawCellRow(doc, { x, y, cells, cellSize: CELL, caption });
    x += Math.max(cells * CELL, mm(28)) + mm(6);
  }
  y = under + mm(6);

  y = sectionHeading(doc, 'Сведения об участнике экзамена', y);
  for (const caption of ['Фамилия', 'Имя', 'Отчество']) {
    y = drawCellRow(doc, { x: BOX.x, y, cells: 26, cellSize: CELL, caption }) + mm(3);
  }
  const docY = y;
  drawCellRow(doc, { x: BOX.x, y: docY, cells: 4, cellSize: CELL, caption: 'Серия документа' });
  drawCellRow(doc, { x: BOX.x + mm(34), y: docY, cells: 10, cellSize: CELL, caption: 'Номер документа' });
  y = drawCellRow(doc, { x: BOX.x + mm(100), y: docY, cells: 2, cellSize: CELL, caption: 'Пол: М  Ж', gap: mm(3) });
  y += mm(8);

  y = sectionHeading(doc, 'Заполняется ответственным организатором в аудитории', y);
  drawCellRow(doc, { x: BOX.x, y, cells: 1, cellSize: CELL, caption: 'Удалён с экзамена' });
  y = drawCellRow(doc, { x: BOX.x + mm(50), y, cells: 1, cellSize: CELL, caption: 'Не завершил экзамен по объективным причинам' });
  y += mm(8);

  y = sectionHeading(doc, 'Подпись участника экзамена строго внутри окошка', y);
  doc.save().lineWidth(0.8).rect(BOX.x, y, mm(60), mm(14)).stroke().restore();

  blankFootnote(
    doc,
    'Пишите разборчиво, по одному символу в клетке, заглавными печатными буквами. Не делайте пометок вне полей бланка.',
  );
}
