import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { PrinterError } from './printer-error';
import type {
  JobStatus,
  PrintJob,
  PrintRequest,
  PrinterInfo,
  PrinterReason,
  PrinterStatus,
  PrinterSystem,
} from './printer';
import { JobWatchdog } from './job-watchdog';
import { runTool, ToolFailure, type RunTool, type ToolResult } from './run-tool';
import { requireJobId, requireJobTitle, requirePrinterName, systemText } from './system-text';

// The Windows spooler. Printing: SumatraPDF's command line (`-print-to NAME -print-settings "noscale,paper=A4,1x"
// -silent FILE`), the engine the pdf-to-printer package bundles; its path is injected (the app resolves it inside
// pdf-to-printer's dist folder), so this file adds no dependency. `noscale` keeps barcodes at their true size.
// State: PowerShell + CIM (Win32_Printer, Win32_PrintJob), one JSON document per call; printer names are never put
// into the script — the script lists everything and the filtering happens here — so a name cannot inject code.
//
// Not run on Windows in CI (the build machines are Linux); the parsers are tested on recorded output shaped like the
// documented CIM classes (tests/unit/printer-windows.test.ts). A switched-off USB printer often keeps reporting
// "Idle": the JobWatchdog turns a job that makes no progress into `stuck`.

const PS_PRELUDE = ["$ErrorActionPreference = 'Stop'", '[Console]::OutputEncoding = [System.Text.Encoding]::UTF8'];

/** Spooler service state plus every printer, as one JSON object. */
export const WINDOWS_PRINTERS_SCRIPT = [
  ...PS_PRELUDE,
  "$spooler = try { (Get-Service -Name Spooler).Status.ToString() } catch { 'Missing' }",
  '$printers = @()',
  "if ($spooler -eq 'Running') {",
  '  $printers = @(Get-CimInstance Win32_Printer | ForEach-Object { [pscustomobject]@{ name = $_.Name; comment = $_.Comment; isDefault = $_.Default; printerStatus = $_.PrinterStatus; detectedErrorState = $_.DetectedErrorState; printerState = $_.PrinterState; workOffline = $_.WorkOffline } })',
  '}',
  'ConvertTo-Json -InputObject ([pscustomobject]@{ spooler = $spooler; printers = @($printers) }) -Compress -Depth 4',
].join('\n');

/** Every job in every queue (Win32_PrintJob.Name is "<printer>, <id>"). */
export const WINDOWS_JOBS_SCRIPT = [
  ...PS_PRELUDE,
  '$jobs = @(Get-CimInstance Win32_PrintJob | ForEach-Object { [pscustomobject]@{ name = $_.Name; jobId = $_.JobId; document = $_.Document; statusMask = $_.StatusMask; jobStatus = $_.JobStatus; totalPages = $_.TotalPages; pagesPrinted = $_.PagesPrinted } })',
  'ConvertTo-Json -InputObject @($jobs) -Compress',
].join('\n');

/** SumatraPDF print settings: no scaling, A4, one copy. */
export const SUMATRA_PRINT_SETTINGS = 'noscale,paper=A4,1x';

const Count = z.union([z.number(), z.string(), z.null()]).optional().transform((v) => (v === null || v === undefined || v === '' ? 0 : Number(v) || 0));

const PrinterRow = z.object({
  name: z.string(),
  comment: z.string().nullish(),
  isDefault: z.boolean().nullish(),
  printerStatus: Count,
  detectedErrorState: Count,
  printerState: Count,
  workOffline: z.boolean().nullish(),
});
const PrintersOutput = z.object({ spooler: z.string(), printers: z.array(PrinterRow) });

const JobRow = z.object({
  name: z.string(),
  jobId: Count,
  document: z.string().nullish(),
  statusMask: Count,
  jobStatus: z.string().nullish(),
  totalPages: Count,
  pagesPrinted: Count,
});

