import type { CryptoSuite } from '../crypto/crypto-suite';
import type { CoreContext } from '../kernel/context';
import type { TokenDevices } from '../tokens/token-devices';
import type { PrinterSystem } from '../../native/printer/printer';

/** What the room station's printing needs from the app (app-core.ts builds it); shared by the service's parts. */
export interface PrintingDeps {
  ctx: CoreContext;
  dataDir: string;
  /** Checks the package manifest's RCOI signature (the packages' suite). */
  crypto: CryptoSuite;
  tokens: TokenDevices;
  /** The printers: the system's (CUPS, Windows spooler), the simulator in demo/training/tests, or none. */
  printers: PrinterSystem | null;
  /** The inserted transfer drive's mount point, or null (the package is copied from it at the first activation). */
  transferDriveRoot: () => string | null;
  /** How often a printing job is looked at (ms). */
  pollMs?: number;
  log?: { error(message: string, detail?: unknown): void };
}
