import { describe, expect, it } from 'vitest';
import { JobWatchdog } from '../../native/printer/job-watchdog';
import { PrinterError } from '../../native/printer/printer-error';
import type { RunTool, ToolOptions } from '../../native/printer/run-tool';
import {
  parseWindowsJobs,
  parseWindowsPrinters,
  SUMATRA_PRINT_SETTINGS,
  WINDOWS_JOBS_SCRIPT,
  WINDOWS_PRINTERS_SCRIPT,
  windowsJobState,
  WindowsSpoolerSystem,
} from '../../native/printer/windows-spooler';

// Not run on Windows in CI: the JSON below is written by hand in the shape the scripts print, from the documented
// Win32_Printer and Win32_PrintJob properties (PrinterStatus 3 idle / 4 printing / 7 offline; DetectedErrorState;
// PrinterState as the spooler's PRINTER_STATUS_* flags; StatusMask as JOB_STATUS_*).

const PRINTERS = JSON.stringify({
  spooler: 'Running',
  printers: [
    { name: 'HP LaserJet M404 (каб. 12)', comment: 'Кабинет 12', isDefault: true, printerStatus: 3, detectedErrorState: 2, printerState: 0, workOffline: false },
    { name: 'Kyocera', comment: null, isDefault: false, printerStatus: 1, detectedErrorState: 4, printerState: 0x10, workOffline: false },
    { name: 'Canon USB', comment: '', isDefault: false, printerStatus: 7, detectedErrorState: 9, printerState: 0x80, workOffline: false },
    { name: 'Brother', comment: null, isDefault: false, printerStatus: 1, detectedErrorState: 8, printerState: 0x8 | 0x2, workOffline: false },
    { name: 'Paused one', comment: null, isDefault: false, printerStatus: 3, detectedErrorState: 2, printerState: 0x1, workOffline: false },
    { name: 'Door', comment: null, isDefault: false, printerStatus: 1, detectedErrorState: 7, printerState: 0x400000, workOffline: false },
    { name: 'Printing', comment: null, isDefault: false, printerStatus: 4, detectedErrorState: 2, printerState: 0x400, workOffline: false },
    { name: '-evil', comment: null, isDefault: false, printerStatus: 3, detectedErrorState: 2, printerState: 0, workOffline: false },
  ],
});

describe('Win32_Printer', () => {
  it('maps status, error state and spooler flags to states and reasons', () => {
    const { spoolerRunning, printers } = parseWindowsPrinters(PRINTERS);
    expect(spoolerRunning).toBe(true);
    const by = Object.fromEntries(printers.map((p) => [p.name, p]));
    expect(by['HP LaserJet M404 (каб. 12)']).toEqual({
      name: 'HP LaserJet M404 (каб. 12)',
      description: 'Кабинет 12',
      isDefault: true,
      status: { state: 'idle', reasons: [], message: null, acceptingJobs: true },
    });
    expect(by.Kyocera.status.state).toBe('stopped');
    expect(by.Kyocera.status.reasons.map((r) => r.kind)).toEqual(['media-empty']);
    expect(by['Canon USB'].status.state).toBe('offline');
    expect(by.Brother.status.reasons.map((r) => r.kind)).toEqual(['media-jam']);
    expect(by['Paused one'].status).toMatchObject({ state: 'stopped', reasons: [{ kind: 'paused' }] });
    expect(by.Door.status.reasons.map((r) => r.kind)).toEqual(['door-open']);
    expect(by.Printing.status.state).toBe('printing');
    // A name that could be read as an option is left out.
    expect(by['-evil']).toBeUndefined();
  });

  it('a stopped spooler service says so', () => {
    expect(parseWindowsPrinters('{"spooler":"Stopped","printers":[]}').spoolerRunning).toBe(false);
  });
});

describe('Win32_PrintJob', () => {
  it('splits "<printer>, <id>" on the last comma and maps StatusMask', () => {
    const jobs = parseWindowsJobs(
      JSON.stringify([
        { name: 'HP, каб. 12, 14', jobId: 14, document: 'kit-0001.pdf', statusMask: 0x10, jobStatus: 'Printing', totalPages: 16, pagesPrinted: 3 },
        { name: 'Kyocera, 3', jobId: 3, document: 'kit-0002.pdf', statusMask: 0x40 | 0x2, jobStatus: 'Error | Paper Out', totalPages: 16, pagesPrinted: 0 },
        { name: 'broken', jobId: 0, document: null, statusMask: 0, jobStatus: null, totalPages: 0, pagesPrinted: 0 },
      ]),
    );
    expect(jobs.map((j) => [j.printer, j.jobId])).toEqual([
      ['HP, каб. 12', '14'],
      ['Kyocera', '3'],
    ]);
    expect(windowsJobState(jobs[0])).toEqual({ state: 'processing', reasons: [] });
    expect(windowsJobState(jobs[1])).toEqual({ state: 'processing', reasons: ['error', 'paper-out'] });
    expect(windowsJobState({ ...jobs[0], statusMask: 0x1 }).state).toBe('held');
    expect(windowsJobState({ ...jobs[0], statusMask: 0x4 }).state).toBe('canceled');
    expect(windowsJobState({ ...jobs[0], statusMask: 0x80 }).state).toBe('completed');
    expect(windowsJobState({ ...jobs[0], statusMask: 0x8 })).toEqual({ state: 'pending', reasons: ['spooling'] });
    expect(parseWindowsJobs('')).toEqual([]);
  });
});

