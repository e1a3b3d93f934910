import type { Doc } from './document';

/**
 * Headers and footers drawn after the body, on buffered pages, because "page N of M" needs M and a body that runs
 * over adds pages nobody counted beforehand. `stamp` gets the page's place in the range and the range's size.
 * The margins are lifted while stamping: pdfkit adds a new page when text is written below the bottom margin,
 * which is exactly where a footer goes.
 */
export function stampPages(
  doc: Doc,
  range: { start: number; count: number },
  stamp: (doc: Doc, pageNumber: number, pageCount: number) => void,
): void {
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const saved = { ...doc.page.margins };
    doc.page.margins = { top: 0, right: 0, bottom: 0, left: 0 };
    stamp(doc, i + 1, range.count);
    doc.page.margins = saved;
  }
}

/** Pages so far, and the index the next one will get: a range starts here. */
export function pageCount(doc: Doc): number {
  return doc.bufferedPageRange().start + doc.bufferedPageRange().count;
}
