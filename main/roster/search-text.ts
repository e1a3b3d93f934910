/** Folds text for search the way people type it: case-insensitive, «ё» as «е», extra spaces ignored. */
export function foldForSearch(text: string): string {
  return text.toLocaleLowerCase('ru-RU').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}

/** True when every word of the query starts some word of the haystack, or appears in a document number. */
export function matchesQuery(haystackWords: string[], query: string): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const folded = haystackWords.map(foldForSearch);
  return words.every((w) => folded.some((h) => h.startsWith(w) || (/\d/.test(w) && h.includes(w))));
}
