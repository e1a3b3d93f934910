/** Folds text for search the way people type it: case-insensitive, «ё» as «е», extra spaces ignored. */
export function foldForSearch(text: string): string {
  return text.toLocaleLowerCase('ru-RU').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}

/**
 * A document number as compared: letters and digits only. People write a passport as «45 10 123456», «4510-123456»
 * or «4510123456», and a bundle may store the series with a space; all of them are one number.
 */
export function compactDocument(text: string): string {
  return foldForSearch(text).replace(/[^\p{L}\p{N}]/gu, '');
}

// A query that is nothing but a document number: digits with spaces, dashes, dots, slashes or «№» between them.
const DOCUMENT_QUERY = /^[\d\s./№\-‐‑‒–—]+$/u;

/**
 * True when every word of the query starts some word of the haystack, or appears in a document number. Document
 * numbers (`documents`, only for a caller who may see them) are compared with separators removed on both sides:
 * a whole query that is one number written with spaces or dashes finds it, and so does a word like «4510-123456».
 */
export function matchesQuery(haystackWords: string[], query: string, documents: string[] = []): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const folded = haystackWords.map(foldForSearch);
  const docs = documents.map(compactDocument).filter(Boolean);
  const inDocument = (text: string) => {
    const compact = compactDocument(text);
    return compact !== '' && /\d/.test(compact) && docs.some((d) => d.includes(compact));
  };
  if (docs.length > 0 && DOCUMENT_QUERY.test(query.trim()) && inDocument(query)) return true;
  return words.every((w) => folded.some((h) => h.startsWith(w) || (/\d/.test(w) && h.includes(w))) || inDocument(w));
}
