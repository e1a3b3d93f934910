import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { BundleListEntry } from './bundle-store';
import { faultSwitchesSchema, type FaultSwitches } from './faults';
import type { FeedItem } from './feed-store';
import { HttpError, isLoopbackAuthority, readJsonBody, sendJson } from './http-json';
import type { ItemEntry } from './item-store';
import type { PackageSpec } from './package-builder';
import { packageSpecSchema, type PublishedPackage } from './package-store';
import type { EnrolmentCodeEntry } from './station-registry';
import type { SetupPpe } from '../../main/stations/hq-setup-answer';
import { parseOr400, ppeCode, regionCode } from './sync-schemas';
import { gekTokenRequestSchema, type GekTokenRequest } from './gek-registry';

/** What the admin endpoints drive: the same calls the server object offers to in-process tests. */
export interface AdminApi {
  publish(payload: unknown): BundleListEntry;
  publishPackage(spec: PackageSpec): PublishedPackage;
  publishFeedItem(regionCode: string, ppeCode: string, kind: string, payload: unknown, options?: { id?: string; schemaVersion?: number }): FeedItem;
  createEnrolmentCode(regionCode: string, ppeCode: string, code?: string, options?: { reusable?: boolean; ttlHours?: number }): EnrolmentCodeEntry;
  /** What RCOI tells an HQ station of its PPE at set-up (main/stations/hq-setup-answer.ts, setupPpeSchema). */
  registerPpe(config: unknown): SetupPpe;
  /** A GEK member's token registered for a PPE and an exam date (gek-registry.ts): who may ask for that day's key. */
  registerGekToken(request: GekTokenRequest): { staffId: string; tokenKey: string; serial: string | null };
  setFaults(changes: Partial<FaultSwitches>): FaultSwitches;
  getFaults(): FaultSwitches;
  items(): ItemEntry[];
  stats(): unknown;
}

const codeRequestSchema = z.object({
  regionCode,
  ppeCode,
  code: z.string().min(1).max(64).optional(),
  reusable: z.boolean().optional(),
  // Hours until a one-time code expires (default 72); a test gives a small or zero one to see a code expire.
  ttlHours: z.number().min(0).max(24 * 365).optional(),
});
const feedRequestSchema = z.object({
  regionCode,
  ppeCode,
  kind: z.string().min(1).max(64),
  payload: z.unknown(),
  id: z.string().min(1).max(128).optional(),
  schemaVersion: z.number().int().min(1).optional(),
});

/**
 * /admin/*: for tests and the demo on this machine, including tests in another process than the server (which
 * flip faults and read what was stored over HTTP). Returns false if the path is not an admin one.
 */
export async function handleAdmin(api: AdminApi, route: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = req.method ?? 'GET';
  const post = async <T>(schema: z.ZodType<T>): Promise<T> => {
    allow(method, 'POST');
    checkAdminCaller(req, true);
    return parseOr400(schema, await readJsonBody(req));
  };
  const get = (): void => {
    allow(method, 'GET');
    checkAdminCaller(req, false);
  };
  switch (route) {
    case 'admin/publish':
      allow(method, 'POST');
      checkAdminCaller(req, true);
      sendJson(res, 201, api.publish(await readJsonBody(req)));
      return true;
    case 'admin/packages':
      sendJson(res, 201, api.publishPackage(await post(packageSpecSchema)));
      return true;
    case 'admin/faults':
      if (method === 'GET') {
        get();
        sendJson(res, 200, api.getFaults());
      } else {
        sendJson(res, 200, api.setFaults(await post(faultSwitchesSchema)));
      }
      return true;
    case 'admin/enrolment-codes': {
      const body = await post(codeRequestSchema);
      sendJson(res, 201, api.createEnrolmentCode(body.regionCode, body.ppeCode, body.code, { reusable: body.reusable, ttlHours: body.ttlHours }));
      return true;
    }
    case 'admin/ppe-configs': {
      allow(method, 'POST');
      checkAdminCaller(req, true);
      sendJson(res, 201, api.registerPpe(await readJsonBody(req)));
      return true;
    }
    case 'admin/gek-tokens':
      sendJson(res, 201, api.registerGekToken(await post(gekTokenRequestSchema)));
      return true;
    case 'admin/feed': {
      const body = await post(feedRequestSchema);
      const options = { id: body.id, schemaVersion: body.schemaVersion };
      sendJson(res, 201, api.publishFeedItem(body.regionCode, body.ppeCode, body.kind, body.payload, options));
      return true;
    }
    case 'admin/items':
      get();
      sendJson(res, 200, { items: api.items() });
      return true;
    case 'admin/stats':
      get();
      sendJson(res, 200, api.stats());
      return true;
    default:
      return false;
  }
}

/**
 * Admin endpoints answer to this machine only. Besides the loopback Host (which stops a DNS name rebound to
 * 127.0.0.1), a write needs a JSON content type: a browser cannot send one cross-origin without a CORS preflight,
 * which this server never grants. Reads need no such guard: without CORS headers a foreign page cannot read them.
 */
export function checkAdminCaller(req: IncomingMessage, write: boolean): void {
  if (!isLoopbackAuthority(req.headers.host)) throw new HttpError(403, 'admin endpoints answer only to a loopback Host');
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackAuthority(origin, true)) throw new HttpError(403, 'foreign Origin refused');
  const type = req.headers['content-type'] ?? '';
  if (write && !/^application\/json\b/i.test(type)) throw new HttpError(415, 'Content-Type must be application/json');
}

export function allow(method: string, expected: string): void {
  if (method !== expected) throw new HttpError(405, `use ${expected} here`);
}
