import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { KeyObject } from 'node:crypto';
import { bundlePayloadSchema, type BundlePayload } from '../../main/bundles/bundle-format';
import { systemClock, type Clock } from '../../main/kernel/clock';
import type { Db } from '../../main/db/open-database';
import type { AdminApi } from './admin-routes';
import { bundleMetaOf, type BundleMeta } from './bundle-key';
import { signBundle } from './bundle-signer';
import { BundleConflictError, BundleStore, type BundleListEntry } from './bundle-store';
import { Faults, type CountedFault, type FaultSwitches } from './faults';
import type { FeedItem } from './feed-store';
import { HttpError } from './http-json';
import type { ItemEntry } from './item-store';
import type { PackageSpec } from './package-builder';
import { PackageStore, packageSpecSchema, type PublishedPackage } from './package-store';
import { openRcoiDatabase } from './rcoi-database';
import { ExamKeyStore } from './exam-key-store';
import { GekRegistry, gekTokenRequestSchema } from './gek-registry';
import { handleRequest, type RouteDeps } from './routes';
import { sendSignedJson } from './signed-answer';
import { ConnectionCut, type RequestCounters } from './signed-dispatch';
import type { EnrolmentCodeEntry } from './station-registry';
import { blobFolderFor, openSyncServices, type SyncServices } from './sync-services';
import { parseOr400, ppeCode as ppeCodeSchema, regionCode as regionCodeSchema } from './sync-schemas';

export interface RcoiServerOptions {
  dbFile: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only: the reference RCOI is never reachable from another machine. */
  host?: '127.0.0.1';
  /** The Ed25519 private key that signs every published bundle and package, and every answer (RCOI's pinned key). */
  signingKey: KeyObject;
  /** Source of GET /api/v1/time, the Date header, signature freshness and stored times; tests may stop or move it. */
  clock?: Clock;
  /**
   * Serve HTTPS with this key and certificate (PEM) instead of HTTP: a real PPE reaches RCOI over HTTPS only
   * (main/rcoi/rcoi-url.ts), so the HQ set-up tests play RCOI over TLS with a throwaway certificate for 127.0.0.1.
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface RcoiStats {
  stations: number;
  enrolmentCodes: { total: number; used: number };
  items: number;
  largeItems: number;
  duplicateDeliveries: number;
  openUploads: number;
  heldChunks: number;
  heldChunkBytes: number;
  nonces: number;
  feedItems: number;
  /** Since this process started (in memory, like the faults). */
  signedRequests: number;
  /** Refused or failed signed requests by error code, since this process started. */
  refused: Record<string, number>;
  faults: FaultSwitches;
  faultsFired: Record<CountedFault, number>;
  restarts: number;
}

