import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { bundlePayloadSchema, type BundlePayload } from '../../main/bundles/bundle-format';
import { systemClock, type Clock } from '../../main/core/clock';
import type { Db } from '../../main/db/open-database';
import { bundleMetaOf, type BundleMeta } from './bundle-key';
import { signBundle } from './bundle-signer';
import { BundleConflictError, BundleStore, openRcoiDatabase, type BundleListEntry } from './bundle-store';
import { HttpError, sendJson } from './http-json';
import { handleRequest } from './routes';

export interface RcoiServerOptions {
  dbFile: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only: the reference RCOI is never reachable from another machine. */
  host?: '127.0.0.1';
  /** The Ed25519 private key that signs every published bundle. */
  signingKey: KeyObject;
  /** Source of GET /api/v1/time and of published_at; tests may stop or move time. */
  clock?: Clock;
}

export interface RcoiServer {
  url: string;
  port: number;
  db: Db;
  store: BundleStore;
  /** Validates, signs and stores a payload; throws BundleConflictError if its id or version is taken. */
  publish(payload: BundlePayload | object): BundleListEntry;
  /** Stores a ready bundle file as is (tampered, foreign-signed ...), for tests of the client's checks. */
  publishFile(fileText: string, meta: BundleMeta): BundleListEntry;
  close(): Promise<void>;
}

export async function startRcoiServer(options: RcoiServerOptions): Promise<RcoiServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the reference RCOI server binds to 127.0.0.1 only');
  const clock = options.clock ?? systemClock;
  const db = openRcoiDatabase(options.dbFile);
  const store = new BundleStore(db);

  const publishFile = (fileText: string, meta: BundleMeta): BundleListEntry => store.insert(meta, fileText, clock.now());
  const publish = (payload: BundlePayload | object): BundleListEntry => {
    const parsed = bundlePayloadSchema.safeParse(payload);
    if (!parsed.success) throw new HttpError(400, `not a valid bundle payload: ${parsed.error.message}`);
    // What was given is what gets signed: validation is a gate here, not a rewrite (no defaults filled in).
    return publishFile(signBundle(payload, options.signingKey), bundleMetaOf(parsed.data));
  };

  const server = createServer((req, res) => {
    handleRequest({ store, clock, publish }, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof BundleConflictError ? 409 : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) res.destroy();
      else sendJson(res, status, { error: message });
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => {
        db.close();
        if (error) reject(error);
        else resolve();
      });
      // fetch keeps connections alive; without this close() would wait for their idle timeout.
      server.closeAllConnections();
    });
    return closing;
  };

  return { url: `http://${host}:${port}`, port, db, store, publish, publishFile, close };
}
