import type { PrinterSystem } from './printer';
import { CupsPrinterSystem } from './cups-printer';
import { WindowsSpoolerSystem } from './windows-spooler';

/**
 * The real printer adapter for the operating system the app runs on, or null where there is none. Linux and macOS
 * both print through CUPS. Windows needs SumatraPDF's path (from the pdf-to-printer package, resolved by the app):
 * without it there is no Windows adapter, and the screen says printing is not set up rather than failing per job.
 */
export function platformPrinterSystem(
  platform: NodeJS.Platform = process.platform,
  options: { sumatraPath?: string } = {},
): PrinterSystem | null {
  if (platform === 'linux' || platform === 'darwin') return new CupsPrinterSystem();
  if (platform === 'win32' && options.sumatraPath !== undefined) return new WindowsSpoolerSystem({ sumatraPath: options.sumatraPath });
  return null;
}