export interface RcoiServer extends AdminApi {
  readonly url: string;
  readonly port: number;
  /** The open database: a new connection after restart(). */
  readonly db: Db;
  readonly store: BundleStore;
  readonly packages: PackageStore;
  readonly sync: SyncServices;
  /** The exam keys released (key-routes.ts), and the GEK members' tokens registered per PPE and date. */
  readonly examKeys: ExamKeyStore;
  readonly gek: GekRegistry;
  /** The fault switches (also POST /admin/faults); they survive restart(), not a new process. */
  readonly faults: Faults;
  /** Validates, signs, stores a payload and appends it to its PPE's feed; throws BundleConflictError if its id or version is taken. */
  publish(payload: BundlePayload | object): BundleListEntry;
  /** Stores a ready bundle file as is (tampered, foreign-signed ...) and appends it to the feed, for tests of the client's checks. */
  publishFile(fileText: string, meta: BundleMeta): BundleListEntry;
  /**
   * Builds an internet package signed with the server's key into `<db>.blobs/packages/<packageId>/` and records it
   * (also POST /admin/packages); served by GET /api/v1/packages/:packageId/...
   */
  publishPackage(spec: PackageSpec): PublishedPackage;
  /** Appends an item to a PPE's feed (kinds `forms-pack`, `package-notice`; any kind is accepted, for tests). */
  publishFeedItem(regionCode: string, ppeCode: string, kind: string, payload: unknown, options?: { id?: string; schemaVersion?: number }): FeedItem;
  /**
   * Issues an enrolment code: random unless given, one-time unless `reusable`; a given code that exists for this
   * PPE is returned as is.
   */
  createEnrolmentCode(regionCode: string, ppeCode: string, code?: string, options?: { reusable?: boolean; ttlHours?: number }): EnrolmentCodeEntry;
  setFaults(changes: Partial<FaultSwitches>): FaultSwitches;
  getFaults(): FaultSwitches;
  items(): ItemEntry[];
  /** A small item's payload as UTF-8 JSON bytes, or the absolute path of a large item's file; throws if unknown. */
  itemBytes(itemId: string): Buffer | string;
  stats(): RcoiStats;
  /** Closes the listener (cutting open connections) and the database, then opens both again on the same port and files. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * How long the port stays closed after stopListening(). A real restart takes a moment too; without it an
 * in-process client (fetch) has not yet seen its kept-alive connections closed when the port answers again, reuses
 * one, and fails with "other side closed" — a failure of the test set-up, not of the client under test.
 */
const CLOSED_PAUSE_MS = 50;

interface OpenState {
  db: Db;
  store: BundleStore;
  packages: PackageStore;
  sync: SyncServices;
  examKeys: ExamKeyStore;
  gek: GekRegistry;
}

export async function startRcoiServer(options: RcoiServerOptions): Promise<RcoiServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the reference RCOI server binds to 127.0.0.1 only');
  const clock = options.clock ?? systemClock;
  const faults = new Faults();
  const counters: RequestCounters = { signed: 0, refused: {} };
  let restarts = 0;

  const openState = (): OpenState => {
    const db = openRcoiDatabase(options.dbFile);
    try {
      return {
        db,
        store: new BundleStore(db),
        packages: new PackageStore(db, blobFolderFor(options.dbFile)),
        sync: openSyncServices(db, options.dbFile, clock),
        examKeys: new ExamKeyStore(db),
        gek: new GekRegistry(db),
      };
    } catch (error) {
      db.close();
      throw error;
    }
  };
  let state = openState();

  const publishFile = (fileText: string, meta: BundleMeta): BundleListEntry =>
    state.db.transaction(() => {
      const entry = state.store.insert(meta, fileText, clock.now());
      // The feed carries the same bytes the bundle endpoint serves: the client checks them the same way.
      const item = { id: meta.bundleId, kind: 'distribution-bundle', schemaVersion: 1, payload: { file: fileText } };
      state.sync.feed.append(meta.regionCode, meta.ppeCode, item, clock.now());
      return entry;
    }).immediate();

