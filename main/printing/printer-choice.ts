import type { Db } from '../db/open-database';
import type { PrintingOverview } from '../ipc/slices/printing';
import { AppError } from '../kernel/app-error';
import { readSetting } from '../ppe/ppe-config';
import type { PrinterInfo, PrinterSystem } from '../../native/printer/printer';
import { printerFault } from './printer-faults';

/**
 * Which printer this station prints kits on: the organiser's choice, kept in `setting` so that a restart mid-morning
 * prints on the same one, and the printers the system offers, as the screen lists them.
 */
export const PRINTER_SETTING = 'printing_printer';

export type PrinterChoice = PrintingOverview['printers'][number];

/** The chosen printer's name, or null while none is chosen. */
export function chosenPrinter(db: Db): string | null {
  return readSetting(db, PRINTER_SETTING);
}

/** The chosen printer's name, or PRINTING_NO_PRINTER when none is chosen or there are no printers at all. */
export function requirePrinter(db: Db, printers: PrinterSystem | null): string {
  const name = chosenPrinter(db);
  if (!printers || !name) throw new AppError('PRINTING_NO_PRINTER');
  return name;
}

/**
 * The printers the system offers, each with the faults it reports now. A spooler that cannot list them gives an
 * empty list: the screen then says no printer was found, which is what the organiser can act on.
 */
export async function printerChoices(system: PrinterSystem | null): Promise<PrinterChoice[]> {
  if (!system) return [];
  let list: PrinterInfo[];
  try {
    list = await system.list();
  } catch {
    return [];
  }
  return list.map((p) => choiceOf(p, system.kind === 'simulated'));
}

function choiceOf(p: PrinterInfo, simulated: boolean): PrinterChoice {
  const fault = printerFault(p.name, p.status);
  const state = p.status.state === 'offline' ? 'stopped' : p.status.state;
  return { name: p.name, isDefault: p.isDefault, state, problems: fault ? [fault.toPayload()] : [], simulated };
}
