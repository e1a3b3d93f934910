import type { JobStateKind, PrinterInfo, PrinterStatus } from './printer';
import { parseReasons, stateWithReasons } from './printer-reasons';
import { isPrinterName, systemText } from './system-text';

// Parsers for what the CUPS tools print, run with LC_ALL=C (lpstat translates its words otherwise: "принтер X
// отключен"). Outputs seen on Debian 12, CUPS 2.4.2, are in tests/unit/printer-cups-parse.test.ts. Each parser keeps
// what it recognises and skips the rest, so a line it does not know never breaks a listing.

/** CUPS's own rule for queue names (lpadmin(8)): printable, no space, tab, '/' or '#'. */
export function isCupsPrinterName(name: string): boolean {
  return isPrinterName(name) && !/[\s/#\\'"]/.test(name);
}

/** `lp` prints "request id is PDF-12 (1 file(s))"; the number is the job id. */
export function parseLpRequestId(stdout: string): string | null {
  return /request id is \S+-([0-9]{1,10}) \(/.exec(stdout)?.[1] ?? null;
}

interface Block {
  head: string;
  lines: string[];
}

/** lpstat prints one unindented line per item, then tab-indented detail lines that belong to it. */
function blocks(stdout: string): Block[] {
  const out: Block[] = [];
  for (const line of stdout.split('\n').slice(0, 20_000)) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) out.at(-1)?.lines.push(line.trim());
    else out.push({ head: line, lines: [] });
  }
  return out;
}

const DETAIL_KEY = /^(Form mounted|Content types|Printer types|Description|Alerts|Location|Connection|Interface|On fault|After fault|Users allowed|Forms allowed|Banner required|Charset sets|Default pitch|Default page size|Default port settings|Status)\b/;

/**
 * `LC_ALL=C lpstat -l -p -a -d`: every queue with its state ("is idle", "now printing X-3", "disabled"), the
 * message under it, Description and Alerts (= printer-state-reasons); then "X accepting requests" or "X not
 * accepting requests"; then the default destination. Names that fail CUPS's rule are left out.
 */
export function parseLpstatPrinters(stdout: string): PrinterInfo[] {
  const printers = new Map<string, PrinterInfo>();
  const accepting = new Map<string, boolean>();
  let defaultName: string | null = null;
  for (const b of blocks(stdout)) {
    const p = /^printer (\S+) (is idle|now printing|disabled)/.exec(b.head);
    if (p) {
      const name = p[1];
      if (!isCupsPrinterName(name) || printers.size >= 200) continue;
      const detail = (key: string) => b.lines.find((l) => l.startsWith(`${key}:`))?.slice(key.length + 1).trim() ?? null;
      const reasons = parseReasons(detail('Alerts') ?? '');
      const base = p[2] === 'disabled' ? 'stopped' : p[2] === 'now printing' ? 'processing' : 'idle';
      const first = b.lines[0];
      const message = first !== undefined && !DETAIL_KEY.test(first) && first !== 'reason unknown' ? systemText(first) : null;
      printers.set(name, {
        name,
        description: systemText(detail('Description')),
        isDefault: false,
        status: { state: stateWithReasons(base, reasons), reasons, message, acceptingJobs: true },
      });
      continue;
    }
    const a = /^(\S+) (not )?accepting requests/.exec(b.head);
    if (a) {
      accepting.set(a[1], a[2] === undefined);
      continue;
    }
    const d = /^system default destination: (\S+)/.exec(b.head);
    if (d) defaultName = d[1];
  }
  return [...printers.values()].map((p) => ({
    ...p,
    isDefault: p.name === defaultName,
    status: { ...p.status, acceptingJobs: accepting.get(p.name) ?? true },
  }));
}

/** A small RFC 4180 reader for ipptool -c: fields may be quoted, with "" for a quote. At most 1,000 rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < 1_000; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The rows of `ipptool -c` as objects keyed by the header's attribute names. */
export function ipptoolRecords(stdout: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(stdout);
  if (header === undefined) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}

/** One Get-Printer-Attributes answer (see IPPTOOL_PRINTER_TEST in cups-printer.ts); null if it is not there. */
export function parseIpptoolPrinter(stdout: string): PrinterStatus | null {
  const r = ipptoolRecords(stdout)[0];
  if (r === undefined) return null;
  const base = r['printer-state'];
  if (base !== 'idle' && base !== 'processing' && base !== 'stopped') return null;
  const reasons = parseReasons(r['printer-state-reasons'] ?? '');
  return {
    state: stateWithReasons(base, reasons),
    reasons,
    message: systemText(r['printer-state-message']),
    acceptingJobs: r['printer-is-accepting-jobs'] !== 'false',
  };
}

const IPP_JOB_STATES: Record<string, JobStateKind> = {
  pending: 'pending',
  'pending-held': 'held',
  processing: 'processing',
  // The printer stopped under the job (paused, out of paper): still the job's turn, the printer's state says why.
  'processing-stopped': 'processing',
  canceled: 'canceled',
  aborted: 'aborted',
  completed: 'completed',
};

export interface ParsedJob {
  state: Exclude<JobStateKind, 'stuck'>;
  reasons: string[];
  pagesCompleted: number | null;
}

/** One Get-Job-Attributes answer (IPPTOOL_JOB_TEST); null if it is not there. */
export function parseIpptoolJob(stdout: string): ParsedJob | null {
  const r = ipptoolRecords(stdout)[0];
  const state = r === undefined ? undefined : IPP_JOB_STATES[r['job-state'] ?? ''];
  if (r === undefined || state === undefined || state === 'stuck') return null;
  const pages = /^[0-9]{1,9}$/.test(r['job-impressions-completed'] ?? '') ? Number(r['job-impressions-completed']) : null;
  return { state, reasons: reasonWords(r['job-state-reasons'] ?? ''), pagesCompleted: pages };
}

function reasonWords(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .filter((w) => /^[a-z0-9][a-z0-9._-]{0,99}$/.test(w) && w !== 'none')
    .slice(0, 20);
}

/**
 * The job in `LC_ALL=C lpstat -l -W <which> -o <printer>` output, when ipptool is not installed. lpstat cannot tell
 * a completed job from a canceled one (both show "processing-to-stop-point"), so a job found in the completed list is
 * `completed` with the reason `lpstat-unverified`: the caller must not count it as printed without a person's look.
 */
export function parseLpstatJob(
  notCompleted: string,
  completed: string,
  printer: string,
  jobId: string,
  nowPrinting: boolean,
): ParsedJob | null {
  const find = (out: string) => blocks(out).find((b) => b.head.split(/\s/)[0] === `${printer}-${jobId}`);
  const open = find(notCompleted);
  if (open) {
    const alerts = reasonWords(open.lines.find((l) => l.startsWith('Alerts:'))?.slice(7) ?? '');
    if (alerts.includes('job-hold-until-specified')) return { state: 'held', reasons: alerts, pagesCompleted: null };
    return { state: nowPrinting ? 'processing' : 'pending', reasons: alerts, pagesCompleted: null };
  }
  if (find(completed)) return { state: 'completed', reasons: ['lpstat-unverified'], pagesCompleted: null };
  return null;
}
