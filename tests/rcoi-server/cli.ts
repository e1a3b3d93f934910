import { readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSigningKey, loadDemoSigningKey } from './bundle-signer';
import { addDays, buildDemoBundles, loadDemoDataset, localDateIn } from './demo-bundles';
import { buildDemoPackageSpecs } from './demo-packages';
import { demoPpeConfig } from './ppe-configs';
import { reportUsageError, USAGE_EXIT, UsageError, usageErrors } from '../../main/bridge/cli-usage';
import { runBridgeCli } from '../../main/bridge/run-bridge';
import { startRcoiServer, type RcoiServer } from './server';

export const USAGE = `Учебный сервер РЦОИ (эталон для тестов и демонстрации) / the reference RCOI server (tests and demos)
Использование / usage: node dist/tests/rcoi-server/cli.js [параметры / options]
  --port <число>            порт на 127.0.0.1, 0 — любой свободный (4710) / port on 127.0.0.1, 0: any free one (4710)
  --db <файл>               база данных сервера / the server's database file
  --demo                    опубликовать списки, пакеты и код подключения учебного ППЭ /
                            publish the training PPE's lists, packages and enrolment code
  --today <ГГГГ-ММ-ДД>      «сегодня» учебного ППЭ / the training PPE's today (YYYY-MM-DD)
  --package-kit-kib <КиБ>   КиБ на комплект в учебных пакетах, не меньше; 1–8192 (64) / KiB a kit in the demo packages, at least; 1–8192 (64)
  --tls-cert <файл>         сертификат PEM: слушать по HTTPS (с --tls-key) / PEM certificate: serve HTTPS (with --tls-key)
  --tls-key <файл>          закрытый ключ PEM к сертификату / the certificate's PEM private key
  --with-app                запустить и приложение в браузере / start the app in a browser too
  --help                    эта справка / this help`;

/** Small, so that the demo's packages build at start-up and download in about a second. */
const DEFAULT_PACKAGE_KIT_KIB = 64;

export interface CliOptions {
  port: number;
  dbFile: string;
  demo: boolean;
  today?: string;
  /** KiB of encrypted material per kit in the demo's internet packages. */
  packageKitKib: number;
  withApp: boolean;
  /** --tls-cert / --tls-key: serve HTTPS (the HQ set-up of a real PPE reaches RCOI over HTTPS only). */
  tls?: { certFile: string; keyFile: string };
  /** --help: the entry point prints USAGE and starts nothing. */
  help: boolean;
}

