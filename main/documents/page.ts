/**
 * The page every document prints on: A4 at its exact size in points (ISO 216, 210 × 297 mm), never "fit to page",
 * so a barcode's module and a form's cell come out of the printer at the size they were drawn. Margins leave the
 * 5 mm that office laser printers cannot reach plus room for a header and a footer band.
 */
export const MM = 72 / 25.4;
export const mm = (n: number): number => n * MM;

export const A4 = { width: 595.28, height: 841.89 } as const;

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const MARGINS: Margins = { top: mm(15), right: mm(15), bottom: mm(15), left: mm(20) };

/** The writable box inside the margins. */
export function contentBox(m: Margins = MARGINS): { x: number; y: number; width: number; height: number } {
  return { x: m.left, y: m.top, width: A4.width - m.left - m.right, height: A4.height - m.top - m.bottom };
}
