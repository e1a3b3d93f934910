import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/**
 * Reads a PDF the way a scanner station would see the paper: poppler's pdftoppm rasterises every page (grey, at the
 * given dpi) and zxing-wasm — a decoder independent of the bwip-js that drew the codes — reads every Code 128 on it.
 * zxing gets its wasm from node_modules: left alone it fetches it from a CDN and fails offline.
 */
const run = promisify(execFile);
const require = createRequire(import.meta.url);
let prepared = false;

async function prepare(): Promise<void> {
  if (prepared) return;
  const wasmBinary = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  const bytes = wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.length) as ArrayBuffer;
  prepareZXingModule({ overrides: { wasmBinary: bytes }, fireImmediately: true });
  prepared = true;
}

/** A binary PGM (P5, maxval 255) as RGBA, the layout zxing's ImageData input wants. */
function pgmToRgba(pgm: Buffer): { data: Uint8ClampedArray; width: number; height: number } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header || header[3] !== '255') throw new Error('not an 8-bit binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = pgm.subarray(header[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = pixels[i]!;
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

/** The Code 128 texts found on each page, in page order. */
export async function readPdfBarcodes(pdf: Buffer, dpi = 200): Promise<string[][]> {
  await prepare();
  const dir = await mkdtemp(join(tmpdir(), 'ppe-barcodes-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-gray', join(dir, 'doc.pdf'), join(dir, 'page')]);
    const pages = (await readdir(dir)).filter((f) => f.endsWith('.pgm')).sort();
    const found: string[][] = [];
    for (const page of pages) {
      const image = pgmToRgba(await readFile(join(dir, page)));
      const results = await readBarcodes(image as unknown as Parameters<typeof readBarcodes>[0], { formats: ['Code128'], tryHarder: true });
      found.push(results.filter((r) => r.isValid).map((r) => r.text));
    }
    return found;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Page sizes in points, from poppler's pdfinfo (one line per page). */
export async function pdfPageSizes(pdf: Buffer): Promise<{ width: number; height: number }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ppe-pdfinfo-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '9999', join(dir, 'doc.pdf')]);
    return [...stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
      width: Number(m[1]),
      height: Number(m[2]),
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fonts poppler's pdffonts lists, with whether each is embedded. */
export async function pdfFonts(pdf: Buffer): Promise<{ name: string; embedded: boolean }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ppe-pdffonts-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    const { stdout } = await run('pdffonts', [join(dir, 'doc.pdf')]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => {
        const cols = line.trim().split(/\s+/);
        // name, type…, encoding, emb, sub, uni, object, ID: "emb" is the fifth column from the end.
        return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
      });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
