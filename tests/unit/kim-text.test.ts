import { describe, expect, it } from 'vitest';
import { kimPageSchema } from '../../main/kits/kit-content';
import { kimPages, subjectNameOf, variantPages } from '../rcoi-server/kim-text';
import { ean13CheckDigit, kitNumbers } from '../rcoi-server/kit-numbers';

// The reference server's КИМ text and numbers (tests/rcoi-server/kim-text.ts, kit-numbers.ts).

describe('generated КИМ text', () => {
  it('is the same for the same subject, variant and page count, and differs between variants', () => {
    for (const subject of [1, 2, 3, 12, 6]) {
      expect(variantPages(subject, 301, 16)).toEqual(variantPages(subject, 301, 16));
      expect(JSON.stringify(variantPages(subject, 301, 16))).not.toBe(JSON.stringify(variantPages(subject, 302, 16)));
    }
  });

  it('fits the kit schema at every length: tasks numbered 1… without a gap and never past 99, Cyrillic text', () => {
    for (const pages of [1, 2, 3, 16, 33, 34, 49, 50, 64]) {
      const text = variantPages(2, 1234, pages);
      expect(text).toHaveLength(pages);
      for (const page of text) expect(kimPageSchema.safeParse(page).success).toBe(true);
      const numbers = text.flatMap((p) => p.tasks.map((t) => t.number));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      expect(numbers.at(-1)).toBeLessThanOrEqual(99);
      expect(text.every((p) => p.tasks.every((t) => /[а-яё]{3,}/i.test(t.text)))).toBe(true);
      expect(text[0]!.heading).toBe('Часть 1');
      if (pages > 1) expect(text.filter((p) => p.heading === 'Часть 2')).toHaveLength(1);
    }
    expect(() => variantPages(1, 1, 65)).toThrow();
  });

  it('puts the kit’s КИМ number on page 1 only, leaving the variant’s text as it was', () => {
    const text = variantPages(1, 7, 4);
    const kit = kimPages(text, '10100001', 7);
    expect(kit[0]!.heading).toBe('КИМ № 10100001 · Вариант 7 · Часть 1');
    expect(kit.slice(1)).toEqual(text.slice(1));
    expect(text[0]!.heading).toBe('Часть 1');
  });

  it('names the demo’s subjects as the schedule does', () => {
    expect(subjectNameOf(2)).toBe('Математика (профильный уровень)');
    expect(subjectNameOf(12)).toBe('Обществознание');
    expect(subjectNameOf(77)).toBe('Учебный предмет 77');
  });
});

describe('kit numbers', () => {
  it('are unique over 10 000 kits of a series, 8 and 13 digits, blanks with an EAN-13 check digit', () => {
    const kims = new Set<string>();
    const blanks = new Set<string>();
    for (let index = 1; index <= 10_000; index++) {
      const n = kitNumbers(123_456_789, index);
      kims.add(n.kim);
      for (const b of [n.blanks.registration, n.blanks.answers1, ...n.blanks.answers2]) {
        expect(b).toMatch(/^\d{13}$/);
        expect(Number(b[12])).toBe(ean13CheckDigit(b.slice(0, 12)));
        blanks.add(b);
      }
      expect(n.kim).toMatch(/^[1-9]\d{7}$/);
    }
    expect(kims.size).toBe(10_000);
    expect(blanks.size).toBe(40_000);
    // A known EAN-13: 400638133393 → check digit 1.
    expect(ean13CheckDigit('400638133393')).toBe(1);
  });
});
