import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../main/core/clock';
import type { BundleListEntry, BundleStore } from './bundle-store';
import { HttpError, isLoopbackAuthority, readJsonBody, sendJson } from './http-json';

export interface RouteDeps {
  store: BundleStore;
  clock: Clock;
  publish(payload: unknown): BundleListEntry;
}

/** Dispatches one request; every answer, error or not, is JSON except the bundle file itself. */
export async function handleRequest(deps: RouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const segments = pathSegments(url.pathname);
  const method = req.method ?? 'GET';
  const route = segments.join('/');

  if (route === 'api/v1/time') {
    allow(method, 'GET');
    return sendJson(res, 200, { now: deps.clock.now().toISOString() });
  }
  if (segments.length === 6 && route.startsWith('api/v1/ppe/') && segments[5] === 'bundles') {
    allow(method, 'GET');
    const [regionCode, ppeCode] = [segments[3]!, segments[4]!];
    if (!/^\d{2}$/.test(regionCode) || !/^\d{4}$/.test(ppeCode)) {
      throw new HttpError(400, 'region code must be 2 digits and PPE code 4 digits');
    }
    return sendJson(res, 200, { bundles: deps.store.latestFor(regionCode, ppeCode) });
  }
  if (segments.length === 4 && route.startsWith('api/v1/bundles/')) {
    allow(method, 'GET');
    return sendBundleFile(deps.store, segments[3]!, req, res);
  }
  if (route === 'admin/publish') {
    allow(method, 'POST');
    checkAdminCaller(req);
    const entry = deps.publish(await readJsonBody(req));
    return sendJson(res, 201, entry);
  }
  throw new HttpError(404, `no such endpoint: ${url.pathname}`);
}

function sendBundleFile(store: BundleStore, bundleId: string, req: IncomingMessage, res: ServerResponse): void {
  const file = store.file(bundleId);
  if (!file) throw new HttpError(404, `no bundle ${bundleId}`);
  const etag = `"${file.sha256}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag });
    res.end();
    return;
  }
  // The exact stored bytes: the client hashes them and compares with the list's sha256.
  const bytes = Buffer.from(file.text, 'utf8');
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': String(bytes.length),
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(bytes);
}

/**
 * The admin endpoint is for tests and the demo on this machine only. Besides the loopback Host, a JSON content
 * type is required: a browser cannot send one cross-origin without a CORS preflight, which this server never grants.
 */
function checkAdminCaller(req: IncomingMessage): void {
  if (!isLoopbackAuthority(req.headers.host)) throw new HttpError(403, 'admin endpoints answer only to a loopback Host');
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackAuthority(origin, true)) throw new HttpError(403, 'foreign Origin refused');
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'Content-Type must be application/json');
}

function allow(method: string, expected: string): void {
  if (method !== expected) throw new HttpError(405, `use ${expected} here`);
}

function pathSegments(pathname: string): string[] {
  try {
    return pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
}