// Spooler printer status flags (MS-RPRN 2.2.3.12, PRINTER_STATUS_*).
const PS = {
  PAUSED: 0x1,
  ERROR: 0x2,
  PAPER_JAM: 0x8,
  PAPER_OUT: 0x10,
  OFFLINE: 0x80,
  PRINTING: 0x400,
  PROCESSING: 0x4000,
  NO_TONER: 0x40000,
  USER_INTERVENTION: 0x100000,
  DOOR_OPEN: 0x400000,
};
// Win32_Printer.DetectedErrorState.
const DES = { NO_PAPER: 4, NO_TONER: 6, DOOR_OPEN: 7, JAMMED: 8, OFFLINE: 9 };
// Win32_Printer.PrinterStatus.
const STATUS = { PRINTING: 4, STOPPED: 6, OFFLINE: 7 };
// Win32_PrintJob.StatusMask (JOB_STATUS_*).
const JS = {
  PAUSED: 0x1,
  ERROR: 0x2,
  DELETING: 0x4,
  SPOOLING: 0x8,
  PRINTING: 0x10,
  OFFLINE: 0x20,
  PAPEROUT: 0x40,
  PRINTED: 0x80,
  DELETED: 0x100,
  BLOCKED_DEVQ: 0x200,
  USER_INTERVENTION: 0x400,
  RESTART: 0x800,
  COMPLETE: 0x1000,
};

export interface WindowsPrinters {
  spoolerRunning: boolean;
  printers: PrinterInfo[];
}

function reason(kind: PrinterReason['kind'], raw: string): PrinterReason {
  return { kind, severity: 'error', raw };
}

export function windowsPrinterStatus(row: z.infer<typeof PrinterRow>): PrinterStatus {
  const flags = row.printerState;
  const des = row.detectedErrorState;
  const reasons: PrinterReason[] = [];
  const offline = row.printerStatus === STATUS.OFFLINE || row.workOffline === true || (flags & PS.OFFLINE) !== 0 || des === DES.OFFLINE;
  if (offline) reasons.push(reason('offline-report', 'offline'));
  if ((flags & PS.PAPER_OUT) !== 0 || des === DES.NO_PAPER) reasons.push(reason('media-empty', 'paper-out'));
  if ((flags & PS.PAPER_JAM) !== 0 || des === DES.JAMMED) reasons.push(reason('media-jam', 'paper-jam'));
  if ((flags & PS.DOOR_OPEN) !== 0 || des === DES.DOOR_OPEN) reasons.push(reason('door-open', 'door-open'));
  if ((flags & PS.NO_TONER) !== 0 || des === DES.NO_TONER) reasons.push(reason('toner-empty', 'no-toner'));
  if ((flags & PS.PAUSED) !== 0) reasons.push(reason('paused', 'paused'));
  if ((flags & PS.USER_INTERVENTION) !== 0) reasons.push(reason('other', 'user-intervention'));
  if ((flags & PS.ERROR) !== 0 && reasons.length === 0) reasons.push(reason('other', 'error'));
  const blocking = reasons.some((r) => r.kind !== 'other') || row.printerStatus === STATUS.STOPPED;
  const printing = row.printerStatus === STATUS.PRINTING || (flags & (PS.PRINTING | PS.PROCESSING)) !== 0;
  return {
    state: offline ? 'offline' : blocking ? 'stopped' : printing ? 'printing' : 'idle',
    reasons,
    message: null,
    acceptingJobs: true,
  };
}

/** The printers script's JSON; names that fail validation are left out. */
export function parseWindowsPrinters(json: string): WindowsPrinters {
  const out = PrintersOutput.parse(JSON.parse(json));
  const printers: PrinterInfo[] = [];
  for (const row of out.printers.slice(0, 200)) {
    const name = row.name.trim();
    if (name !== row.name || name.length === 0 || name.length > 127 || name.startsWith('-') || /[\u0000-\u001f]/.test(name)) continue;
    printers.push({ name, description: systemText(row.comment), isDefault: row.isDefault === true, status: windowsPrinterStatus(row) });
  }
  return { spoolerRunning: out.spooler === 'Running', printers };
}

export interface WindowsJob {
  printer: string;
  jobId: string;
  document: string | null;
  statusMask: number;
  status: string | null;
  totalPages: number;
  pagesPrinted: number;
}

