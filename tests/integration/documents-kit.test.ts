import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { kitContentSchema } from '../../main/kits/kit-content';
import { A4 } from '../../main/documents/page';
import { kitNumbers, renderKit } from '../../main/documents/kit/render-kit';
import { pdfFonts, pdfPageSizes, readPdfBarcodes } from '../support/read-barcodes';
import { sampleKit } from '../support/sample-kit';

// A kit rendered by main/documents and read back the way paper is: poppler rasterises it at 200 dpi, zxing-wasm (not
// the bwip-js that drew the codes) reads every barcode.
describe('an individual kit rendered to PDF', () => {
  const kit = kitContentSchema.parse(sampleKit(7, 3));

  it('prints every page on A4 at its exact size, with PT Sans embedded', async () => {
    const pdf = await renderKit(kit);
    const sizes = await pdfPageSizes(pdf);
    expect(sizes.length).toBeGreaterThanOrEqual(3 + 4);
    for (const size of sizes) expect(size).toEqual({ width: A4.width, height: A4.height });
    const fonts = await pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['PTSans-Bold', 'PTSans-Regular']);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    // Print dialogs default to actual size, not "fit to page".
    expect(pdf.toString('latin1')).toMatch(/\/PrintScaling \/None/);
  });

  it('carries exactly the КИМ number on every КИМ page and one blank number on each blank', async () => {
    const pdf = await renderKit(kit);
    const pages = await readPdfBarcodes(pdf, 200);
    const kimPages = pages.slice(0, -4);
    const blankPages = pages.slice(-4);
    expect(kimPages.length).toBeGreaterThanOrEqual(3);
    for (const found of kimPages) expect(found).toEqual([kit.kim.number]);
    expect(blankPages).toEqual([
      [kit.blanks.registration],
      [kit.blanks.answers1],
      [kit.blanks.answers2[0]],
      [kit.blanks.answers2[1]],
    ]);
    expect(new Set(pages.flat())).toEqual(new Set(kitNumbers(kit)));
  });

  it('reads every code back when the subject name is as long as the contract allows', async () => {
    const long = kitContentSchema.parse(sampleKit(11, 1));
    long.kim.subjectName = 'Информатика и информационно-коммуникационные технологии (ИКТ), компьютерная форма, пересдача'.slice(0, 100);
    const pages = await readPdfBarcodes(await renderKit(long), 200);
    expect(pages).toEqual([[long.kim.number], ...kitNumbers(long).slice(1).map((n) => [n])]);
  });

  it('renders the same kit to the same bytes, and another kit to other bytes', async () => {
    const first = await renderKit(kit);
    const again = await renderKit(kitContentSchema.parse(sampleKit(7, 3)));
    const other = await renderKit(kitContentSchema.parse(sampleKit(8, 3)));
    expect(again.equals(first)).toBe(true);
    expect(other.equals(first)).toBe(false);
  });

  it('gives a page whose tasks run over the same header, barcode and "page N of M" as the others', async () => {
    const long = kitContentSchema.parse(sampleKit(9, 2));
    const paragraph = 'Прочитайте текст, определите его основную мысль и запишите её своими словами — т. е. без цитат. ';
    long.kim.pages[0]!.tasks = [{ number: 1, text: Array.from({ length: 6 }, () => paragraph.repeat(12)).join('\n') }];
    const pdf = await renderKit(long);
    const pages = await readPdfBarcodes(pdf, 200);
    const kimPages = pages.slice(0, -4);
    expect(kimPages.length).toBeGreaterThan(long.kim.pages.length);
    for (const found of kimPages) expect(found).toEqual([long.kim.number]);

    const dir = await mkdtemp(join(tmpdir(), 'ppe-kit-text-'));
    try {
      await writeFile(join(dir, 'kit.pdf'), pdf);
      const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'kit.pdf'), '-']);
      const footers = [...stdout.matchAll(/Страница (\d+) из (\d+)/g)].map((m) => `${m[1]}/${m[2]}`);
      expect(footers).toEqual(kimPages.map((_, i) => `${i + 1}/${kimPages.length}`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
