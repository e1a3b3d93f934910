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
    // Progress arrives many times a second; the screen needs a few redraws a second, not hundreds.
    // Each change names its part of the screen (exams, drives, write); parts named during a pause leave together.
    const packagesChanged = throttleParts((parts) => events.emit('all', 'packages/changed', { parts }), 250);
    const packagesDeps = { ctx, crypto: defaultCryptoSuite, dataDir: options.dataDir, notify: packagesChanged.call, log };
    const packages = new PackageService(packagesDeps);
    const simulatorFolder =
      options.drivesFolder ??
      // The browser shell in training mode practises with folder-backed drives: no USB stick needed to learn. A
      // station not set up yet can only become a training one in this version, so it gets them ready too.
      (options.transport === 'bridge' &&
      options.drives === undefined &&
      (setupAtStart === 'training' || setupAtStart === 'notSetUp')
        ? join(options.dataDir, 'training-drives')
        : undefined);
    const simulator = simulatorFolder ? new FolderDriveSimulator(simulatorFolder) : null;
    const drives = new DriveService(packagesDeps, packages, {
      provider: simulator ?? (options.drives === undefined ? platformDriveProvider() : options.drives),
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
    const attention = new AttentionService({
      ctx,
      packageExams: () => buildPackagesExams(ctx, packages, drives),
      clockSkew: () => {
        const status = sync.status();
        return { alarm: status.clockSkewAlarm, seconds: status.clockSkewSeconds };
      },
    });
    const handlers = createHandlers({
      ctx,
      attention,
      auth,
      bundles,
      sync,
      packages,
      drives,
      appVersion: options.appVersion ?? '0.0.0',
      dataDir: options.dataDir,
      schemaVersion: migration.to,
      transport: options.transport,
      startTraining,
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
      close: async () => {
        clearInterval(sweep);
        await Promise.all([packages.stop(), drives.stop()]);
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
const OPEN_BEFORE_SET_UP = new Set<string>(['app/info', 'auth/session', 'auth/staffList', 'auth/signOut', 'setup/startTraining']);

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