export function parseWindowsJobs(json: string): WindowsJob[] {
  const rows = z.array(JobRow).parse(JSON.parse(json.trim() === '' ? '[]' : json));
  return rows.slice(0, 2_000).flatMap((r) => {
    // "HP LaserJet, 12": the printer is everything before the last comma.
    const cut = r.name.lastIndexOf(',');
    if (cut <= 0 || r.jobId <= 0) return [];
    return [
      {
        printer: r.name.slice(0, cut),
        jobId: String(Math.trunc(r.jobId)),
        document: systemText(r.document),
        statusMask: r.statusMask,
        status: systemText(r.jobStatus, 100),
        totalPages: r.totalPages,
        pagesPrinted: r.pagesPrinted,
      },
    ];
  });
}

/** The state of a job still in the queue. */
export function windowsJobState(job: WindowsJob): { state: 'pending' | 'held' | 'processing' | 'canceled' | 'completed'; reasons: string[] } {
  const m = job.statusMask;
  const reasons: string[] = [];
  if (m & JS.ERROR) reasons.push('error');
  if (m & JS.OFFLINE) reasons.push('offline');
  if (m & JS.PAPEROUT) reasons.push('paper-out');
  if (m & JS.USER_INTERVENTION) reasons.push('user-intervention');
  if (m & JS.BLOCKED_DEVQ) reasons.push('blocked');
  if (m & (JS.DELETING | JS.DELETED)) return { state: 'canceled', reasons: [...reasons, 'deleted'] };
  if (m & (JS.PRINTED | JS.COMPLETE)) return { state: 'completed', reasons };
  if (m & JS.PAUSED) return { state: 'held', reasons: [...reasons, 'paused'] };
  if (m & (JS.PRINTING | JS.RESTART)) return { state: 'processing', reasons };
  if (reasons.length > 0) return { state: 'processing', reasons };
  return { state: 'pending', reasons: m & JS.SPOOLING ? ['spooling'] : reasons };
}

export interface WindowsSpoolerOptions {
  /** SumatraPDF.exe, as bundled by pdf-to-printer (node_modules/pdf-to-printer/dist/SumatraPDF-*.exe, unpacked). */
  sumatraPath: string;
  run?: RunTool;
  timeoutMs?: number;
  watchdog?: JobWatchdog;
}

interface Tracked {
  lastSeen: WindowsJob | null;
}

