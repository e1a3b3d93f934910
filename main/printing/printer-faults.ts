import { AppError } from '../kernel/app-error';
import type { PrinterStatus } from '../../native/printer/printer';
import { PrinterError } from '../../native/printer/printer-error';

/**
 * What stops the room's queue, from the printer's own state (native/printer reasons): paper out, jam, offline, an
 * open door, no toner, a queue paused in the system. Warnings (toner low) and reports do not stop it. Null: print on.
 */
export function printerFault(printer: string, status: PrinterStatus): AppError | null {
  const raw = (kind: string) => status.reasons.find((r) => r.kind === kind)?.raw;
  const stopping = (kind: string) => status.reasons.some((r) => r.kind === kind && (r.severity === 'error' || kind === 'offline-report'));
  if (status.state === 'offline' || stopping('offline-report')) return new AppError('PRINTER_OFFLINE', { printer, raw: raw('offline-report') });
  if (stopping('media-empty')) return new AppError('PRINTER_PAPER_OUT', { printer, raw: raw('media-empty') });
  if (stopping('media-jam')) return new AppError('PRINTER_JAM', { printer, raw: raw('media-jam') });
  if (stopping('door-open')) return new AppError('PRINTER_DOOR_OPEN', { printer, raw: raw('door-open') });
  if (stopping('toner-empty')) return new AppError('PRINTER_TONER_EMPTY', { printer, raw: raw('toner-empty') });
  if (status.state === 'stopped') return new AppError('PRINTER_PAUSED', { printer, raw: raw('paused') });
  return null;
}

/** A spooler failure (not running, tools missing, no such printer, refused) as the queue's fault. */
export function spoolerProblem(printer: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof PrinterError) return new AppError('PRINTER_UNAVAILABLE', { printer, reason: e.code, detail: e.detail?.slice(0, 200) });
  return new AppError('PRINTER_UNAVAILABLE', { printer, reason: 'FAILED', detail: e instanceof Error ? e.message.slice(0, 200) : undefined });
}
