import type { Doc } from './document';
import { FONT } from './fonts';

/**
 * Russian text set for print: wrapped at spaces only, never hyphenated (pdfkit breaks at Unicode line-break
 * opportunities and adds a hyphen only at a soft hyphen, so soft hyphens are removed), and a number stays with the
 * sign or the short word before it ("№ 5", "т. е.", "с 10") and a dash with the word before it, through a no-break
 * space, as Russian typesetting asks.
 */
const NBSP = '\u00a0';
// Lookbehind, not a captured space: in "т. е. № 5" each short word must see the space the previous one turned.
const SHORT_WORD_THEN_SPACE = /(?<=^|[\s(«])(№|[а-яёА-ЯЁ]{1,2}\.?) (?=\S)/g;

export function typeset(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(SHORT_WORD_THEN_SPACE, `$1${NBSP}`)
    // A dash never starts a line.
    .replace(/ (?=[—–] )/g, NBSP);
}

export interface TextBlock {
  x: number;
  width: number;
  fontSize?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Space after each paragraph, in points. */
  paragraphGap?: number;
}

/** The height `text` (paragraphs separated by '\n') takes when wrapped into `block.width`. */
export function textHeight(doc: Doc, text: string, block: TextBlock): number {
  setFont(doc, block);
  return doc.heightOfString(typeset(text), {
    width: block.width,
    align: block.align ?? 'left',
    paragraphGap: block.paragraphGap ?? 0,
    lineGap: 1,
  });
}

/** Writes wrapped text at (block.x, y); returns the y under it. */
export function writeText(doc: Doc, text: string, y: number, block: TextBlock): number {
  setFont(doc, block);
  doc.text(typeset(text), block.x, y, {
    width: block.width,
    align: block.align ?? 'left',
    paragraphGap: block.paragraphGap ?? 0,
    lineGap: 1,
  });
  return doc.y;
}

function setFont(doc: Doc, block: TextBlock): void {
  doc.font(block.bold ? FONT.bold : FONT.regular).fontSize(block.fontSize ?? 11).fillColor('black');
}

/**
 * The largest size from `max` down to `min` (half-point steps) at which one line of `text` fits `width` — for a
 * header line that must not run under a barcode, e.g. "Информатика и информационно-коммуникационные технологии".
 * Sets the font and size on the document and returns the size.
 */
export function fitOneLine(doc: Doc, text: string, width: number, max: number, min: number, bold = false): number {
  doc.font(bold ? FONT.bold : FONT.regular);
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 0.5;
  doc.fontSize(size);
  return size;
}
