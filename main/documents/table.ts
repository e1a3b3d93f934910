import type { Doc } from './document';
import { FONT } from './fonts';
import { typeset } from './text';

/**
 * A ruled table for forms (ППЭ-05-02, ППЭ-14-02, …): a header row in bold, then rows whose height grows with the
 * tallest wrapped cell. Rows that do not fit go to a new page with the header repeated, as the paper forms do.
 */
export interface TableColumn {
  title: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableOptions {
  x: number;
  y: number;
  columns: TableColumn[];
  rows: string[][];
  fontSize?: number;
  padding?: number;
  /** Called when a row does not fit: add a page and return the y to continue at. */
  newPage: () => number;
  /** The lowest y a row may reach. */
  bottom: number;
}

export function drawTable(doc: Doc, t: TableOptions): number {
  const size = t.fontSize ?? 9;
  const pad = t.padding ?? 3;
  const rowHeight = (cells: string[], bold: boolean): number => {
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
    return Math.max(
      size + 2 * pad,
      ...t.columns.map((c, i) => doc.heightOfString(typeset(cells[i] ?? ''), { width: c.width - 2 * pad }) + 2 * pad),
    );
  };
  const drawRow = (cells: string[], y: number, height: number, bold: boolean): void => {
    let x = t.x;
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(size).fillColor('black').lineWidth(0.5);
    t.columns.forEach((c, i) => {
      doc.rect(x, y, c.width, height).stroke();
      doc.text(typeset(cells[i] ?? ''), x + pad, y + pad, { width: c.width - 2 * pad, align: c.align ?? 'left' });
      x += c.width;
    });
  };
  const header = t.columns.map((c) => c.title);
  const headerHeight = rowHeight(header, true);
  let y = t.y;
  drawRow(header, y, headerHeight, true);
  y += headerHeight;
  for (const row of t.rows) {
    const h = rowHeight(row, false);
    if (y + h > t.bottom) {
      y = t.newPage();
      drawRow(header, y, headerHeight, true);
      y += headerHeight;
    }
    drawRow(row, y, h, false);
    y += h;
  }
  return y;
}
