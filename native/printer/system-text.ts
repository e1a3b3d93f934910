import { PrinterError } from './printer-error';

// Names and messages from the spooler are outside input: a queue can be named by anyone with admin rights, a
// network printer names itself. They are capped and stripped of control characters before they reach the screen,
// the log or another command's arguments.

const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Printable text, at most `max` characters; null when nothing is left. */
export function systemText(value: string | null | undefined, max = 200): string | null {
  if (value === null || value === undefined) return null;
  const clean = value.replace(CONTROL_ALL, ' ').trim().slice(0, max).trim();
  return clean === '' ? null : clean;
}

/**
 * A printer name we will pass back to a tool: 1–127 printable characters that cannot be read as an option. The CUPS
 * adapter adds CUPS's own rule (no space, '/' or '#').
 */
export function isPrinterName(name: string): boolean {
  return name.length >= 1 && name.length <= 127 && !name.startsWith('-') && !CONTROL.test(name) && name.trim() === name;
}

export function requirePrinterName(name: string, extra?: (n: string) => boolean): string {
  if (!isPrinterName(name) || (extra !== undefined && !extra(name))) {
    throw new PrinterError('INVALID_REQUEST', `printer name ${JSON.stringify(name.slice(0, 140))}`);
  }
  return name;
}

/** A job title: 1–100 printable characters, not starting with '-'. */
export function requireJobTitle(title: string): string {
  if (title.length < 1 || title.length > 100 || title.startsWith('-') || CONTROL.test(title)) {
    throw new PrinterError('INVALID_REQUEST', `job title ${JSON.stringify(title.slice(0, 140))}`);
  }
  return title;
}

/** A job id is the spooler's number; anything else from a caller or a tool is refused. */
export function requireJobId(id: string): string {
  if (!/^[0-9]{1,10}$/.test(id)) throw new PrinterError('INVALID_REQUEST', `job id ${JSON.stringify(id.slice(0, 40))}`);
  return id;
}
