import { describe, expect, it } from 'vitest';
import { code128Width, MODULE_PT } from '../../main/documents/barcode';
import { A4, contentBox, mm } from '../../main/documents/page';
import { addPage, renderDocument } from '../../main/documents/document';
import { fitOneLine, typeset } from '../../main/documents/text';

const NBSP = '\u00a0';

describe('documents: layout helpers', () => {
  it('binds short words, № and dashes to their neighbours and drops soft hyphens', () => {
    expect(typeset('чаю — т. е. № 5 и с 10')).toBe(`чаю${NBSP}— т.${NBSP}е.${NBSP}№${NBSP}5 и${NBSP}с${NBSP}10`);
    expect(typeset('экза\u00adмен')).toBe('экзамен');
    expect(typeset('длинное   слово')).toBe('длинное слово');
  });

  it('keeps A4 exact and the content inside it', () => {
    expect(A4).toEqual({ width: 595.28, height: 841.89 });
    expect(mm(210)).toBeCloseTo(A4.width, 1);
    const box = contentBox();
    expect(box.x + box.width).toBeLessThan(A4.width);
    expect(box.y + box.height).toBeLessThan(A4.height);
  });

  it('sizes a blank number\'s Code 128 from its modules (set C: 123 modules for 13 digits)', () => {
    expect(code128Width('2600000000071')).toBeCloseTo(123 * MODULE_PT, 6);
    expect(code128Width('40000007')).toBeCloseTo(79 * MODULE_PT, 6);
  });

  it('shrinks a header line until it fits beside the barcode, and no further', async () => {
    const long = 'Информатика и информационно-коммуникационные технологии (ИКТ), компьютерная форма';
    const sizes: number[] = [];
    await renderDocument({ title: 't' }, (doc) => {
      addPage(doc);
      const size = fitOneLine(doc, long, 300, 12, 6, true);
      expect(doc.widthOfString(long)).toBeLessThanOrEqual(300);
      expect(doc.fontSize(size + 0.5).widthOfString(long)).toBeGreaterThan(300);
      sizes.push(size, fitOneLine(doc, 'Русский язык', 300, 12, 6, true));
    });
    expect(sizes[0]).toBeLessThan(12);
    expect(sizes[1]).toBe(12);
  });
});
