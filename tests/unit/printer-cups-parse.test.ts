import { describe, expect, it } from 'vitest';
import {
  isCupsPrinterName,
  parseCsv,
  parseIpptoolJob,
  parseIpptoolPrinter,
  parseLpRequestId,
  parseLpstatJob,
  parseLpstatPrinters,
} from '../../native/printer/cups-parse';
import { parseReason, parseReasons } from '../../native/printer/printer-reasons';

// Outputs recorded on Debian 12 (CUPS 2.4.2) against a private cupsd with two cups-pdf queues, LC_ALL=C, unless a
// comment says the text was written by hand.

const LPSTAT_L_P_A_D = `printer H9B disabled since Tue Dec  1 19:18:19 2026 -
\tnot now
\tForm mounted:
\tContent types: any
\tPrinter types: unknown
\tDescription: Кабинет 12, HP LaserJet
\tAlerts: paused
\tLocation: 
\tConnection: direct
\tInterface: /etc/cups/ppd/H9B.ppd
\tOn fault: no alert
\tAfter fault: continue
\tUsers allowed:
\t\t(all)
\tForms allowed:
\t\t(none)
\tBanner required
\tCharset sets:
\t\t(none)
\tDefault pitch:
\tDefault page size:
\tDefault port settings:
printer H9PDF is idle.  enabled since Tue Dec  1 19:17:20 2026
\tForm mounted:
\tContent types: any
\tPrinter types: unknown
\tDescription: H9PDF
\tAlerts: none
\tLocation: 
\tConnection: direct
\tInterface: /etc/cups/ppd/H9PDF.ppd
H9B not accepting requests since Tue Dec  1 19:18:19 2026 -
\tnot now
H9PDF accepting requests since Tue Dec  1 19:17:20 2026
system default destination: H9PDF
`;

describe('lpstat -l -p -a -d', () => {
  it('reads each queue: state, message, description, reasons, accepting, default', () => {
    expect(parseLpstatPrinters(LPSTAT_L_P_A_D)).toEqual([
      {
        name: 'H9B',
        description: 'Кабинет 12, HP LaserJet',
        isDefault: false,
        status: { state: 'stopped', reasons: [{ kind: 'paused', severity: 'error', raw: 'paused' }], message: 'not now', acceptingJobs: false },
      },
      {
        name: 'H9PDF',
        description: 'H9PDF',
        isDefault: true,
        status: { state: 'idle', reasons: [], message: null, acceptingJobs: true },
      },
    ]);
  });

  it('a printing queue with a paper-out alert (written by hand in lpstat\'s format)', () => {
    const out = 'printer Kab12 now printing Kab12-7.  enabled since Tue Dec  1 09:58:00 2026\n\tOut of paper\n\tDescription: Kab 12\n\tAlerts: media-empty-error media-needed\n';
    const [p] = parseLpstatPrinters(out);
    expect(p.status.state).toBe('printing');
    expect(p.status.message).toBe('Out of paper');
    expect(p.status.reasons.map((r) => r.kind)).toEqual(['media-empty', 'media-empty']);
  });

  it('"reason unknown" under a disabled queue is not a message; no printers at all is an empty list', () => {
    const [p] = parseLpstatPrinters('printer X disabled since Tue Dec  1 19:18:21 2026 -\n\treason unknown\n');
    expect(p.status).toEqual({ state: 'stopped', reasons: [], message: null, acceptingJobs: true });
    expect(parseLpstatPrinters('no system default destination\n')).toEqual([]);
  });

  it('leaves out names that are not CUPS names and caps what it keeps', () => {
    const out = ['printer a/b is idle.  enabled since x', 'printer -o is idle.  enabled since x', 'printer ok is idle.  enabled since x'].join('\n');
    expect(parseLpstatPrinters(out).map((p) => p.name)).toEqual(['ok']);
    const many = Array.from({ length: 300 }, (_, i) => `printer p${i} is idle.  enabled since x`).join('\n');
    expect(parseLpstatPrinters(many)).toHaveLength(200);
    expect(isCupsPrinterName('Кабинет_12')).toBe(true);
    expect(isCupsPrinterName('a#b')).toBe(false);
  });
});

