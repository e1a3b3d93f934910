import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AuthService } from '../auth/auth-service';
import { SessionStore } from '../auth/sessions';
import { BundleService } from '../bundles/bundle-service';
import { defaultCryptoSuite } from '../crypto/crypto-suite';
import { loadMigrations, migrate } from '../db/migrate';
import { openDatabase, type Db } from '../db/open-database';
import { loadDemoDataset, seedDemo } from '../demo/seed-demo';
import { AppError } from '../kernel/app-error';
import { appendJournal } from '../journal/append';
import { eventChannels, type EventChannel, type Result } from '../ipc/contract';
import { assertJournalEntry } from '../ipc/journal-actions';
import { findAppRoot } from '../kernel/app-root';
import { systemClock, type Clock } from '../kernel/clock';
import { SYSTEM_ACTOR, type CoreContext } from '../kernel/context';
import { Dispatcher, type Handlers } from './dispatcher';
import type { Logger } from '../kernel/logger';
import { EventBus } from '../kernel/event-bus';
import { createHandlers } from './handlers';
import { FormsService } from '../forms/forms-service';
import { printLogsOn } from '../printing/print-log';
import { readSetting, readSetupState } from '../ppe/ppe-config';
import { fileKeyProtector, type KeyProtector } from '../sync/key-store';
import { SyncWorker, type SyncWorkerOptions } from '../sync/sync-worker';
import { DriveService } from '../packages/drive-service';
import { PackageService } from '../packages/package-service';
import type { DriveProvider } from '../../native/drives/drive';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { platformDriveProvider } from '../../native/drives/platform-provider';
import { throttleParts } from '../packages/packages-changed';
import { buildPackagesExams } from '../packages/packages-overview';
import { AttentionService } from '../attention/attention-service';
import { StationsService, stationsAppliers } from '../stations/stations-service';
import { RoomSetupService } from '../stations/room-setup-service';
import { stationDrives } from '../stations/station-drives';
import { finishHeadquarters, setUpHeadquarters, type HqSetupChoice, type HqSetupRequest } from '../stations/hq-setup';
import { TransferDesk, type TransferAppliers } from '../transfer/transfer-desk';
import { loadTransferSetup } from '../stations/transfer-setup';
import { anchorsAppliers } from '../anchors/room-anchors';
import { AnchorService } from '../anchors/anchor-service';
import { TokenDevices, type TokenOptions } from '../tokens/token-devices';
import { TokenService } from '../tokens/token-service';
import { readLibrarySetting } from '../tokens/library-setting';
import { PrintingService } from '../printing/printing-service';
import { knownDrives } from '../packages/package-rows';
import type { PrinterSystem } from '../../native/printer/printer';
import { platformPrinterSystem } from '../../native/printer/platform-printer';
import { SimulatedPrinterSystem } from '../../native/printer/simulated-printer';
import { ExamKeyService } from '../exam-keys/exam-key-service';
import { askRcoiForExamKey } from '../exam-keys/rcoi-key-client';
import { examKeysAppliers, writeRoomExamKeys } from '../exam-keys/room-exam-key';

