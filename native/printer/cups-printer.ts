import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrinterError } from './printer-error';
import type { JobStatus, PrintJob, PrintRequest, PrinterInfo, PrinterStatus, PrinterSystem } from './printer';
import {
  isCupsPrinterName,
  parseIpptoolJob,
  parseIpptoolPrinter,
  parseLpRequestId,
  parseLpstatJob,
  parseLpstatPrinters,
  type ParsedJob,
} from './cups-parse';
import { JobWatchdog } from './job-watchdog';
import { runTool, ToolFailure, type RunTool, type ToolResult } from './run-tool';
import { requireJobId, requireJobTitle, requirePrinterName, systemText } from './system-text';

// CUPS, on Linux and macOS: lp to print, lpstat and ipptool to read state, cancel to cancel. Every call is execFile
// with an argument array (run-tool.ts), bounded, with LC_ALL=C so lpstat's words are the ones the parsers know.
//
// Printer and job state come from IPP through ipptool when it is installed (Debian: cups-ipp-utils; macOS: part of
// the OS): exact printer-state-reasons (media-empty-error, media-jam-error, offline-report...), job-state and pages
// done. Without ipptool, `lpstat -l -p` gives the same reasons ("Alerts:"), but jobs only as queued or finished.

/**
 * Options that keep a kit at its true size. Measured on CUPS 2.4.2 + cups-filters 1.28 (tests/integration/
 * printer-cups.test.ts): `print-scaling=none` is what pdftopdf honours — a US Letter page sent without it is
 * enlarged 6 % onto A4 (print-scaling defaults to "auto", which fills); `fit-to-page=false` and `scaling=100` change
 * nothing there. fit-to-page=false is kept for older CUPS filters that only know that name.
 */
export const CUPS_PRINT_OPTIONS = ['-n', '1', '-o', 'media=A4', '-o', 'print-scaling=none', '-o', 'fit-to-page=false'];

const PRINTER_ATTRIBUTES = ['printer-name', 'printer-state', 'printer-state-reasons', 'printer-state-message', 'printer-is-accepting-jobs'];
const JOB_ATTRIBUTES = ['job-id', 'job-state', 'job-state-reasons', 'job-impressions-completed'];

/** An ipptool test file: one request, the attributes printed as CSV. */
function ipptoolTest(operation: string, uriAttr: string, attrs: string[]): string {
  return [
    '{',
    `OPERATION ${operation}`,
    'GROUP operation-attributes-tag',
    'ATTR charset attributes-charset utf-8',
    'ATTR naturalLanguage attributes-natural-language en',
    `ATTR uri ${uriAttr} $uri`,
    `ATTR keyword requested-attributes ${attrs.join(',')}`,
    'STATUS successful-ok',
    ...attrs.map((a) => `DISPLAY ${a}`),
    '}',
    '',
  ].join('\n');
}
export const IPPTOOL_PRINTER_TEST = ipptoolTest('Get-Printer-Attributes', 'printer-uri', PRINTER_ATTRIBUTES);
export const IPPTOOL_JOB_TEST = ipptoolTest('Get-Job-Attributes', 'job-uri', JOB_ATTRIBUTES);

/**
 * ipptool reads its test from a file. Not /dev/stdin: Node gives a child's stdin as a socket, which cannot be opened
 * by path, and ipptool then silently runs nothing (exit 0, no output). So each call writes the constant test (no kit
 * data) into a private folder and removes it when ipptool is done: nothing is left in the temp folder.
 */
