import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsPrinterSystem } from '../../native/printer/cups-printer';
import type { JobStatus, PrintJob } from '../../native/printer/printer';
import { PrinterError } from '../../native/printer/printer-error';
import { ToolFailure, runTool, type RunTool } from '../../native/printer/run-tool';
import { cupsUnavailable, startPrivateCups, type PrivateCups } from '../support/cups';
import { until } from '../support/wait';

// A real CUPS scheduler (private to this run, tests/support/cups.ts) with the cups-pdf backend: what the app prints
// comes out as a PDF whose pages we measure. The adapter under test is the one the room station uses.

const skip = cupsUnavailable();
if (skip !== null) console.warn(`printer-cups tests skipped: ${skip}`);

const QUEUE = 'PPE_PDF';

function makePdf(size: 'A4' | 'LETTER', pages: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size, margin: 0, autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    for (let i = 0; i < pages; i++) {
      doc.addPage({ size, margin: 0 });
      // A 200 × 50 pt black bar at (100, 100) from the top left: stands in for a barcode whose size must not change.
      doc.rect(100, 100, 200, 50).fill('black');
    }
    doc.end();
  });
}

/** Page sizes in points from pdfinfo, one entry per page. */
function pageSizes(file: string): Array<[number, number]> {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file], { encoding: 'utf8' });
  return [...out.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** The box of dark pixels on page 1 rendered at 72 dpi (1 px = 1 pt): where the bar landed and how big it is. */
function darkBox(file: string): { x0: number; y0: number; x1: number; y1: number } {
  const pgm = execFileSync('pdftoppm', ['-r', '72', '-gray', '-f', '1', '-l', '1', file]);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not give a PGM');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const px = pgm.subarray(header[0].length);
  const box = { x0: w, y0: h, x1: -1, y1: -1 };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (px[y * w + x] < 128) {
        box.x0 = Math.min(box.x0, x);
        box.y0 = Math.min(box.y0, y);
        box.x1 = Math.max(box.x1, x);
        box.y1 = Math.max(box.y1, y);
      }
  return box;
}

/** cups-pdf names its output `<title>_<junk>-job_<id>.pdf` (environment.md §e). */
function outputOf(cups: PrivateCups, title: string, jobId: string): string | null {
  const f = readdirSync(cups.outputDir).find((n) => n.startsWith(title) && n.endsWith(`-job_${jobId}.pdf`));
  return f === undefined ? null : join(cups.outputDir, f);
}

async function printed(printers: CupsPrinterSystem, cups: PrivateCups, job: PrintJob, title: string): Promise<{ status: JobStatus; file: string }> {
  const status = await until(() => printers.jobStatus(job), (s) => s.state === 'completed', `job ${job.jobId} completed`);
  // cups-pdf renames its output into place before the backend exits; the job is completed after that.
  const file = await until(async () => outputOf(cups, title, job.jobId), (f) => f !== null, `output of job ${job.jobId}`);
  return { status, file: file as string };
}

async function errorOf(p: Promise<unknown>): Promise<PrinterError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PrinterError);
  return e as PrinterError;
}