  const api: Omit<RcoiServer, 'url' | 'port' | 'db' | 'store' | 'packages' | 'sync' | 'examKeys' | 'gek' | 'faults' | 'restart' | 'close'> = {
    publishFile,
    publishPackage: (spec) => state.packages.publish(parseOr400(packageSpecSchema, spec), options.signingKey, clock.now()),
    publish: (payload) => {
      const parsed = bundlePayloadSchema.safeParse(payload);
      if (!parsed.success) throw new HttpError(400, `not a valid bundle payload: ${parsed.error.message}`);
      // What was given is what gets signed: validation is a gate here, not a rewrite (no defaults filled in).
      return publishFile(signBundle(payload, options.signingKey), bundleMetaOf(parsed.data));
    },
    publishFeedItem: (regionCode, ppeCode, kind, payload, itemOptions = {}) => {
      checkPpe(regionCode, ppeCode);
      return state.sync.feed.append(regionCode, ppeCode, { kind, payload, ...itemOptions }, clock.now());
    },
    createEnrolmentCode: (regionCode, ppeCode, code, codeOptions = {}) => {
      checkPpe(regionCode, ppeCode);
      return state.sync.stations.createCode(regionCode, ppeCode, code, codeOptions.reusable ?? false, codeOptions.ttlHours);
    },
    registerPpe: (config) => state.sync.setups.registerPpe(config),
    registerGekToken: (request) => {
      const t = state.gek.register(parseOr400(gekTokenRequestSchema, request), clock.now());
      return { staffId: t.staffId, tokenKey: t.tokenKey, serial: t.serial };
    },
    setFaults: (changes) => faults.set(changes),
    getFaults: () => faults.current(),
    items: () => state.sync.items.list(),
    itemBytes: (itemId) => {
      const content = state.sync.items.content(itemId);
      if (!content) throw new Error(`RCOI holds no item ${itemId}`);
      return 'payload' in content ? Buffer.from(content.payload, 'utf8') : state.sync.blobs.absolute(content.filePath);
    },
    stats: () => {
      const codes = state.sync.stations.counts();
      return {
        stations: codes.stations,
        enrolmentCodes: { total: codes.codes, used: codes.usedCodes },
        ...state.sync.items.counts(),
        ...state.sync.uploads.counts(),
        nonces: state.sync.nonces.count(),
        feedItems: state.sync.feed.count(),
        signedRequests: counters.signed,
        refused: { ...counters.refused },
        faults: faults.current(),
        faultsFired: faults.fired(),
        restarts,
      };
    },
  };

  const deps = (): RouteDeps => ({
    store: state.store,
    packages: state.packages,
    clock,
    admin: server,
    services: state.sync,
    faults,
    counters,
    answerKey: options.signingKey,
    examKeys: {
      packages: state.packages,
      keys: state.examKeys,
      gek: state.gek,
      setups: state.sync.setups,
      signingKey: options.signingKey,
      clock,
    },
  });
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handleRequest(deps(), req, res).catch((error: unknown) => {
      // A connection cut on purpose (or by restart()) has nobody to answer. (The request may have been destroyed
      // with its socket detached, by a route that stopped reading it early; the response still has it.)
      const socket = res.socket as typeof res.socket | null;
      if (error instanceof ConnectionCut || !socket || socket.destroyed) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = error instanceof HttpError ? error.status : error instanceof BundleConflictError ? 409 : 500;
      const body = error instanceof HttpError ? error.body : { error: error instanceof Error ? error.message : String(error) };
      // An oversized body is not read to its end: closing the connection is the only way to be rid of it.
      // Signed like every answer: a refusal from RCOI must be told apart from one made up on the way.
      sendSignedJson(res, options.signingKey, req, status, body, status === 413 ? { Connection: 'close' } : {});
    });
  };
  const http: Server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createServer(onRequest);

  try {
    await listen(http, options.port ?? 0, host);
  } catch (error) {
    state.db.close();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const server: RcoiServer = {
    ...api,
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    get db() {
      return state.db;
    },
    get store() {
      return state.store;
    },
    get packages() {
      return state.packages;
    },
    get sync() {
      return state.sync;
    },
    get examKeys() {
      return state.examKeys;
    },
    get gek() {
      return state.gek;
    },
    faults,
    restart: async () => {
      if (closing) throw new Error('the server is closed');
      await stopListening(http);
      state.db.close();
      state = openState();
      await listen(http, port, host);
      restarts++;
    },
    close: () => {
      closing ??= stopListening(http).finally(() => state.db.close());
      return closing;
    },
  };
  return server;
}

function checkPpe(regionCode: string, ppeCode: string): void {
  if (!regionCodeSchema.safeParse(regionCode).success || !ppeCodeSchema.safeParse(ppeCode).success) {
    throw new HttpError(400, 'region code must be 2 digits and PPE code 4 digits', 'bad_request');
  }
}

function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting and cuts every open connection (fetch keeps connections alive, which would delay close() by
 * their idle timeout), then waits CLOSED_PAUSE_MS.
 */
async function stopListening(http: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    http.close((error) => (error ? reject(error) : resolve()));
    http.closeAllConnections();
  });
  await delay(CLOSED_PAUSE_MS);
}