export function parseCliArgs(argv: string[]): CliOptions {
  const { values } = usageErrors(() => parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4710' },
      db: { type: 'string', default: join(tmpdir(), 'ppe-rcoi-reference.sqlite') },
      demo: { type: 'boolean', default: false },
      today: { type: 'string' },
      'package-kit-kib': { type: 'string', default: String(DEFAULT_PACKAGE_KIT_KIB) },
      'with-app': { type: 'boolean', default: false },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new UsageError(`--port: not a port number: ${values.port}`);
  if (values.today !== undefined) {
    try {
      addDays(values.today, 0); // throws on a malformed or impossible date
    } catch {
      throw new UsageError(`--today: not a date YYYY-MM-DD: ${values.today}`);
    }
  }
  const packageKitKib = Number(values['package-kit-kib']);
  // The package builder holds a pack (5 kits) in memory and takes at most 8 MiB a kit.
  if (!/^\d+$/.test(values['package-kit-kib']) || packageKitKib < 1 || packageKitKib > 8192) {
    throw new UsageError(`--package-kit-kib: not a whole number of KiB from 1 to 8192: ${values['package-kit-kib']}`);
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  const tls = values['tls-cert'] && values['tls-key'] ? { certFile: values['tls-cert'], keyFile: values['tls-key'] } : undefined;
  return { port, dbFile: values.db, demo: values.demo, today: values.today, packageKitKib, withApp: values['with-app'], tls, help: values.help };
}

/** Publishes every demo exam's bundle unless that exact version is already in the database. */
function publishDemoBundles(server: RcoiServer, today: string | undefined): string {
  const dataset = loadDemoDataset();
  const day0 = today ?? localDateIn(dataset.ppe.timeZone);
  let added = 0;
  for (const payload of buildDemoBundles(dataset, { today: day0 })) {
    if (server.store.has(payload.bundleId)) continue;
    server.publish(payload);
    added++;
  }
  return `demo PPE ${dataset.region.code}/${dataset.ppe.code}, today ${day0} (${dataset.ppe.timeZone}): ` +
    `${added} bundle(s) published, ${dataset.exams.length - added} already there`;
}

/**
 * Publishes an internet package for every demo exam still to come, listed from its working-day publication date in
 * the PPE's zone, unless one for that exam (date, subject, form) is already in the database: a restart on the same
 * --db publishes nothing twice.
 */
function publishDemoPackages(server: RcoiServer, today: string | undefined, kitKib: number): string {
  const dataset = loadDemoDataset();
  const day0 = today ?? localDateIn(dataset.ppe.timeZone);
  const specs = buildDemoPackageSpecs(dataset, { today: day0, bytesPerKit: kitKib * 1024 });
  const published: string[] = [];
  for (const spec of specs) {
    if (server.packages.hasExam(spec.regionCode, spec.ppeCode, spec.exam)) continue;
    server.publishPackage(spec);
    published.push(`${spec.exam.date} subject ${spec.exam.subjectCode} ${spec.exam.dayKind} from ${spec.availableFrom}`);
  }
  return `demo PPE ${dataset.region.code}/${dataset.ppe.code}: ${published.length} package(s) published ` +
    `(${kitKib} KiB a kit${published.length > 0 ? `; ${published.join(', ')}` : ''}), ` +
    `${specs.length - published.length} already there, ${dataset.exams.length - specs.length} past exam(s) need none`;
}

/**
 * The demo PPE's enrolment code (42/0412, the PPE of assets/demo). Reusable, unlike a real one: every demo app
 * (each e2e test, each reset of the demo's data) enrols its own new key with it.
 */
export const DEMO_ENROLMENT = { regionCode: '42', ppeCode: '0412', code: 'DEMO-0412-2026' } as const;

/** What RCOI tells an HQ station of the demo PPE at set-up (rooms, permanent staff, schedule from today). */
function registerDemoPpe(server: RcoiServer, today: string | undefined): string {
  const dataset = loadDemoDataset();
  const config = server.registerPpe(demoPpeConfig(dataset, today ?? localDateIn(dataset.ppe.timeZone)));
  return `demo PPE ${config.regionCode}/${config.ppeCode} configuration for HQ set-up: ${config.auditoriums.length} rooms, ` +
    `${config.staff.length} permanent staff, ${config.exams.length} exams`;
}

function createDemoEnrolmentCode(server: RcoiServer): string {
  const { regionCode, ppeCode, code } = DEMO_ENROLMENT;
  const entry = server.createEnrolmentCode(regionCode, ppeCode, code, { reusable: true });
  return `demo enrolment code ${entry.code} for ${regionCode}/${ppeCode}${entry.reusable ? ' (reusable)' : ''}`;
}

/** Starts the server as the command line asks and returns it; the caller decides when to close it. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<RcoiServer> {
  const options = parseCliArgs(argv);
  // Outside the demo nobody must trust what this server signs, so it gets a throwaway key.
  const signingKey = options.demo ? loadDemoSigningKey() : generateSigningKey();
  const tls = options.tls && { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) };
  const server = await startRcoiServer({ dbFile: options.dbFile, port: options.port, signingKey, tls });
  try {
    if (options.demo) {
      console.error(publishDemoBundles(server, options.today));
      console.error(publishDemoPackages(server, options.today, options.packageKitKib));
      console.error(createDemoEnrolmentCode(server));
      console.error(registerDemoPpe(server, options.today));
    }
    console.error(`database: ${options.dbFile}`);
  } catch (error) {
    await server.close();
    throw error;
  }
  console.log(`RCOI reference server listening on ${server.url}`);
  if (!options.withApp) return server;
  // `npm run demo`: the app in the browser shell, pointed at this server, stopped together with it.
  // The demo PPE, asked for explicitly: a fresh app is otherwise a station that is not set up.
  const app = await runBridgeCli(['--rcoi-url', server.url, '--demo', '--open']);
  // close is a plain property of the server object; wrapping it (rather than spreading the object) keeps the
  // live db / store getters that restart() relies on.
  const closeServer = server.close;
  server.close = async () => {
    await app.stop();
    await closeServer();
  };
  return server;
}

function stopOnSignals(server: RcoiServer): void {
  const stop = (signal: NodeJS.Signals): void => {
    console.error(`${signal}: stopping`);
    server.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** True when this file is the program node was started with, not a module imported by a test. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** --help prints the usage (exit 0); arguments it cannot use are said in words with the usage (exit 2), no stack. */
function helpOrUsageError(argv: string[]): boolean {
  try {
    if (!parseCliArgs(argv).help) return false;
  } catch (e) {
    if (!reportUsageError(e, USAGE)) throw e;
    process.exit(USAGE_EXIT);
  }
  console.log(USAGE);
  process.exit(0);
}

if (isEntryPoint() && !helpOrUsageError(process.argv.slice(2))) {
  main().then(stopOnSignals, (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    process.exit(1);
  });
}