describe.skipIf(skip !== null)('printers: CUPS with the cups-pdf backend', () => {
  let cups: PrivateCups;
  let printers: CupsPrinterSystem;

  beforeAll(async () => {
    cups = await startPrivateCups();
    cups.addPdfQueue(QUEUE, 'Кабинет 12, PDF');
    cups.admin('lpadmin', ['-d', QUEUE]);
    printers = new CupsPrinterSystem({ server: cups.socket });
  });

  afterAll(async () => {
    await cups?.stop();
  });

  it('lists the cups-pdf queue with its description, as the default, idle and accepting', async () => {
    const list = await printers.list();
    expect(list).toEqual([
      {
        name: QUEUE,
        description: 'Кабинет 12, PDF',
        isDefault: true,
        status: { state: 'idle', reasons: [], message: null, acceptingJobs: true },
      },
    ]);
  });

  it('prints an A4 PDF one-to-one: the job completes, the output has A4 pages and the bar is where and as big as drawn', async () => {
    const file = join(cups.outputDir, '..', 'kit-a4.pdf');
    writeFileSync(file, await makePdf('A4', 2));
    const job = await printers.print({ printer: QUEUE, title: 'kit-0001', pdf: { path: file } });
    expect(job.printer).toBe(QUEUE);
    expect(job.jobId).toMatch(/^\d+$/);
    const { status, file: out } = await printed(printers, cups, job, 'kit-0001');
    expect(status).toMatchObject({ state: 'completed', pagesCompleted: 2 });
    expect(pageSizes(out)).toEqual([
      [595, 842],
      [595, 842],
    ]);
    // pdfkit drew the bar at x 100–300, y 100–150 pt; at 72 dpi that is pixels 100..299 × 100..149.
    expect(darkBox(out)).toEqual({ x0: 100, y0: 100, x1: 299, y1: 149 });
    // cups-pdf leaves the output readable by its owner only.
    expect(statSync(out).mode & 0o077).toBe(0);
  });

  it('does not scale a page that is not A4 (print-scaling=none): a US Letter bar keeps its 200 × 50 pt on A4 paper', async () => {
    // Without print-scaling=none, CUPS 2.4 fills A4 with the Letter page: the bar came out 213 × 53 px.
    const job = await printers.print({ printer: QUEUE, title: 'kit-letter', pdf: { data: await makePdf('LETTER', 1) } });
    const { file: out } = await printed(printers, cups, job, 'kit-letter');
    expect(pageSizes(out)).toEqual([[595, 842]]);
    const box = darkBox(out);
    expect(box.x1 - box.x0 + 1).toBeGreaterThanOrEqual(199);
    expect(box.x1 - box.x0 + 1).toBeLessThanOrEqual(201);
    expect(box.y1 - box.y0 + 1).toBeGreaterThanOrEqual(49);
    expect(box.y1 - box.y0 + 1).toBeLessThanOrEqual(51);
  });

  it('prints bytes through lp\'s stdin (no file of ours) and reads the job back', async () => {
    const job = await printers.print({ printer: QUEUE, title: 'kit-stdin', pdf: { data: await makePdf('A4', 3) } });
    const { status, file } = await printed(printers, cups, job, 'kit-stdin');
    expect(status.pagesCompleted).toBe(3);
    expect(pageSizes(file)).toHaveLength(3);
  });

  it('a disabled queue shows as stopped with its reason and message, through ipptool and through lpstat alone', async () => {
    cups.admin('cupsdisable', ['-r', 'Замятие бумаги, лоток 2', QUEUE]);
    try {
      const expected = {
        state: 'stopped',
        reasons: [{ kind: 'paused', severity: 'error', raw: 'paused' }],
        message: 'Замятие бумаги, лоток 2',
        acceptingJobs: true,
      };
      expect(await printers.printerStatus(QUEUE)).toEqual(expected);
      // The same reading where ipptool is not installed: the adapter falls back to `lpstat -l -p`.
      const noIpptool: RunTool = (file, args, options) =>
        file === 'ipptool' ? Promise.reject(new ToolFailure('missing', file)) : runTool(file, args, options);
      const viaLpstat = new CupsPrinterSystem({ server: cups.socket, run: noIpptool });
      expect(await viaLpstat.printerStatus(QUEUE)).toEqual(expected);
      expect((await viaLpstat.list())[0].status).toEqual(expected);
    } finally {
      cups.admin('cupsenable', [QUEUE]);
    }
    expect((await printers.printerStatus(QUEUE)).state).toBe('idle');
  });

  it('a job on a stopped queue stays pending; cancelled, it reads canceled', async () => {
    cups.admin('cupsdisable', [QUEUE]);
    try {
      const job = await printers.print({ printer: QUEUE, title: 'kit-held', pdf: { data: await makePdf('A4', 1) } });
      expect((await printers.jobStatus(job)).state).toBe('pending');
      await printers.cancel(job);
      expect((await printers.jobStatus(job)).state).toBe('canceled');
    } finally {
      cups.admin('cupsenable', [QUEUE]);
    }
  });

  it('a queue that rejects jobs refuses the print with JOB_REFUSED', async () => {
    cups.admin('cupsreject', [QUEUE]);
    try {
      expect((await printers.printerStatus(QUEUE)).acceptingJobs).toBe(false);
      const e = await errorOf(printers.print({ printer: QUEUE, title: 'kit-refused', pdf: { data: await makePdf('A4', 1) } }));
      expect(e.code).toBe('JOB_REFUSED');
    } finally {
      cups.admin('cupsaccept', [QUEUE]);
    }
  });

  it('a printer that does not exist is NO_SUCH_PRINTER; a job that does not exist is NO_SUCH_JOB', async () => {
    expect((await errorOf(printers.printerStatus('Нет_такого'))).code).toBe('NO_SUCH_PRINTER');
    const e = await errorOf(printers.print({ printer: 'Нет_такого', title: 'x', pdf: { data: await makePdf('A4', 1) } }));
    expect(e.code).toBe('NO_SUCH_PRINTER');
    expect((await errorOf(printers.jobStatus({ printer: QUEUE, jobId: '99999' }))).code).toBe('NO_SUCH_JOB');
  });

  it('a name that is not a CUPS name never reaches a tool', async () => {
    for (const bad of ['-d', 'a b', 'a/b', '', 'x'.repeat(200)]) {
      expect((await errorOf(printers.printerStatus(bad))).code).toBe('INVALID_REQUEST');
    }
  });

  it('a scheduler that is not running is SPOOLER_NOT_RUNNING, not "no such printer"', async () => {
    const down = new CupsPrinterSystem({ server: join(cups.outputDir, 'no-such.sock') });
    expect((await errorOf(down.list())).code).toBe('SPOOLER_NOT_RUNNING');
    expect((await errorOf(down.printerStatus(QUEUE))).code).toBe('SPOOLER_NOT_RUNNING');
    expect((await errorOf(down.print({ printer: QUEUE, title: 't', pdf: { data: await makePdf('A4', 1) } }))).code).toBe(
      'SPOOLER_NOT_RUNNING',
    );
  });

  it('purgeQueue deletes the copies of printed documents CUPS keeps in its spool', async () => {
    const documents = () => readdirSync(cups.spoolDir).filter((n) => /^d\d+-\d+$/.test(n));
    // CUPS keeps each printed document for a day by default (PreserveJobFiles): the kits printed above are there.
    expect(documents().length).toBeGreaterThan(0);
    expect(readFileSync(join(cups.spoolDir, documents()[0])).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await printers.purgeQueue(QUEUE);
    expect(documents()).toEqual([]);
  });
});
