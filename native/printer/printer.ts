// Printers (принтеры) in the rooms: the organiser prints each participant's kit as a finished A4 PDF handed to the
// operating system's spooler with an explicit printer and explicit options, then follows the job until it is done.
// This file is the interface only; adapters (CUPS, the Windows spooler, a simulator) live next to it.
//
// Not Electron's webContents.print: its silent/deviceName/pageSize handling of PDFs broke across versions
// (../shared/devices.md), and it cannot tell a jam from a finished job.

/** What the printer is doing, as a person would say it. `stopped` is paused by someone or by the spooler. */
export type PrinterStateKind = 'idle' | 'printing' | 'stopped' | 'offline';

/**
 * Why, when something is wrong: IPP printer-state-reasons (RFC 8011 §5.4.12) on CUPS, the spooler's status flags on
 * Windows. `raw` is the reason as the system said it (capped), kept for the log and the hotline.
 */
export type PrinterReasonKind =
  | 'media-empty'
  | 'media-jam'
  | 'door-open'
  | 'toner-empty'
  | 'offline-report'
  | 'paused'
  | 'other';

export interface PrinterReason {
  kind: PrinterReasonKind;
  /** IPP's suffix: -error stops printing, -warning does not, -report is information. None means error-ish. */
  severity: 'error' | 'warning' | 'report';
  raw: string;
}

export interface PrinterStatus {
  state: PrinterStateKind;
  reasons: PrinterReason[];
  /** The spooler's own words (CUPS printer-state-message), capped; null when it says nothing. */
  message: string | null;
  /** False when the queue refuses new jobs (cupsreject, or a Windows printer marked so). */
  acceptingJobs: boolean;
}

export interface PrinterInfo {
  /** The queue name the system knows it by; validated (printable, capped) before it is ever used. */
  name: string;
  description: string | null;
  isDefault: boolean;
  status: PrinterStatus;
}

/**
 * A job as the spooler reports it, plus `stuck`: pending or processing with no progress for longer than the watchdog
 * allows (a switched-off USB printer on Windows keeps reporting "ready", and a CUPS backend can wait forever).
 */
export type JobStateKind = 'pending' | 'held' | 'processing' | 'completed' | 'canceled' | 'aborted' | 'stuck';

export interface JobStatus {
  printer: string;
  jobId: string;
  state: JobStateKind;
  /** IPP job-state-reasons or Windows JobStatus words, capped; for the log. */
  reasons: string[];
  /** Pages (impressions) the spooler says are done, when it says; null when it does not know. */
  pagesCompleted: number | null;
}

export interface PrintRequest {
  printer: string;
  /** Shown in the queue and used by cups-pdf for the output name: printable, at most 100 characters. */
  title: string;
  /** A finished PDF: a path, or the bytes (sent through the spooler's stdin where it can, so no temp file). */
  pdf: { path: string } | { data: Buffer };
}

export interface PrintJob {
  printer: string;
  jobId: string;
}

/**
 * Every adapter prints exactly one copy on A4 with no scaling: a barcode shrunk by "fit to page" may not scan, and a
 * second copy would be a kit number printed twice.
 */
export interface PrinterSystem {
  /** Which spooler this is, for the log and the diagnostics screen. */
  readonly kind: 'cups' | 'windows' | 'simulated';
  list(): Promise<PrinterInfo[]>;
  printerStatus(printer: string): Promise<PrinterStatus>;
  print(request: PrintRequest): Promise<PrintJob>;
  jobStatus(job: PrintJob): Promise<JobStatus>;
  cancel(job: PrintJob): Promise<void>;
}

export { PrinterError, type PrinterErrorCode } from './printer-error';
