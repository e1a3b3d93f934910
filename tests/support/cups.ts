import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A private CUPS scheduler for one test run (../shared/environment.md §e), never the system's: its own cupsd.conf
// and cups-files.conf (ServerRoot, spool, cache, state, logs under a temp folder), listening only on its own Unix
// socket; the tools reach it through CUPS_SERVER. It is started in the foreground and stopped by its PID.
//
// One thing cannot be private: the cups-pdf backend reads its configuration from /etc/cups only (the path is built
// in), so the run writes /etc/cups/cups-pdf-<suffix>.conf with a random suffix — pointing the queue's output at the
// run's folder — and deletes it at the end. That needs root, as CI runs.

export const CUPS_PDF_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';
const BINARIES = ['cupsd', 'lp', 'lpstat', 'lpadmin', 'cancel', 'cupsdisable', 'cupsenable', 'cupsreject', 'cupsaccept', 'pdfinfo', 'pdftoppm'];

function which(bin: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', bin], { encoding: 'utf8' }).status === 0;
}

/**
 * Why the CUPS tests cannot run here, or null when they can. Missing pieces skip the tests on a developer's machine;
 * under CI (CI is set) .ci/run installs them, so there this is thrown instead of skipped.
 */
export function cupsUnavailable(): string | null {
  const missing = BINARIES.filter((b) => !which(b));
  if (!existsSync('/usr/lib/cups/backend/cups-pdf') || !existsSync(CUPS_PDF_PPD)) missing.push('printer-driver-cups-pdf');
  let why: string | null = null;
  if (missing.length > 0) {
    why = `CUPS tests need ${missing.join(', ')}: apt-get install cups cups-ipp-utils printer-driver-cups-pdf poppler-utils`;
  } else {
    try {
      accessSync('/etc/cups', constants.W_OK);
    } catch {
      why = 'CUPS tests write /etc/cups/cups-pdf-<suffix>.conf (the cups-pdf backend reads only /etc/cups): run as root';
    }
  }
  if (why !== null && process.env.CI) throw new Error(why);
  return why;
}

export interface PrivateCups {
  /** The scheduler's socket: CUPS_SERVER for the tools, `server` for CupsPrinterSystem. */
  socket: string;
  /** Where the cups-pdf queues write their PDFs. */
  outputDir: string;
  spoolDir: string;
  env: NodeJS.ProcessEnv;
  /** Runs a CUPS admin tool against this scheduler (lpadmin, cupsdisable, ...). */
  admin(tool: string, args: string[]): string;
  /** Adds a cups-pdf queue writing into outputDir. */
  addPdfQueue(name: string, description: string): void;
  stop(): Promise<void>;
}

export async function startPrivateCups(): Promise<PrivateCups> {
  const dir = mkdtempSync(join(tmpdir(), 'ppe-cups-'));
  // CUPS runs its filters as the unprivileged user lp: they must reach the spool's temp folder under this one.
  chmodSync(dir, 0o755);
  const [root, spoolDir, cache, state, logs, outputDir] = ['root', 'spool', 'cache', 'state', 'log', 'out'].map((d) => join(dir, d));
  for (const d of [root, spoolDir, join(spoolDir, 'tmp'), cache, state, logs]) mkdirSync(d, { recursive: true });
  mkdirSync(outputDir, { mode: 0o755 });
  const socket = join(dir, 'cups.sock');
  writeFileSync(
    join(root, 'cupsd.conf'),
    [
      'LogLevel info',
      `Listen ${socket}`,
      'Browsing No',
      'WebInterface No',
      'DefaultAuthType None',
      '<Location />',
      '  Order allow,deny',
      '  Allow all',
      '</Location>',
      '<Policy default>',
      '  JobPrivateAccess all',
      '  JobPrivateValues none',
      '  SubscriptionPrivateAccess all',
      '  SubscriptionPrivateValues none',
      '  <Limit All>',
      '    Order deny,allow',
      '  </Limit>',
      '</Policy>',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'cups-files.conf'),
    [
      `ServerRoot ${root}`,
      `RequestRoot ${spoolDir}`,
      `TempDir ${join(spoolDir, 'tmp')}`,
      `CacheDir ${cache}`,
      `StateDir ${state}`,
      `AccessLog ${join(logs, 'access_log')}`,
      `ErrorLog ${join(logs, 'error_log')}`,
      `PageLog ${join(logs, 'page_log')}`,
      'SystemGroup root',
      '',
    ].join('\n'),
  );
  const suffix = `ppetest${randomBytes(4).toString('hex')}`;
  const pdfConf = `/etc/cups/cups-pdf-${suffix}.conf`;
  writeFileSync(pdfConf, `Out ${outputDir}\nAnonDirName ${outputDir}\n`);

  const env: NodeJS.ProcessEnv = { ...process.env, CUPS_SERVER: socket, LC_ALL: 'C', LANG: 'C' };
  let daemon: ChildProcess | null = spawn('cupsd', ['-f', '-c', join(root, 'cupsd.conf'), '-s', join(root, 'cups-files.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let daemonErr = '';
  daemon.stderr?.on('data', (b: Buffer) => (daemonErr += b.toString()));
  const exited = new Promise<void>((resolve) => daemon?.once('exit', () => resolve()));

  const cleanUp = () => {
    rmSync(pdfConf, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };

  // Ready when the scheduler answers on its socket.
  for (let i = 0; ; i++) {
    const r = spawnSync('lpstat', ['-r'], { env, encoding: 'utf8' });
    if (/scheduler is running/.test(r.stdout)) break;
    if (daemon.exitCode !== null || i > 200) {
      daemon.kill('SIGTERM');
      cleanUp();
      throw new Error(`private cupsd did not start: ${daemonErr.slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const admin = (tool: string, args: string[]) => execFileSync(tool, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    socket,
    outputDir,
    spoolDir,
    env,
    admin,
    addPdfQueue(name, description) {
      // lpadmin warns that PPD drivers are deprecated; the warning is harmless (stderr).
      admin('lpadmin', ['-p', name, '-E', '-v', `cups-pdf:/${suffix}`, '-P', CUPS_PDF_PPD, '-D', description]);
    },
    async stop() {
      if (daemon !== null && daemon.exitCode === null) {
        daemon.kill('SIGTERM');
        await exited;
      }
      daemon = null;
      cleanUp();
    },
  };
}
