import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../main/kernel/clock';
import { handleAdmin, allow, checkAdminCaller, type AdminApi } from './admin-routes';
import { handleBenchUpload } from './bench-route';
import type { BundleStore } from './bundle-store';
import { HttpError, sendJson } from './http-json';
import { sendSignedJson } from './signed-answer';
import { handlePackageRequest, PACKAGES_PREFIX } from './package-routes';
import type { PackageStore } from './package-store';
import { dispatchSigned, type DispatchDeps } from './signed-dispatch';
import { handleEnrol, matchSignedRoute } from './sync-routes';
import { examKeyRoute, type KeyReleaseDeps } from './key-routes';
import { handleSetup } from './setup-route';

export interface RouteDeps extends DispatchDeps {
  store: BundleStore;
  packages: PackageStore;
  clock: Clock;
  admin: AdminApi;
  /** The key to the exam materials (key-routes.ts). */
  examKeys: KeyReleaseDeps;
}

/** Dispatches one request; every answer, error or not, is JSON except the bundle and package files themselves. */
export async function handleRequest(deps: RouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Every answer carries the server's own time (the injected clock, not the machine's): the client measures its
  // offset from it at every contact (PROTOCOL.md "Server time").
  res.setHeader('Date', deps.clock.now().toUTCString());
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const segments = pathSegments(url.pathname);
  const method = req.method ?? 'GET';
  const route = segments.join('/');
  // Package files are matched on the path as sent: URL normalisation would turn files/../x into another route.
  const rawPath = (req.url ?? '/').split('?')[0]!;
  if (rawPath.startsWith(PACKAGES_PREFIX)) {
    allow(method, 'GET');
    return handlePackageRequest(deps.packages, deps.faults, rawPath, req, res);
  }

  if (route === 'api/v1/time') {
    allow(method, 'GET');
    return sendSignedJson(res, deps.answerKey, req, 200, { now: deps.clock.now().toISOString() });
  }
  // The bundle endpoints stay unsigned: the app's manual "fetch from RCOI" uses them without enrolment.
  if (segments.length === 6 && route.startsWith('api/v1/ppe/') && segments[5] === 'bundles') {
    allow(method, 'GET');
    const [regionCode, ppeCode] = [segments[3]!, segments[4]!];
    if (!/^\d{2}$/.test(regionCode) || !/^\d{4}$/.test(ppeCode)) {
      throw new HttpError(400, 'region code must be 2 digits and PPE code 4 digits');
    }
    return sendJson(res, 200, { bundles: deps.store.latestFor(regionCode, ppeCode) });
  }
  if (segments.length === 6 && route.startsWith('api/v1/ppe/') && segments[5] === 'packages') {
    allow(method, 'GET');
    const [regionCode, ppeCode] = [segments[3]!, segments[4]!];
    if (!/^\d{2}$/.test(regionCode) || !/^\d{4}$/.test(ppeCode)) {
      throw new HttpError(400, 'region code must be 2 digits and PPE code 4 digits', 'bad_request');
    }
    // Only what is due today in the PPE's zone by the server's clock (tests move it to see a package appear).
    return sendJson(res, 200, { packages: deps.packages.listFor(regionCode, ppeCode, deps.clock.now()) });
  }
  if (segments.length === 4 && route.startsWith('api/v1/bundles/')) {
    allow(method, 'GET');
    return sendBundleFile(deps.store, segments[3]!, req, res);
  }
  if (route === 'api/v1/enrol') {
    allow(method, 'POST');
    const reply = await handleEnrol(deps.services, req);
    return sendSignedJson(res, deps.answerKey, req, reply.status, reply.body);
  }
  if (route === 'api/v1/setup') {
    allow(method, 'POST');
    return handleSetup(deps.services, deps.answerKey, req, res);
  }
  if (route === 'api/v1/exam-keys') {
    allow(method, 'POST');
    return dispatchSigned(examKeyRoute(deps.examKeys), deps, segments.slice(2), url, req, res);
  }
  const signed = matchSignedRoute(method, segments);
  if (signed) return dispatchSigned(signed, deps, segments.slice(2), url, req, res);
  if (segments[0] === 'admin' && (await handleAdmin(deps.admin, route, req, res))) return;
  if (segments.length === 3 && route.startsWith('bench/raw/')) {
    allow(method, 'PUT');
    checkAdminCaller(req, false);
    return sendJson(res, 200, await handleBenchUpload(deps.services.blobs, segments[2]!, req));
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

function pathSegments(pathname: string): string[] {
  try {
    return pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
}
