import { z } from 'zod';

/**
 * Signed is not the same as sane: RCOI's export can carry whatever its sources typed in, and a name is shown on
 * screens, printed on forms and searched by people. So text in a bundle is normalised before it is trusted, and text
 * that could show something other than what it is, is refused (BUNDLE_BAD_TEXT, naming the field):
 *  - control characters (C0, DEL, C1, line and paragraph separators) — they break lines, forms and logs;
 *  - bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)
 *    — «Иван\u202Eвоп» displays as another name than the one stored;
 *  - other invisible format characters (zero-width space and joiners, BOM, soft hyphen, word joiner, …), private-use
 *    and unassigned code points, lone surrogates — two names that look the same would differ;
 *  - combining marks left over after NFC composition (a stray accent cannot be told from a letter);
 *  - in names, Cyrillic mixed with Latin letters («Иванoв» with a Latin «o»): the look-alike spoof.
 * What passes is NFC-normalised and trimmed, so «й» typed as «и» + breve is stored as the one letter.
 */
export type TextProblem = 'control' | 'bidi' | 'invisible' | 'combining' | 'mixed_scripts';

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const INVISIBLE = /[\p{Cf}\p{Co}\p{Cn}\p{Cs}\u115F\u1160\u3164\uFFA0]/u;
const COMBINING = /\p{M}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

export function textProblem(raw: string, options: { name?: boolean } = {}): TextProblem | null {
  if (CONTROL.test(raw)) return 'control';
  if (BIDI.test(raw)) return 'bidi';
  if (INVISIBLE.test(raw)) return 'invisible';
  const text = raw.normalize('NFC');
  if (COMBINING.test(text)) return 'combining';
  if (options.name && CYRILLIC.test(text) && LATIN.test(text)) return 'mixed_scripts';
  return null;
}

/**
 * For text that is only recorded, never trusted (a file name as the person's drive spelled it): every hidden or
 * direction-changing character is shown as its code, so the journal cannot be made to read otherwise.
 */
export function visibleText(raw: string): string {
  return [...raw]
    .map((c) => (CONTROL.test(c) || INVISIBLE.test(c) || BIDI.test(c) ? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}` : c))
    .join('');
}

/** The zod issue param that tells read-bundle.ts a text rule (not the shape) refused the payload. */
export const BAD_TEXT_PARAM = 'badText';

/** A text field of a bundle: refused by the rules above, otherwise NFC-normalised and trimmed. */
export function safeText(options: { name?: boolean } = {}) {
  return z.string().transform((raw, ctx) => {
    const problem = textProblem(raw, options);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `forbidden characters: ${problem}`, params: { [BAD_TEXT_PARAM]: problem } });
      return z.NEVER;
    }
    return raw.normalize('NFC').trim();
  });
}

/** Latin capitals that look like Cyrillic ones; seats are lettered in Cyrillic (1А, 1Б, …), so they become those. */
const LATIN_LOOKALIKES: Record<string, string> = {
  A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х', Y: 'У',
};

/**
 * A seat's one canonical spelling: compatibility forms folded (full-width digits), spaces trimmed, capitals, Latin
 * look-alike letters as their Cyrillic twins, no leading zeros in the number. '01a', ' 1A ' and '1А' are one seat,
 * so two people on them are a duplicate, never two seats. What is still not `^\d{1,2}[А-ЯA-Z]?$` is refused.
 */
export function normaliseSeat(raw: string): string {
  const folded = raw.normalize('NFKC').trim().toLocaleUpperCase('ru-RU');
  const m = /^(\d+)(\D*)$/.exec(folded);
  if (!m) return folded;
  const number = m[1]!.replace(/^0+(?=\d)/, '');
  const letters = [...m[2]!].map((c) => LATIN_LOOKALIKES[c] ?? c).join('');
  return number + letters;
}