export interface CoreOptions {
  dataDir: string;
  transport: 'electron' | 'bridge';
  appVersion?: string;
  appRoot?: string;
  /** better_sqlite3.node for Electron's ABI; omitted under plain Node. */
  nativeBinding?: string;
  clock?: Clock;
  idleLockSeconds?: number;
  /**
   * Seed the demo PPE into an empty database. Off by default: a fresh install — the packaged app included — is
   * "not set up", pins no key, and offers training mode on its first screen as an explicit choice. The browser
   * shell's --demo, `npm run demo` and the tests ask for it.
   */
  demo?: boolean;
  /** Where the (reference) RCOI server answers; overrides the demo's default. */
  rcoiUrl?: string | null;
  /** Seals the station's private key: Electron's safeStorage; the browser shell and tests use a file key. */
  keyProtector?: KeyProtector;
  /** Run the sync worker in the background (the app does; most tests step it by hand). */
  sync?: boolean | Partial<Omit<SyncWorkerOptions, 'dataDir' | 'keys' | 'bundles'>>;
  log?: Logger;
  /** Where flash drives come from: undefined — the OS's adapter; null — none (most tests). */
  drives?: DriveProvider | null;
  /** Folder-backed drives instead (the demo, the e2e tests); in training mode the screen can insert and pull them. */
  drivesFolder?: string;
  drivePollMs?: number;
  /** How long a drive check may read nothing before the drive counts as stuck (DriveServiceOptions.checkStallMs). */
  driveCheckStallMs?: number;
  /**
   * The GEK members' tokens (main/tokens/token-devices.ts): a PKCS#11 library that wins over the setting and the
   * known places, the environment it reads (SoftHSM2's SOFTHSM2_CONF in tests), the call timeout, whether training
   * offers simulated tokens.
   */
  tokens?: TokenOptions;
  /**
   * The room's printers (main/printing): the operating system's (CUPS, the Windows spooler) by default; 'simulated'
   * for the demo, training and the end-to-end tests (the bridge's --printer simulated: pages come out every 300 ms into
   * <data>/training-printer); a PrinterSystem of the test's own (a scripted simulator); null for none.
   */
  printer?: 'system' | 'simulated' | PrinterSystem | null;
  /** How often the printing runner looks at a job (ms); tests make it short. */
  printPollMs?: number;
}

export interface AppCore {
  dispatch(sessionKey: string, channel: unknown, request: unknown): Promise<Result<unknown>>;
  events: EventBus;
  /** A window or connection went away: its session ends and that is journaled. */
  endSession(sessionKey: string): void;
  /** Whether a window or connection may be sent this event now (its access rule in the contract). */
  mayReceive(sessionKey: string, event: EventChannel): boolean;
  /** Locks idle sessions now, as the five-second timer does; the bridge's test clock calls it after moving time. */
  sweepIdle(): void;
  db: Db;
  sync: SyncWorker;
  packages: PackageService;
  drives: DriveService;
  /** GEK members' tokens: issue 12 signs through `tokens.sign(actor, staffId, pin, data)`. */
  tokens: TokenService;
  /** Signed journal anchors (main/anchors): tests call `tick()` after moving the clock. */
  anchors: AnchorService;
  close(): Promise<void>;
}

export const DEFAULT_IDLE_LOCK_SECONDS = 10 * 60;
/** Packages appear once a day at most; asking every ten minutes finds them well before anyone needs them. */
const PACKAGE_LIST_REFRESH_MS = 10 * 60 * 1000;

