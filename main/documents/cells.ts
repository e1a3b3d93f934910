import type { Doc } from './document';
import { FONT } from './fonts';

/**
 * Rows of boxes a person writes one character into, as on the machine-readable blanks: the recogniser reads cell by
 * cell, so cells have one size (mm-exact) and a caption above the row says what goes in.
 */
export interface CellRow {
  x: number;
  y: number;
  cells: number;
  cellSize: number;
  caption?: string;
  /** Gap between cells; 0 draws a continuous strip. */
  gap?: number;
}

export const CAPTION_SIZE = 7;

/** Draws the caption and the cells; returns the y under the row. */
export function drawCellRow(doc: Doc, row: CellRow): number {
  let y = row.y;
  if (row.caption) {
    doc.font(FONT.regular).fontSize(CAPTION_SIZE).fillColor('black');
    doc.text(row.caption, row.x, y, { lineBreak: false });
    y += CAPTION_SIZE + 2;
  }
  const gap = row.gap ?? 0;
  doc.save().lineWidth(0.6).strokeColor('#333333');
  for (let i = 0; i < row.cells; i++) doc.rect(row.x + i * (row.cellSize + gap), y, row.cellSize, row.cellSize);
  doc.stroke().restore();
  return y + row.cellSize;
}

/** The width `n` cells take, to fit rows into the page. */
export function cellRowWidth(cells: number, cellSize: number, gap = 0): number {
  return cells * cellSize + (cells - 1) * gap;
}
