// The default export's raw() is the encoder; the named export 'raw' is BWIPP's "raw" symbology.
import bwipjs from 'bwip-js/node';
import type { Doc } from './document';
import { FONT } from './fonts';

/**
 * Code 128 drawn as vector bars. bwip-js encodes (`raw` gives the bar/space widths in modules) and pdfkit draws one
 * filled rectangle per bar, so the module is an exact width in points at any printer resolution — no bitmap to be
 * resampled by the viewer or the driver. Why Code 128: the blanks' 13 digits and the КИМ's 8 are numeric, which code
 * set C packs two digits per symbol (a 13-digit number is 123 modules, 4.2 cm at the module below); every handheld scanner on a station reads
 * it, and so do zbarimg and zxing (zbar cannot read PDF417 or DataMatrix).
 */

/** 0.96 pt = 0.339 mm = exactly 4 dots at 300 dpi and 8 at 600 dpi: bars fall on the printer's grid. */
export const MODULE_PT = 0.96;
/** ISO/IEC 15417 asks for a quiet zone of at least 10 modules on each side. */
export const QUIET_MODULES = 10;

export interface BarcodeBox {
  /** The bars' width, without the quiet zones. */
  width: number;
  height: number;
}

// A КИМ's number is drawn on every one of its pages: encode it once (a few recent numbers are kept, no more).
const recent = new Map<string, number[]>();

function barWidths(text: string): number[] {
  const known = recent.get(text);
  if (known) return known;
  const [symbol] = bwipjs.raw({ bcid: 'code128', text }) as unknown as { sbs: number[] }[];
  if (!symbol) throw new Error('bwip-js returned no symbol');
  if (recent.size >= 16) recent.delete(recent.keys().next().value!);
  recent.set(text, symbol.sbs);
  return symbol.sbs;
}

/** The width the bars of `text` take at the given module, to centre or right-align a code before drawing it. */
export function code128Width(text: string, module = MODULE_PT): number {
  return barWidths(text).reduce((sum, w) => sum + w, 0) * module;
}

/** Draws the bars with their top-left at (x, y); the caller keeps QUIET_MODULES of white on both sides. */
export function drawCode128(doc: Doc, text: string, x: number, y: number, height: number, module = MODULE_PT): BarcodeBox {
  const sbs = barWidths(text);
  let cursor = x;
  doc.save().fillColor('black');
  sbs.forEach((w, i) => {
    // Even positions are bars, odd ones spaces.
    if (i % 2 === 0) doc.rect(cursor, y, w * module, height);
    cursor += w * module;
  });
  doc.fill().restore();
  return { width: cursor - x, height };
}

/**
 * The bars and, under them, the number people read (and type when a scanner fails), centred on `centreX`.
 * Returns the total height taken.
 */
export function drawNumberedCode128(
  doc: Doc,
  text: string,
  centreX: number,
  y: number,
  opts: { barHeight: number; fontSize?: number },
): number {
  const fontSize = opts.fontSize ?? 10;
  const width = code128Width(text);
  drawCode128(doc, text, centreX - width / 2, y, opts.barHeight);
  doc.font(FONT.regular).fontSize(fontSize).fillColor('black');
  const label = text;
  const labelWidth = doc.widthOfString(label);
  doc.text(label, centreX - labelWidth / 2, y + opts.barHeight + 2, { lineBreak: false });
  return opts.barHeight + 2 + fontSize * 1.2;
}