/** A fake PowerShell/SumatraPDF: answers the two scripts from the current `jobs`, records every call. */
function fakeWindows(printers = PRINTERS) {
  const calls: Array<{ file: string; args: readonly string[]; options?: ToolOptions }> = [];
  const state = { jobs: [] as object[], onPrint: (): void => undefined };
  const run: RunTool = async (file, args, options) => {
    calls.push({ file, args, options });
    const script = args.at(-1);
    if (file === 'powershell.exe' && script === WINDOWS_PRINTERS_SCRIPT) return { stdout: printers, stderr: '', code: 0 };
    if (file === 'powershell.exe' && script === WINDOWS_JOBS_SCRIPT) return { stdout: JSON.stringify(state.jobs), stderr: '', code: 0 };
    if (file === 'C:\\app\\SumatraPDF.exe') {
      state.onPrint();
      return { stdout: '', stderr: '', code: 0 };
    }
    return { stdout: '', stderr: '', code: 0 };
  };
  return { run, calls, state };
}

describe('WindowsSpoolerSystem', () => {
  it('prints through SumatraPDF with noscale, A4, one copy, and finds its job by the file name', async () => {
    const fake = fakeWindows();
    fake.state.onPrint = () => {
      fake.state.jobs = [{ name: 'Kyocera, 41', jobId: 41, document: 'kit-0007.pdf', statusMask: 0x8, jobStatus: 'Spooling', totalPages: 0, pagesPrinted: 0 }];
    };
    const win = new WindowsSpoolerSystem({ sumatraPath: 'C:\\app\\SumatraPDF.exe', run: fake.run });
    const job = await win.print({ printer: 'Kyocera', title: 'kit-0007', pdf: { data: Buffer.from('%PDF-1.7\n') } });
    expect(job).toEqual({ printer: 'Kyocera', jobId: '41' });
    const sumatra = fake.calls.find((c) => c.file === 'C:\\app\\SumatraPDF.exe');
    expect(sumatra?.args.slice(0, 5)).toEqual(['-print-to', 'Kyocera', '-print-settings', SUMATRA_PRINT_SETTINGS, '-silent']);
    expect(SUMATRA_PRINT_SETTINGS).toBe('noscale,paper=A4,1x');
    expect(sumatra?.args[5]).toMatch(/kit-0007\.pdf$/);
  });

  it('a job that left the queue is completed (unverified) or canceled, from its last state seen', async () => {
    const fake = fakeWindows();
    const win = new WindowsSpoolerSystem({ sumatraPath: 'C:\\app\\SumatraPDF.exe', run: fake.run });
    fake.state.onPrint = () => {
      fake.state.jobs = [{ name: 'Kyocera, 5', jobId: 5, document: 'a.pdf', statusMask: 0x10, jobStatus: 'Printing', totalPages: 2, pagesPrinted: 1 }];
    };
    const job = await win.print({ printer: 'Kyocera', title: 'a', pdf: { data: Buffer.from('%PDF-') } });
    expect((await win.jobStatus(job)).state).toBe('processing');
    fake.state.jobs = [];
    expect(await win.jobStatus(job)).toEqual({ printer: 'Kyocera', jobId: '5', state: 'completed', reasons: ['left-queue-unverified'], pagesCompleted: 2 });
    await expect(win.jobStatus({ printer: 'Kyocera', jobId: '77' })).rejects.toMatchObject({ code: 'NO_SUCH_JOB' });
  });

  it('watchdog: the printer says Idle, the job says Printing, nothing moves — the job becomes stuck', async () => {
    let now = 0;
    const fake = fakeWindows();
    fake.state.onPrint = () => {
      fake.state.jobs = [{ name: 'HP LaserJet M404 (каб. 12), 9', jobId: 9, document: 'k.pdf', statusMask: 0x10, jobStatus: 'Printing', totalPages: 16, pagesPrinted: 0 }];
    };
    const win = new WindowsSpoolerSystem({ sumatraPath: 'C:\\app\\SumatraPDF.exe', run: fake.run, watchdog: new JobWatchdog(60_000, () => now) });
    const job = await win.print({ printer: 'HP LaserJet M404 (каб. 12)', title: 'k', pdf: { data: Buffer.from('%PDF-') } });
    expect((await win.jobStatus(job)).state).toBe('processing');
    now = 59_999;
    expect((await win.jobStatus(job)).state).toBe('processing');
    now = 60_000;
    expect((await win.jobStatus(job)).state).toBe('stuck');
    expect((await win.printerStatus('HP LaserJet M404 (каб. 12)')).state).toBe('idle');
  });

  it('errors: unknown printer, stopped spooler, a helper that is missing; cancel passes the name outside the script', async () => {
    const win = new WindowsSpoolerSystem({ sumatraPath: 'C:\\app\\SumatraPDF.exe', run: fakeWindows().run });
    await expect(win.printerStatus('Nope')).rejects.toMatchObject({ code: 'NO_SUCH_PRINTER' });
    const stopped = new WindowsSpoolerSystem({ sumatraPath: 'x', run: fakeWindows('{"spooler":"Stopped","printers":[]}').run });
    await expect(stopped.list()).rejects.toMatchObject({ code: 'SPOOLER_NOT_RUNNING' });
    const fake = fakeWindows();
    const w = new WindowsSpoolerSystem({ sumatraPath: 'x', run: fake.run });
    await w.cancel({ printer: "Kyocera'; Remove-Item C:\\ -Recurse; '", jobId: '5' });
    const call = fake.calls.at(-1);
    expect(call?.args.join(' ')).not.toContain('Remove-Item C:');
    expect(call?.options?.env?.PPE_PRINTER).toBe("Kyocera'; Remove-Item C:\\ -Recurse; '");
    const e = await w.print({ printer: 'Kyocera', title: '-x', pdf: { data: Buffer.from('%PDF-') } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PrinterError);
    expect((e as PrinterError).code).toBe('INVALID_REQUEST');
  });
});