/** Opens the database, brings its schema up to date, seeds the demo if asked, and wires services to the contract. */
export async function openCore(options: CoreOptions): Promise<AppCore> {
  const appRoot = options.appRoot ?? findAppRoot();
  const clock = options.clock ?? systemClock;
  const log = options.log ?? { error: (m, d) => console.error(m, d) };
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, 'ppe.sqlite'), { nativeBinding: options.nativeBinding });
  try {
    const stationNumber = () => readSetting(db, 'station_number') ?? 'не настроена';
    const migrations = loadMigrations(join(appRoot, 'migrations'));
    const migration = migrate(db, migrations, (result) => {
      const payload = { from: result.from, to: result.to, applied: result.applied };
      assertJournalEntry('db.migrated', payload);
      appendJournal(db, {
        actor: SYSTEM_ACTOR,
        station: result.from === 0 ? 'не настроена' : stationNumber(),
        action: 'db.migrated',
        payload,
        at: clock.now(),
      });
    });
    const events = new EventBus((m, d) => log.error(m, d));
    let worker: SyncWorker | null = null;
    const ctx: CoreContext = { db, clock, events, stationNumber, outboxChanged: () => worker?.nudge() };
    const initial = readSetupState(db);
    if (initial === 'notSetUp' && options.demo === true) {
      await seedDemo(ctx, loadDemoDataset(appRoot), options.rcoiUrl ?? null, 'startup');
    } else if (initial !== 'notSetUp' && options.rcoiUrl) db.prepare('UPDATE ppe SET rcoi_url = ?').run(options.rcoiUrl);
    const setupAtStart = readSetupState(db);

    const sessions = new SessionStore(clock, options.idleLockSeconds ?? DEFAULT_IDLE_LOCK_SECONDS);
    const auth = new AuthService(ctx, sessions);
    const bundles = new BundleService(ctx, defaultCryptoSuite);
    const syncOptions = typeof options.sync === 'object' ? options.sync : {};
    const sync = new SyncWorker(ctx, {
      ...syncOptions,
      dataDir: options.dataDir,
      keys: options.keyProtector ?? fileKeyProtector(options.dataDir),
      bundles,
    });
    worker = sync;
    // --- Journal anchors (issue 11, item 4): the head signed by the station key, hourly and after each handover.
    const anchors = new AnchorService(ctx, options.keyProtector ?? fileKeyProtector(options.dataDir), log);
    // --- end of journal anchors
    // Progress arrives many times a second; the screen needs a few redraws a second, not hundreds.
    // Each change names its part of the screen (exams, drives, write); parts named during a pause leave together.
    const packagesChanged = throttleParts((parts) => events.emit('all', 'packages/changed', { parts }), 250);
    const packagesDeps = { ctx, crypto: defaultCryptoSuite, dataDir: options.dataDir, notify: packagesChanged.call, log };
    const packages = new PackageService(packagesDeps);
    const simulatorFolder =
      options.drivesFolder ??
      // The browser shell in training mode practises with folder-backed drives: no USB stick needed to learn. A
      // station not set up yet gets them ready too (the browser shell is for development and training; a real HQ set
      // up in it keeps folder drives until it is restarted).
      (options.transport === 'bridge' &&
      options.drives === undefined &&
      (setupAtStart === 'training' || setupAtStart === 'notSetUp')
        ? join(options.dataDir, 'training-drives')
        : undefined);
    const simulator = simulatorFolder ? new FolderDriveSimulator(simulatorFolder) : null;
    const driveProvider = simulator ?? (options.drives === undefined ? platformDriveProvider() : options.drives);
    const drives = new DriveService(packagesDeps, packages, {
      provider: driveProvider,
      simulator,
      pollMs: options.drivePollMs,
      checkStallMs: options.driveCheckStallMs,
    });
    // Background work (drive watching and checks, sync, package refresh) needs an exam point and a key to trust:
    // a station not set up, or one refusing to run, starts none of it — nothing to crash on, nothing to spam.
    let backgroundStarted = false;
    const startBackground = () => {
      if (backgroundStarted) return;
      backgroundStarted = true;
      drives.start();
      anchors.start();
      if (options.sync) {
        sync.start();
        packages.startAutoRefresh(PACKAGE_LIST_REFRESH_MS);
      }
    };
    let training: Promise<void> | null = null;
    const startTraining = async () => {
      // One choice at a time: a double click must not seed twice.
      training ??= (async () => {
        const state = readSetupState(db);
        if (state === 'demoKeyRefused') throw new AppError('DEMO_KEY_OUTSIDE_TRAINING');
        if (state !== 'notSetUp') throw new AppError('STATION_ALREADY_SET_UP');
        await seedDemo(ctx, loadDemoDataset(appRoot), options.rcoiUrl ?? null, 'screen');
        startBackground();
      })().finally(() => {
        training = null;
      });
      return training;
    };
    // --- GEK members' tokens (issue 11, item 3): PKCS#11 per platform or the setting; simulated only in training.
    const tokenDevices = new TokenDevices(options.tokens ?? {}, {
      dataDir: options.dataDir,
      training: () => readSetupState(db) === 'training',
      setting: () => readLibrarySetting(db),
    });
    const tokens = new TokenService(ctx, tokenDevices);
    // --- end of tokens
    // --- The transfer drive (issue 11, item 2; main/transfer): the «Флешка для переноса» screen's desk. Other
    // capabilities receive their kinds by adding an applier here (station.reply, room.journal_anchor, …).
    const transferAppliers: TransferAppliers = { ...stationsAppliers(), ...anchorsAppliers(), ...examKeysAppliers(defaultCryptoSuite) };
    const transferKeys = options.keyProtector ?? fileKeyProtector(options.dataDir);
    const transfer = new TransferDesk({
      ctx,
      drives,
      packages,
      crypto: defaultCryptoSuite,
      loadSetup: () => loadTransferSetup(ctx, transferKeys),
      appliers: transferAppliers,
      // A room station's journal anchors travel with its journal extract to HQ (main/anchors/room-anchors.ts).
      afterRoomWrite: (service, actor, driveRoot) => anchors.writePending(service, actor, driveRoot),
      // HQ: the exam keys it holds go to a room with its data and package (main/exam-keys/room-exam-key.ts).
      afterRoomDataWrite: (service, actor, driveRoot, to) => writeRoomExamKeys(ctx, service, actor, driveRoot, to),
      // A room station's print logs of the date go to HQ beside its journal extract (room.print_log).
      roomPrintLogs: (examDate) => printLogsOn(ctx, clock.now(), examDate),
    });
    // --- end of the transfer drive
    // --- The key to the exam materials at HQ (issue 12, item 2; main/exam-keys): a GEK member's token asks RCOI.
    const examKeys = new ExamKeyService(ctx, tokens, (signed, expect) =>
      askRcoiForExamKey({ db, clock, keys: options.keyProtector ?? fileKeyProtector(options.dataDir), crypto: defaultCryptoSuite }, signed, expect),
    );
    // --- end of the exam key
    // --- Printing of kits at a room station (issue 12, items 3 and 6; main/printing): the key vault, the local copy
    // of the package (from the transfer drive, the one most recently given that role), the queue and its runner.
    const printerSystem =
      options.printer === 'simulated'
        ? new SimulatedPrinterSystem({ outputDir: join(options.dataDir, 'training-printer'), pageIntervalMs: 300 })
        : options.printer === undefined || options.printer === 'system'
          ? platformPrinterSystem()
          : options.printer;
    const printing = new PrintingService({
      ctx,
      dataDir: options.dataDir,
      crypto: defaultCryptoSuite,
      tokens: tokenDevices,
      printers: printerSystem,
      transferDriveRoot: () => {
        const present = drives.mounted();
        const marked = knownDrives(db).filter((k) => k.role === 'transfer').reverse();
        for (const k of marked) {
          const drive = present.find((p) => p.id === k.id);
          if (drive) return drive.mountPath;
        }
        return null;
      },
      pollMs: options.printPollMs,
      log,
    });
    // --- end of printing
    // --- The ППЭ forms (issue 12, item 7; main/forms): from the roster and the print logs, saved under <data>/documents/.
    const forms = new FormsService({ ctx, dataDir: options.dataDir, roomPrintLogs: (examDate) => printLogsOn(ctx, clock.now(), examDate) });
    // --- end of the forms
    // --- HQ set-up by enrolment code (issue 11, item 1; main/stations/hq-setup.ts). Like training: one choice at a
    // time, and once the one act has committed, the background work starts (sync pulls RCOI's feed at once).
    const setupKeys = options.keyProtector ?? fileKeyProtector(options.dataDir);
    // Calls wait their turn: a second «Подключить» with the same code reuses the same key (the same station), and a
    // second «Завершить» after the first committed is told the station is set up.
    let settingUp: Promise<unknown> = Promise.resolve();
    const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
      const running = settingUp.then(work, work);
      settingUp = running.catch(() => undefined);
      return running;
    };
    const hqSetup = {
      ask: (request: HqSetupRequest) => oneAtATime(() => setUpHeadquarters(ctx, setupKeys, request)),
      finish: (choice: HqSetupChoice) =>
        oneAtATime(async () => {
          const done = await finishHeadquarters(ctx, setupKeys, choice);
          startBackground();
          sync.nudge(true);
          return done;
        }),
    };
    // --- end of HQ set-up
    // --- Room stations set up from the transfer drive, their keys pinned at HQ (issue 11, item 1; main/stations).
    // The drives are asked of the adapter directly: a station not set up runs no drive watcher.
    const stationKeys = options.keyProtector ?? fileKeyProtector(options.dataDir);
    const setupDrives = stationDrives(driveProvider);
    const stations = new StationsService(ctx, stationKeys, setupDrives);
    const roomSetup = new RoomSetupService(ctx, stationKeys, setupDrives, startBackground);
    // --- end of room stations
    const attention = new AttentionService({
      ctx,
      packageExams: () => buildPackagesExams(ctx, packages, drives),
      clockSkew: () => {
        const status = sync.status();
        return { alarm: status.clockSkewAlarm, seconds: status.clockSkewSeconds };
      },
      anchorProblem: () => anchors.verifyAnchors().problem,
      // The room's key lives only in the printing service's memory: the alarm asks it, never the key.
      keyActive: (packageId) => printing.keyActive(packageId),
    });
    const handlers = createHandlers({
      ctx,
      attention,
      auth,
      bundles,
      sync,
      packages,
      drives,
      anchors,
      tokens,
      transfer,
      stations,
      roomSetup,
      examKeys,
      forms,
      printing,
      appVersion: options.appVersion ?? '0.0.0',
      dataDir: options.dataDir,
      schemaVersion: migration.to,
      transport: options.transport,
      startTraining,
      hqSetup,
    });
    const dispatcher = new Dispatcher(guardUntilSetUp(handlers, db), auth, log);
    const sweep = setInterval(() => auth.sweepIdle(), 5_000);
    sweep.unref();
    if (setupAtStart === 'training' || setupAtStart === 'ready') startBackground();
    return {
      dispatch: (key, channel, request) => dispatcher.dispatch(key, channel, request),
      events,
      mayReceive: (key, event) => {
        const access = eventChannels[event].access;
        return access === 'public' || auth.holds(key, access);
      },
      sweepIdle: () => auth.sweepIdle(),
      endSession: (key) => {
        if (sessions.get(key).session) auth.signOut(key, 'closed');
      },
      db,
      sync,
      packages,
      drives,
      anchors,
      tokens,
      close: async () => {
        clearInterval(sweep);
        anchors.stop();
        await printing.close();
        if (printerSystem instanceof SimulatedPrinterSystem && options.printer === 'simulated') printerSystem.dispose();
        await Promise.all([packages.stop(), drives.stop(), tokenDevices.close()]);
        packagesChanged.cancel();
        await sync.stop();
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * What a station that is not set up (or refuses to run) still answers: who it is, its (absent) session, and the
 * training choice — which itself says why it is refused where it is.
 */
const OPEN_BEFORE_SET_UP = new Set<string>([
  'app/info',
  'auth/session',
  'auth/staffList',
  'auth/signOut',
  'setup/startTraining',
  'setup/headquarters',
  'setup/finishHeadquarters',
  // A room station's set-up from the transfer drive (main/stations/room-setup-service.ts refuses them once set up).
  'roomSetup/drives',
  'roomSetup/files',
  'roomSetup/take',
]);

/**
 * Every other channel answers a clear refusal until the station is set up (STATION_NOT_SET_UP), and on a real
 * station pinning the demo key (DEMO_KEY_OUTSIDE_TRAINING) — rather than INTERNAL from somewhere deep inside.
 */
function guardUntilSetUp(handlers: Handlers, db: Db): Handlers {
  const guarded: Record<string, (req: unknown, call: never) => unknown> = {};
  for (const [channel, handler] of Object.entries(handlers) as [string, (req: unknown, call: never) => unknown][]) {
    guarded[channel] = (req, call) => {
      const state = readSetupState(db);
      if (state === 'notSetUp' && !OPEN_BEFORE_SET_UP.has(channel)) throw new AppError('STATION_NOT_SET_UP');
      if (state === 'demoKeyRefused' && !OPEN_BEFORE_SET_UP.has(channel)) throw new AppError('DEMO_KEY_OUTSIDE_TRAINING');
      return handler(req, call);
    };
  }
  return guarded as Handlers;
}
