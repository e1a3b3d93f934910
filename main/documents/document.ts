import PDFDocument from 'pdfkit';
import { documentFonts, FONT } from './fonts';
import { MARGINS, type Margins } from './page';

export type Doc = PDFKit.PDFDocument;

/**
 * A fixed creation date by default: pdfkit derives the file's /ID from the info dictionary, so with the date fixed
 * the same input renders the same bytes — a reprint can be proved to be the same kit, and tests compare bytes.
 * A document that must carry its real date (an act) passes it.
 */
export const FIXED_CREATION_DATE = new Date(Date.UTC(2000, 0, 1));

export interface DocumentMeta {
  title: string;
  createdAt?: Date;
  /** The margins of pages pdfkit adds itself when text runs over (a header band makes the top one larger). */
  margins?: Margins;
}

/**
 * One PDF: A4 pages with the house margins, PT Sans embedded (subset: only the glyphs used), pages buffered so a
 * footer can say "page N of M" once M is known. `draw` lays the pages out; the result is the whole file.
 */
export function renderDocument(meta: DocumentMeta, draw: (doc: Doc) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: meta.margins ?? MARGINS,
    autoFirstPage: false,
    bufferPages: true,
    info: { Title: meta.title, Producer: 'Штаб ППЭ', Creator: 'Штаб ППЭ', CreationDate: meta.createdAt ?? FIXED_CREATION_DATE },
  });
  // A viewer's print dialog then defaults to actual size rather than "fit", which would shrink barcodes and cells.
  // pdfkit has no option for it; its catalog dictionary is where the PDF spec puts it.
  const root = (doc as unknown as { _root: { data: Record<string, unknown> } })._root;
  root.data.ViewerPreferences = doc.ref({ PrintScaling: 'None' });
  const fonts = documentFonts();
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(doc);
  } catch (error) {
    doc.end();
    return done.then(() => Promise.reject(error));
  }
  doc.end();
  return done;
}

/** A new A4 page with the regular font selected (pdfkit's default Helvetica has no Cyrillic). */
export function addPage(doc: Doc, margins: Margins = MARGINS): void {
  doc.addPage({ size: 'A4', margins });
  doc.font(FONT.regular).fillColor('black');
}