export class WindowsSpoolerSystem implements PrinterSystem {
  readonly kind = 'windows' as const;
  private readonly run: RunTool;
  private readonly timeoutMs: number;
  private readonly watchdog: JobWatchdog;
  /** Jobs this adapter submitted: a finished job leaves the Windows queue, so its last reading tells how it ended. */
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly options: WindowsSpoolerOptions) {
    this.run = options.run ?? runTool;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.watchdog = options.watchdog ?? new JobWatchdog();
  }

  async list(): Promise<PrinterInfo[]> {
    const out = parseWindowsPrinters(await this.powershell(WINDOWS_PRINTERS_SCRIPT));
    if (!out.spoolerRunning) throw new PrinterError('SPOOLER_NOT_RUNNING', 'Spooler service is not running');
    return out.printers;
  }

  async printerStatus(printer: string): Promise<PrinterStatus> {
    const name = requirePrinterName(printer);
    const found = (await this.list()).find((p) => p.name === name);
    if (found === undefined) throw new PrinterError('NO_SUCH_PRINTER', name);
    return found.status;
  }

  async print(request: PrintRequest): Promise<PrintJob> {
    const name = requirePrinterName(request.printer);
    const title = requireJobTitle(request.title);
    await this.printerStatus(name);
    const before = new Set((await this.jobs()).filter((j) => j.printer === name).map((j) => j.jobId));
    // SumatraPDF names the spool job after the file: a private folder and the title as file name let us find it.
    const dir = await mkdtemp(join(tmpdir(), 'ppe-print-'));
    const file = join(dir, `${title.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80)}.pdf`);
    try {
      if ('data' in request.pdf) await writeFile(file, request.pdf.data, { mode: 0o600 });
      const source = 'data' in request.pdf ? file : request.pdf.path;
      const r = await this.tool(this.options.sumatraPath, ['-print-to', name, '-print-settings', SUMATRA_PRINT_SETTINGS, '-silent', source]);
      if (r.code !== 0) throw new PrinterError('JOB_REFUSED', systemText(r.stderr, 300) ?? `SumatraPDF exit ${r.code}`);
      const base = source.split(/[\\/]/).pop() ?? '';
      const job = (await this.jobs()).find((j) => j.printer === name && !before.has(j.jobId) && (j.document ?? '').includes(base));
      // Already printed and gone from the queue (a fast printer): job "0" is reported as completed-unverified.
      const jobId = job?.jobId ?? '0';
      this.tracked.set(`${name}-${jobId}`, { lastSeen: job ?? null });
      return { printer: name, jobId };
    } finally {
      // The spooler has its own copy once SumatraPDF returns; ours goes now.
      await rm(dir, { recursive: true, force: true });
    }
  }

  async jobStatus(job: PrintJob): Promise<JobStatus> {
    const name = requirePrinterName(job.printer);
    const id = requireJobId(job.jobId);
    const key = `${name}-${id}`;
    const found = id === '0' ? undefined : (await this.jobs()).find((j) => j.printer === name && j.jobId === id);
    const tracked = this.tracked.get(key);
    if (found === undefined) {
      if (tracked === undefined) throw new PrinterError('NO_SUCH_JOB', key);
      const last = tracked.lastSeen;
      this.watchdog.forget(key);
      // Left the queue. Windows keeps no history: how it ended is read from its last state seen.
      if (last !== null && (last.statusMask & (JS.DELETING | JS.DELETED)) !== 0) return this.status(name, id, 'canceled', ['deleted'], last.pagesPrinted);
      if (last !== null && (last.statusMask & JS.ERROR) !== 0) return this.status(name, id, 'aborted', ['error'], last.pagesPrinted);
      return this.status(name, id, 'completed', ['left-queue-unverified'], last?.totalPages || null);
    }
    this.tracked.set(key, { lastSeen: found });
    const { state, reasons } = windowsJobState(found);
    const shown = this.watchdog.observe(key, state, `${found.pagesPrinted}|${found.statusMask}`);
    return this.status(name, id, shown, reasons, found.pagesPrinted);
  }

  async cancel(job: PrintJob): Promise<void> {
    const name = requirePrinterName(job.printer);
    const id = requireJobId(job.jobId);
    // The name and id reach the fixed script through the environment, never spliced into its text (everything after
    // -Command is joined into the command itself, so they cannot be arguments either).
    const script = [...PS_PRELUDE, 'Remove-PrintJob -PrinterName $env:PPE_PRINTER -ID ([int]$env:PPE_JOB_ID)'].join('\n');
    const r = await this.tool('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script], {
      ...process.env,
      PPE_PRINTER: name,
      PPE_JOB_ID: id,
    });
    if (r.code !== 0 && !/not found|cannot find/i.test(r.stderr)) throw new PrinterError('FAILED', systemText(r.stderr, 300));
  }

  private status(printer: string, jobId: string, state: JobStatus['state'], reasons: string[], pages: number | null): JobStatus {
    return { printer, jobId, state, reasons, pagesCompleted: pages };
  }

  private async jobs(): Promise<WindowsJob[]> {
    return parseWindowsJobs(await this.powershell(WINDOWS_JOBS_SCRIPT));
  }

  private async powershell(script: string): Promise<string> {
    const r = await this.tool('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script]);
    if (r.code !== 0) {
      const said = systemText(r.stderr, 300) ?? `powershell exit ${r.code}`;
      throw new PrinterError(/RPC server|spooler/i.test(said) ? 'SPOOLER_NOT_RUNNING' : 'FAILED', said);
    }
    return r.stdout;
  }

  private async tool(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<ToolResult> {
    try {
      return await this.run(file, args, { timeoutMs: this.timeoutMs, maxBytes: 4 * 1024 * 1024, env });
    } catch (e) {
      if (e instanceof ToolFailure && e.reason === 'timeout') throw new PrinterError('TIMEOUT', file, { cause: e });
      if (e instanceof ToolFailure && e.reason === 'missing') throw new PrinterError('TOOL_MISSING', file, { cause: e });
      throw new PrinterError('FAILED', file, { cause: e });
    }
  }
}
