import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { addPage, renderDocument } from '../../main/documents/document';
import { contentBox, mm } from '../../main/documents/page';
import { drawTable } from '../../main/documents/table';

// The table helper the forms (ППЭ-05-02, ППЭ-14-02, ППЭ-13-02-МАШ) will be drawn with: rows that do not fit go to a
// new page under a repeated header, and every row is there once, read back from the PDF's text by poppler.
async function pdfText(pdf: Buffer): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ppe-table-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-']);
    return stdout.split('\f').filter((page) => page.trim());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('documents: a table across pages', () => {
  it('repeats the header on every page and keeps every row once', async () => {
    const box = contentBox();
    const rows = Array.from({ length: 70 }, (_, i) => [
      String(i + 1),
      `Участникова-Щербакова Ёлка Юрьевна ${i + 1}`,
      i % 7 === 0 ? 'Комплект заменён: испорчен при печати (замятие бумаги), выдан новый' : 'Выдан',
    ]);
    const pdf = await renderDocument({ title: 'Таблица' }, (doc) => {
      addPage(doc);
      drawTable(doc, {
        x: box.x,
        y: box.y,
        columns: [
          { title: '№', width: mm(12), align: 'right' },
          { title: 'Фамилия, имя, отчество', width: mm(90) },
          { title: 'Отметка', width: box.width - mm(102) },
        ],
        rows,
        bottom: box.y + box.height,
        newPage: () => {
          addPage(doc);
          return box.y;
        },
      });
    });
    const pages = await pdfText(pdf);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain('Фамилия, имя, отчество');
    const all = pages.join('\n');
    for (let i = 1; i <= 70; i++) expect(all.match(new RegExp(`Юрьевна ${i}\\b`, 'g'))).toHaveLength(1);
  });
});
