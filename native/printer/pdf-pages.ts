// The number of pages of a PDF without a PDF library: enough for the simulator to "print" page by page. pdfkit
// writes every page object uncompressed ("/Type /Page"); a PDF whose page objects sit in compressed object streams
// falls back to the largest "/Count" of a page tree. Not for untrusted PDFs' content, only their length.

export function pdfPageCount(pdf: Buffer): number | null {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return null;
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  if (pages > 0) return pages;
  let count = 0;
  for (const m of text.matchAll(/\/Count\s+(\d{1,6})/g)) count = Math.max(count, Number(m[1]));
  return count > 0 ? count : null;
}
