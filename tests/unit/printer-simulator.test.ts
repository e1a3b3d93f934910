import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobWatchdog } from '../../native/printer/job-watchdog';
import { pdfPageCount } from '../../native/printer/pdf-pages';
import type { PrintJob } from '../../native/printer/printer';
import { SimulatedPrinterSystem } from '../../native/printer/simulated-printer';

// The simulated printer used by the demo, training and the printing screen's tests: pages advance only when the test
// says so (advance()), the watchdog's clock is the test's, so nothing here depends on time.

function pdf(pages: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    for (let i = 0; i < pages; i++) doc.addPage({ size: 'A4', margin: 0 }).text(`page ${i + 1}`);
    doc.end();
  });
}

describe('simulated printer', () => {
  let dir: string;
  let now: number;
  let sim: SimulatedPrinterSystem;
  const P = 'Кабинет 12';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ppe-simprint-'));
    now = 0;
    sim = new SimulatedPrinterSystem({ outputDir: dir, printers: [{ name: P, description: 'Учебный' }], watchdog: new JobWatchdog(60_000, () => now) });
  });
  afterEach(() => {
    sim.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const drain = async () => {
    while ((await sim.advance()) > 0) {
      /* one page per call */
    }
  };

  it('prints a PDF page by page into the folder, the page count read from the PDF', async () => {
    const data = await pdf(3);
    expect(pdfPageCount(data)).toBe(3);
    const job = await sim.print({ printer: P, title: 'kit-0001', pdf: { data } });
    expect(await sim.jobStatus(job)).toMatchObject({ state: 'pending', pagesCompleted: 0 });
    await sim.advance();
    expect(await sim.jobStatus(job)).toMatchObject({ state: 'processing', pagesCompleted: 1 });
    expect((await sim.printerStatus(P)).state).toBe('printing');
    await drain();
    expect(await sim.jobStatus(job)).toMatchObject({ state: 'completed', pagesCompleted: 3 });
    const [file] = readdirSync(dir);
    expect(file).toBe(`kit-0001-job_${job.jobId}.pdf`);
    expect(readFileSync(join(dir, file)).equals(data)).toBe(true);
    expect(statSync(join(dir, file)).mode & 0o077).toBe(0);
    expect(await sim.list()).toEqual([
      { name: P, description: 'Учебный', isDefault: true, status: { state: 'idle', reasons: [], message: null, acceptingJobs: true } },
    ]);
  });

  it('paper out after N pages: stops with media-empty mid-job; loading paper resumes it to the end', async () => {
    sim.setFaults(P, { paperOutAfterPages: 2 });
    const job = await sim.print({ printer: P, title: 'kit', pdf: { data: await pdf(5) } });
    await drain();
    expect(await sim.printerStatus(P)).toMatchObject({ state: 'stopped', reasons: [{ kind: 'media-empty', raw: 'media-empty-error' }] });
    expect(await sim.jobStatus(job)).toMatchObject({ state: 'processing', pagesCompleted: 2 });
    sim.clearFaults(P);
    await drain();
    expect(await sim.jobStatus(job)).toMatchObject({ state: 'completed', pagesCompleted: 5 });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('a jam stops the printer with media-jam until cleared; offline shows offline and nothing moves', async () => {
    const job = await sim.print({ printer: P, title: 'kit', pdf: { data: await pdf(2) } });
    await sim.advance();
    sim.setFaults(P, { jamAtNextPage: true });
    await drain();
    expect(await sim.printerStatus(P)).toMatchObject({ state: 'stopped', reasons: [{ kind: 'media-jam' }] });
    sim.clearFaults(P);
    sim.setFaults(P, { offline: true });
    expect(await sim.advance()).toBe(0);
    expect(await sim.printerStatus(P)).toMatchObject({ state: 'offline', reasons: [{ kind: 'offline-report' }] });
    sim.clearFaults(P);
    await drain();
    expect((await sim.jobStatus(job)).state).toBe('completed');
  });

  it('a job failed mid-way is aborted with no output; the next job still prints', async () => {
    sim.setFaults(P, { failJobAfterPages: 2 });
    const failed = await sim.print({ printer: P, title: 'kit-a', pdf: { data: await pdf(4) } });
    const next = await sim.print({ printer: P, title: 'kit-b', pdf: { data: await pdf(1) } });
    await drain();
    expect(await sim.jobStatus(failed)).toMatchObject({ state: 'aborted', pagesCompleted: 2, reasons: ['aborted-by-system'] });
    expect((await sim.jobStatus(next)).state).toBe('completed');
    expect(readdirSync(dir)).toEqual([`kit-b-job_${next.jobId}.pdf`]);
  });

  it('a stuck job: the printer says idle, the job never moves, the watchdog calls it stuck; clearing lets it finish', async () => {
    sim.setFaults(P, { stuck: true });
    const job: PrintJob = await sim.print({ printer: P, title: 'kit', pdf: { data: await pdf(1) } });
    await sim.advance();
    expect((await sim.jobStatus(job)).state).toBe('processing');
    expect((await sim.printerStatus(P)).state).toBe('idle');
    now = 60_000;
    expect((await sim.jobStatus(job)).state).toBe('stuck');
    sim.clearFaults(P);
    await drain();
    expect((await sim.jobStatus(job)).state).toBe('completed');
  });

  it('typed errors: no such printer, no such job, refused, not a PDF; cancel stops a waiting job', async () => {
    await expect(sim.printerStatus('Нет')).rejects.toMatchObject({ code: 'NO_SUCH_PRINTER' });
    await expect(sim.jobStatus({ printer: P, jobId: '99' })).rejects.toMatchObject({ code: 'NO_SUCH_JOB' });
    await expect(sim.print({ printer: P, title: 'x', pdf: { data: Buffer.from('not a pdf') } })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    sim.setFaults(P, { refuseJobs: true });
    await expect(sim.print({ printer: P, title: 'x', pdf: { data: await pdf(1) } })).rejects.toMatchObject({ code: 'JOB_REFUSED' });
    sim.clearFaults(P);
    const job = await sim.print({ printer: P, title: 'x', pdf: { data: await pdf(1) } });
    await sim.cancel(job);
    await drain();
    expect((await sim.jobStatus(job)).state).toBe('canceled');
    expect(readdirSync(dir)).toEqual([]);
  });
});
