import { parseArgs } from 'node:util';
import { UsageError, usageErrors } from './cli-usage';

export const BRIDGE_USAGE = `Приложение ППЭ в браузере (мост) / the PPE app in a browser (bridge)
Использование / usage: node dist/main/bridge/cli.js [параметры / options]
  --data-dir <папка>        папка данных (по умолчанию data рядом с приложением) / data folder (default: data beside the app)
  --port <число>            порт на 127.0.0.1, 0 — любой свободный / port on 127.0.0.1, 0: any free one
  --rcoi-url <адрес>        адрес РЦОИ / the RCOI address
  --idle-lock-seconds <с>   блокировка после бездействия, секунд / lock after so many idle seconds
  --demo                    учебный ППЭ, если папка данных пуста / the training PPE if the data folder is empty
  --no-sync                 без фоновой связи с РЦОИ / no background sync with RCOI
  --open                    открыть окно в браузере / open the window in a browser
  --tickets <число>         сколько одноразовых ссылок напечатать, 1–64 / how many one-time links to print, 1–64
  --drives-folder <папка>   флеш-накопители — папки в ней (учебный режим, тесты) / flash drives as folders (training, tests)
  --printer simulated       учебный принтер вместо системных (учебный режим, тесты) / the simulated printer instead of the system's
  --clock-start <ISO>       часы идут с этого момента / the clock runs from this instant
  --manual-clock            часы стоят и идут только по «advance <мс>» на входе; только учебный ППЭ /
                            the clock moves only on «advance <ms>» on standard input; training stations only
  --help                    эта справка / this help`;

export interface BridgeArgs {
  help: boolean;
  dataDir: string | null;
  port: number;
  rcoiUrl: string | null;
  idleLockSeconds: number | undefined;
  demo: boolean;
  noSync: boolean;
  open: boolean;
  tickets: number;
  drivesFolder: string | null;
  /** 'simulated': the training printer (demo, e2e); null: the operating system's printers. */
  printer: 'simulated' | null;
  clockStart: Date | null;
  manualClock: boolean;
}

/** The browser shell's command line, checked: throws UsageError for an unknown option or a value it cannot use. */
export function parseBridgeArgs(argv: string[]): BridgeArgs {
  const { values } = usageErrors(() =>
    parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '0' },
        'rcoi-url': { type: 'string' },
        'idle-lock-seconds': { type: 'string' },
        // Start as the training PPE (demo data, demo RCOI key) if the data folder is empty. Without it a fresh folder
        // is a station that is not set up, as the packaged app is: its first screen offers training mode.
        demo: { type: 'boolean', default: false },
        // Without the background sync worker: RCOI is contacted only when a person asks (tests of manual imports).
        'no-sync': { type: 'boolean', default: false },
        open: { type: 'boolean', default: false },
        // Each printed URL carries a one-time ticket: a test that opens several pages asks for several.
        tickets: { type: 'string', default: '1' },
        // Folder-backed flash drives (tests, demos): <folder>/<name>/ is a drive, <name>.drive.json what it pretends to be.
        'drives-folder': { type: 'string' },
        // The simulated printer (native/printer/simulated-printer.ts) for the demo and the end-to-end tests.
        printer: { type: 'string' },
        // Tests and rehearsals: the clock starts at this instant (ISO) and runs on from there.
        'clock-start': { type: 'string' },
        // End-to-end tests of what time does: the clock stands still (at --clock-start, or now) and moves only when the
        // starting process writes `advance <ms>` on standard input (manual-clock.ts). A training station only.
        'manual-clock': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }),
  );
  return {
    help: values.help,
    dataDir: values['data-dir'] ?? null,
    port: wholeNumber('--port', values.port, 0, 65535),
    rcoiUrl: values['rcoi-url'] ?? null,
    idleLockSeconds: values['idle-lock-seconds'] === undefined ? undefined : wholeNumber('--idle-lock-seconds', values['idle-lock-seconds'], 1, 86_400),
    demo: values.demo,
    noSync: values['no-sync'],
    open: values.open,
    tickets: wholeNumber('--tickets', values.tickets, 1, 64),
    drivesFolder: values['drives-folder'] ?? null,
    printer: printerArg(values.printer),
    clockStart: values['clock-start'] === undefined ? null : parseInstant(values['clock-start']),
    manualClock: values['manual-clock'],
  };
}

function printerArg(text: string | undefined): 'simulated' | null {
  if (text === undefined || text === 'system') return null;
  if (text === 'simulated') return 'simulated';
  throw new UsageError(`--printer: simulated or system, not ${text}`);
}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${name}: not a whole number from ${min} to ${max}: ${text}`);
  return n;
}

function parseInstant(text: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) throw new UsageError(`--clock-start: not an ISO instant: ${text}`);
  return at;
}