async function withIpptoolTest<T>(test: string, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ppe-ipptool-'));
  try {
    const file = join(dir, 'request.test');
    await writeFile(file, test, { mode: 0o600 });
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface CupsOptions {
  run?: RunTool;
  /**
   * The scheduler to talk to, as CUPS_SERVER takes it: a socket path or host[:port]. Default: the process's
   * CUPS_SERVER, else the system's (localhost:631 for ipptool). Tests point it at a private cupsd.
   */
  server?: string;
  timeoutMs?: number;
  watchdog?: JobWatchdog;
}

const NOT_RUNNING = /scheduler is not running|unable to connect|bad file descriptor|connection refused|host is down|no such file or directory/i;
const NO_PRINTER = /does not exist|invalid destination|unknown destination|not found/i;

export class CupsPrinterSystem implements PrinterSystem {
  readonly kind = 'cups' as const;
  private readonly run: RunTool;
  private readonly server: string | undefined;
  private readonly timeoutMs: number;
  private readonly watchdog: JobWatchdog;
  private ipptool: boolean | null = null;

  constructor(options: CupsOptions = {}) {
    this.run = options.run ?? runTool;
    this.server = options.server ?? process.env.CUPS_SERVER;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.watchdog = options.watchdog ?? new JobWatchdog();
  }

  async list(): Promise<PrinterInfo[]> {
    const r = await this.tool('lpstat', ['-l', '-p', '-a', '-d']);
    if (r.code !== 0 && /no destinations added/i.test(r.stderr)) return [];
    // lpstat still prints "no system default destination" when the scheduler is down: its stderr decides.
    if (r.code !== 0 && (r.stdout.trim() === '' || NOT_RUNNING.test(r.stderr))) throw this.errorOf(r, 'lpstat');
    return parseLpstatPrinters(r.stdout);
  }

  async printerStatus(printer: string): Promise<PrinterStatus> {
    const name = requirePrinterName(printer, isCupsPrinterName);
    const ipp = await this.ipp(this.uri(`printers/${encodeURIComponent(name)}`), 'printer');
    if (ipp !== null) {
      const status = parseIpptoolPrinter(ipp.stdout);
      if (ipp.code === 0 && status !== null) return status;
      throw await this.ippError(ipp, 'NO_SUCH_PRINTER');
    }
    const r = await this.tool('lpstat', ['-l', '-p', name, '-a', name]);
    const found = parseLpstatPrinters(r.stdout).find((p) => p.name === name);
    if (found === undefined) throw this.errorOf(r, 'lpstat', 'NO_SUCH_PRINTER');
    return found.status;
  }

  async print(request: PrintRequest): Promise<PrintJob> {
    const name = requirePrinterName(request.printer, isCupsPrinterName);
    const title = requireJobTitle(request.title);
    const args = ['-d', name, '-t', title, ...CUPS_PRINT_OPTIONS];
    // Bytes go through lp's stdin: nothing of the kit is written to a file of ours (CUPS spools its own copy).
    const r =
      'data' in request.pdf
        ? await this.tool('lp', args, request.pdf.data)
        : await this.tool('lp', [...args, '--', request.pdf.path]);
    const jobId = r.code === 0 ? parseLpRequestId(r.stdout) : null;
    if (jobId === null) throw await this.lpError(r);
    return { printer: name, jobId };
  }

  async jobStatus(job: PrintJob): Promise<JobStatus> {
    const name = requirePrinterName(job.printer, isCupsPrinterName);
    const id = requireJobId(job.jobId);
    const parsed = await this.readJob(name, id);
    const key = `${name}-${id}`;
    const state = this.watchdog.observe(key, parsed.state, `${parsed.pagesCompleted ?? ''}|${parsed.reasons.join(',')}`);
    return { printer: name, jobId: id, state, reasons: parsed.reasons, pagesCompleted: parsed.pagesCompleted };
  }

  async cancel(job: PrintJob): Promise<void> {
    const name = requirePrinterName(job.printer, isCupsPrinterName);
    const id = requireJobId(job.jobId);
    const r = await this.tool('cancel', [`${name}-${id}`]);
    // A job that finished before the cancel arrived is not an error: there is nothing left to stop.
    if (r.code !== 0 && !/already (completed|canceled|aborted)/i.test(r.stderr)) {
      throw this.errorOf(r, 'cancel', /job #?\d+ does not exist/i.test(r.stderr) ? 'NO_SUCH_JOB' : 'FAILED');
    }
    this.watchdog.forget(`${name}-${id}`);
  }

  /**
   * Cancels every job of the queue and deletes CUPS's copies of their documents (`cancel -a -x`). CUPS keeps a
   * printed job's document in its spool for a day by default (PreserveJobFiles 86400), readable by root and lp; a
   * room station calls this when the room's printing is done. It also cancels jobs still waiting: only for an idle
   * queue.
   */
  async purgeQueue(printer: string): Promise<void> {
    const name = requirePrinterName(printer, isCupsPrinterName);
    const r = await this.tool('cancel', ['-a', '-x', name]);
    if (r.code !== 0) throw this.errorOf(r, 'cancel', 'NO_SUCH_PRINTER');
  }

  private async readJob(name: string, id: string): Promise<ParsedJob> {
    const ipp = await this.ipp(this.uri(`jobs/${id}`), 'job');
    if (ipp !== null) {
      const parsed = parseIpptoolJob(ipp.stdout);
      if (ipp.code === 0 && parsed !== null) return parsed;
      throw await this.ippError(ipp, 'NO_SUCH_JOB');
    }
    const open = await this.tool('lpstat', ['-l', '-W', 'not-completed', '-o', name]);
    const done = await this.tool('lpstat', ['-l', '-W', 'completed', '-o', name]);
    const printing = await this.tool('lpstat', ['-p', name]);
    const nowPrinting = printing.stdout.includes(`now printing ${name}-${id}.`);
    const parsed = parseLpstatJob(open.stdout, done.stdout, name, id, nowPrinting);
    if (parsed === null) throw this.errorOf(open.code !== 0 ? open : done, 'lpstat', 'NO_SUCH_JOB');
    return parsed;
  }

  /** ipptool's answer, or null when ipptool is not installed (remembered, so it is looked for once). */
  private async ipp(uri: string, test: 'printer' | 'job'): Promise<ToolResult | null> {
    if (this.ipptool === false) return null;
    try {
      const seconds = String(Math.max(1, Math.ceil(this.timeoutMs / 1000)));
      const r = await withIpptoolTest(test === 'printer' ? IPPTOOL_PRINTER_TEST : IPPTOOL_JOB_TEST, (file) =>
        this.tool('ipptool', ['-T', seconds, '-c', uri, file], undefined, true),
      );
      this.ipptool = true;
      return r;
    } catch (e) {
      if (e instanceof ToolFailure && e.reason === 'missing') {
        this.ipptool = false;
        return null;
      }
      throw e;
    }
  }

  private uri(resource: string): string {
    const server = this.server?.trim() || 'localhost:631';
    // A socket path goes in the host part, percent-encoded, as CUPS's own URIs do ("ipp://%2Frun%2Fcups%2Fcups.sock/").
    const host = server.startsWith('/') ? encodeURIComponent(server) : server;
    return `ipp://${host}/${resource}`;
  }

  private async tool(file: string, args: string[], input?: Buffer | string, rawMissing = false): Promise<ToolResult> {
    const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANG: 'C' };
    if (this.server !== undefined && this.server.trim() !== '') env.CUPS_SERVER = this.server;
    try {
      return await this.run(file, args, { timeoutMs: this.timeoutMs, maxBytes: 2 * 1024 * 1024, input, env });
    } catch (e) {
      if (e instanceof ToolFailure && e.reason === 'missing' && rawMissing) throw e;
      if (e instanceof ToolFailure && e.reason === 'timeout') throw new PrinterError('TIMEOUT', file, { cause: e });
      if (e instanceof ToolFailure && e.reason === 'missing') throw new PrinterError('TOOL_MISSING', file, { cause: e });
      throw new PrinterError('FAILED', file, { cause: e });
    }
  }

  private errorOf(r: ToolResult, tool: string, fallback: 'NO_SUCH_PRINTER' | 'NO_SUCH_JOB' | 'FAILED' = 'FAILED'): PrinterError {
    const said = systemText(r.stderr || r.stdout, 300) ?? `${tool} exit ${r.code}`;
    if (NOT_RUNNING.test(said)) return new PrinterError('SPOOLER_NOT_RUNNING', said);
    if (/not accepting/i.test(said)) return new PrinterError('JOB_REFUSED', said);
    if (fallback === 'FAILED' && NO_PRINTER.test(said)) return new PrinterError('NO_SUCH_PRINTER', said);
    return new PrinterError(fallback, said);
  }

  /** lp says "printer does not exist" even when the scheduler is down: ask the scheduler before blaming the name. */
  private async lpError(r: ToolResult): Promise<PrinterError> {
    const e = this.errorOf(r, 'lp');
    if (e.code !== 'NO_SUCH_PRINTER' && e.code !== 'FAILED') return e;
    return (await this.schedulerRunning()) ? e : new PrinterError('SPOOLER_NOT_RUNNING', e.detail);
  }

  private async ippError(r: ToolResult, missing: 'NO_SUCH_PRINTER' | 'NO_SUCH_JOB'): Promise<PrinterError> {
    const said = systemText(r.stderr || r.stdout, 300) ?? `ipptool exit ${r.code}`;
    if (NO_PRINTER.test(said) && (await this.schedulerRunning())) return new PrinterError(missing, said);
    if (NOT_RUNNING.test(said) || !(await this.schedulerRunning())) return new PrinterError('SPOOLER_NOT_RUNNING', said);
    return new PrinterError('FAILED', said);
  }

  private async schedulerRunning(): Promise<boolean> {
    const r = await this.tool('lpstat', ['-r']);
    return /scheduler is running/i.test(r.stdout);
  }
}