describe('lp and lpstat jobs', () => {
  it('reads the job id from lp', () => {
    expect(parseLpRequestId('request id is H9PDF-22 (1 file(s))\n')).toBe('22');
    expect(parseLpRequestId('request id is Кабинет-12-5 (0 file(s))\n')).toBe('5');
    expect(parseLpRequestId('')).toBeNull();
  });

  const NOT_COMPLETED = `H9B-19                  root              2048   Tue Dec  1 19:18:21 2026
\tAlerts: none
\tqueued for H9B
H9B-20                  root              2048   Tue Dec  1 19:18:21 2026
\tAlerts: job-hold-until-specified
\tqueued for H9B
`;
  const COMPLETED = `H9B-21                  root              2048   Tue Dec  1 19:18:21 2026
\tAlerts: processing-to-stop-point
\tqueued for H9B
`;

  it('without ipptool: queued, held, printing, finished (unverified) or unknown', () => {
    expect(parseLpstatJob(NOT_COMPLETED, COMPLETED, 'H9B', '19', false)).toEqual({ state: 'pending', reasons: [], pagesCompleted: null });
    expect(parseLpstatJob(NOT_COMPLETED, COMPLETED, 'H9B', '19', true)?.state).toBe('processing');
    expect(parseLpstatJob(NOT_COMPLETED, COMPLETED, 'H9B', '20', false)?.state).toBe('held');
    // H9B-21 was cancelled: lpstat shows it exactly like a completed job, so it is flagged as unverified.
    expect(parseLpstatJob(NOT_COMPLETED, COMPLETED, 'H9B', '21', false)).toEqual({
      state: 'completed',
      reasons: ['lpstat-unverified'],
      pagesCompleted: null,
    });
    expect(parseLpstatJob(NOT_COMPLETED, COMPLETED, 'H9B', '2', false)).toBeNull();
  });
});

describe('ipptool -c', () => {
  it('reads a printer: the recorded idle and disabled answers', () => {
    expect(parseIpptoolPrinter('printer-name,printer-state,printer-state-reasons,printer-state-message,printer-is-accepting-jobs\nH9PDF,idle,none,,true\n')).toEqual({
      state: 'idle',
      reasons: [],
      message: null,
      acceptingJobs: true,
    });
    expect(
      parseIpptoolPrinter(
        'printer-name,printer-state,printer-state-reasons,printer-state-message,printer-is-accepting-jobs\nH9PDF,stopped,paused,"Бумага, кончилась",false\n',
      ),
    ).toEqual({ state: 'stopped', reasons: [{ kind: 'paused', severity: 'error', raw: 'paused' }], message: 'Бумага, кончилась', acceptingJobs: false });
  });

  it('several reasons in one quoted field (written by hand: a printer out of paper and offline)', () => {
    const s = parseIpptoolPrinter('printer-name,printer-state,printer-state-reasons,printer-state-message,printer-is-accepting-jobs\nK,processing,"media-empty-error,offline-report,toner-low-warning",,true\n');
    expect(s?.state).toBe('offline');
    expect(s?.reasons).toEqual([
      { kind: 'media-empty', severity: 'error', raw: 'media-empty-error' },
      { kind: 'offline-report', severity: 'error', raw: 'offline-report' },
      { kind: 'other', severity: 'warning', raw: 'toner-low-warning' },
    ]);
  });

  it('reads a job: the recorded completed and held answers; an unknown state is not a job', () => {
    const head = 'job-id,job-state,job-state-reasons,job-impressions-completed\n';
    expect(parseIpptoolJob(`${head}1,completed,processing-to-stop-point,2\n`)).toEqual({
      state: 'completed',
      reasons: ['processing-to-stop-point'],
      pagesCompleted: 2,
    });
    expect(parseIpptoolJob(`${head}18,pending-held,job-hold-until-specified,0\n`)?.state).toBe('held');
    expect(parseIpptoolJob(`${head}18,processing-stopped,printer-stopped,3\n`)?.state).toBe('processing');
    expect(parseIpptoolJob(`${head}5,stuck,none,1\n`)).toBeNull();
    expect(parseIpptoolJob('')).toBeNull();
  });

  it('CSV: quotes, doubled quotes, CRLF', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n1,2,3\r\n')).toEqual([
      ['a', 'b,c', 'd"e'],
      ['1', '2', '3'],
    ]);
  });
});

describe('printer-state-reasons', () => {
  it('maps keywords and suffixes to kinds and severities', () => {
    expect(parseReason('media-jam-error')).toEqual({ kind: 'media-jam', severity: 'error', raw: 'media-jam-error' });
    expect(parseReason('cover-open-warning')).toEqual({ kind: 'door-open', severity: 'warning', raw: 'cover-open-warning' });
    expect(parseReason('marker-supply-empty-error')?.kind).toBe('toner-empty');
    expect(parseReason('offline-report')).toEqual({ kind: 'offline-report', severity: 'error', raw: 'offline-report' });
    expect(parseReason('connecting-to-device')?.kind).toBe('offline-report');
    expect(parseReason('cups-insecure-filter-warning')).toEqual({ kind: 'other', severity: 'warning', raw: 'cups-insecure-filter-warning' });
    expect(parseReason('none')).toBeNull();
  });

  it('drops text that is not a keyword, and keeps at most 20', () => {
    // Only keyword-shaped words survive: "media-empty-error;", "-rf", "/" and the control character are dropped.
    expect(parseReasons('media-empty-error; rm -rf / \u0007bell').map((r) => r.raw)).toEqual(['rm']);
    expect(parseReasons(Array.from({ length: 50 }, (_, i) => `r${i}`).join(','))).toHaveLength(20);
  });
});
