import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HEADER } from '../../main/sync/request-signing';
import { MAX_FEED_LIMIT } from './feed-store';
import { HttpError, parseJson, readBody } from './http-json';
import type { ChunkReceipt } from './large-uploads';
import type { StationRecord } from './station-registry';
import type { SyncServices } from './sync-services';
import {
  CHUNK_SHA256,
  enrolRequestSchema,
  itemIdFrom,
  parseOr400,
  smallItemSchema,
  uploadDeclarationSchema,
} from './sync-schemas';

/**
 * PROTOCOL.md: small items are JSON up to 1 MiB. That is the payload (the app's outbox takes payloads up to 1 MiB);
 * the request body may be larger by its envelope (kind, schemaVersion, stream). Every other JSON body is small.
 */
export const SMALL_ITEM_LIMIT = 1024 * 1024;
const ENVELOPE_ALLOWANCE = 16 * 1024;
export const OTHER_BODY_LIMIT = 64 * 1024;

/** How a signed route's body is taken: whole into memory (JSON), or streamed by the route itself (a chunk). */
export type BodyRule = { kind: 'buffered'; limit: number } | { kind: 'streamed' };

/** A body left unread for the route, with the connection's controls. */
export interface StreamedBody {
  source: AsyncIterable<Buffer>;
  headers: IncomingMessage['headers'];
  /** Called with the running byte count as the route writes the body (the dropMidChunk fault hooks in here). */
  onBytes(total: number): void;
  abort(): void;
  discard(): void;
}

export interface SignedContext {
  station: StationRecord;
  url: URL;
  /** Path segments after /api/v1/, decoded. */
  params: string[];
  /** The signed body hash; for a buffered body, checked against the body already. */
  bodySha256: string;
  /** A buffered body (empty for a streamed one). */
  body: Buffer;
  /** What a streamed route's receive() made of its body. */
  received?: { chunk: ChunkReceipt; declaredSha256: string };
}

export interface Reply {
  status: number;
  body: unknown;
}

export interface SignedRoute {
  body: BodyRule;
  /** A streamed route takes its body in here, once; handle() may then run twice (the duplicateResponse fault). */
  receive?(services: SyncServices, ctx: SignedContext, body: StreamedBody): Promise<SignedContext['received']>;
  handle(services: SyncServices, ctx: SignedContext): Promise<Reply>;
}

/** The signed endpoints of the protocol; undefined if the path is none of them. A known path with another method is 405. */
export function matchSignedRoute(method: string, segments: readonly string[]): SignedRoute | undefined {
  if (segments[0] !== 'api' || segments[1] !== 'v1') return undefined;
  const rest = segments.slice(2);
  const route = ROUTES.find((r) => r.matches(rest));
  if (!route) return undefined;
  if (route.method !== method) throw new HttpError(405, `use ${route.method} here`, 'method_not_allowed');
  return route;
}

interface RouteEntry extends SignedRoute {
  method: string;
  matches(rest: readonly string[]): boolean;
}

const ROUTES: readonly RouteEntry[] = [
  {
    method: 'PUT',
    matches: (r) => r.length === 2 && r[0] === 'items',
    body: { kind: 'buffered', limit: SMALL_ITEM_LIMIT + ENVELOPE_ALLOWANCE },
    handle: async (services, ctx) => {
      const itemId = itemIdFrom(ctx.params[1]!);
      const item = parseOr400(smallItemSchema, parseJson(ctx.body, 'bad_request'));
      const header = { stationId: ctx.station.stationId, kind: item.kind, schemaVersion: item.schemaVersion, stream: item.stream };
      // Re-serialised from the parsed body: for a body made with JSON.stringify this is exactly the client's payload
      // text (a JSON.parse / JSON.stringify round trip is the identity), so its hash is the one in the app's outbox.
      const payloadJson = JSON.stringify(item.payload);
      if (Buffer.byteLength(payloadJson) > SMALL_ITEM_LIMIT) {
        throw new HttpError(413, `a small item's payload is at most ${SMALL_ITEM_LIMIT} bytes of JSON`, 'too_large');
      }
      const delivery = services.items.putSmall(itemId, header, payloadJson);
      return { status: 200, body: delivery };
    },
  },
  {
    method: 'POST',
    matches: (r) => r.length === 1 && r[0] === 'uploads',
    body: { kind: 'buffered', limit: OTHER_BODY_LIMIT },
    handle: async (services, ctx) => {
      const declaration = parseOr400(uploadDeclarationSchema, parseJson(ctx.body, 'bad_request'));
      return { status: 200, body: await services.large.open(ctx.station.stationId, declaration) };
    },
  },
  {
    method: 'PUT',
    matches: (r) => r.length === 4 && r[0] === 'uploads' && r[2] === 'chunks',
    body: { kind: 'streamed' },
    /**
     * The signed body hash must be the chunk hash, so the signature covers it; whether the bytes match it is
     * checked once they are in (422 chunk_hash, not 401: a chunk damaged on the way is sent again, not quarantined).
     */
    receive: async (services, ctx, body) => {
      const itemId = itemIdFrom(ctx.params[1]!);
      const index = chunkIndexFrom(ctx.params[3]!);
      const declared = body.headers[HEADER.chunkSha256];
      if (typeof declared !== 'string' || !CHUNK_SHA256.test(declared.toLowerCase())) {
        throw new HttpError(400, `${HEADER.chunkSha256} must be a hex SHA-256`, 'bad_request');
      }
      const declaredSha256 = declared.toLowerCase();
      if (declaredSha256 !== ctx.bodySha256) {
        throw new HttpError(401, `the signed body hash is not ${HEADER.chunkSha256}`, 'bad_body_hash');
      }
      const chunk = await services.large.receiveChunk(ctx.station.stationId, itemId, index, { ...body, declaredSha256 });
      return { chunk, declaredSha256 };
    },
    handle: async (services, ctx) => {
      const itemId = itemIdFrom(ctx.params[1]!);
      const index = chunkIndexFrom(ctx.params[3]!);
      const { chunk, declaredSha256 } = ctx.received!;
      return { status: 200, body: await services.large.recordChunk(ctx.station.stationId, itemId, index, chunk, declaredSha256) };
    },
  },
  {
    method: 'POST',
    matches: (r) => r.length === 3 && r[0] === 'uploads' && r[2] === 'commit',
    body: { kind: 'buffered', limit: OTHER_BODY_LIMIT },
    handle: async (services, ctx) => {
      const itemId = itemIdFrom(ctx.params[1]!);
      return { status: 200, body: await services.large.commit(ctx.station.stationId, itemId) };
    },
  },
  {
    method: 'GET',
    matches: (r) => r.length === 1 && r[0] === 'feed',
    body: { kind: 'buffered', limit: OTHER_BODY_LIMIT },
    handle: async (services, ctx) => {
      const after = integerParam(ctx.url, 'after', 0);
      // A larger limit is served as the largest page rather than refused: the client just pages more.
      const limit = Math.min(integerParam(ctx.url, 'limit', MAX_FEED_LIMIT), MAX_FEED_LIMIT);
      if (limit < 1) throw new HttpError(400, 'limit must be at least 1', 'bad_request');
      return { status: 200, body: services.feed.page(ctx.station.regionCode, ctx.station.ppeCode, after, limit) };
    },
  },
];

/** POST /api/v1/enrol: the one unsigned write, authorised by the one-time code instead. */
export async function handleEnrol(services: SyncServices, req: IncomingMessage): Promise<Reply> {
  const body = await readBody(req, OTHER_BODY_LIMIT, true);
  // The answer is signed over the body hash the client declares; it must be this body's, or an enrolment altered
  // on the way (another key put in) would get an answer the client takes for its own.
  const declared = req.headers[HEADER.bodySha256];
  if (typeof declared === 'string' && declared.toLowerCase() !== createHash('sha256').update(body).digest('hex')) {
    throw new HttpError(400, `the body does not match ${HEADER.bodySha256}`, 'bad_body_hash');
  }
  const request = parseOr400(enrolRequestSchema, parseJson(body, 'bad_request'));
  return { status: 200, body: services.stations.enrol(request) };
}

function chunkIndexFrom(segment: string): number {
  if (!/^\d{1,9}$/.test(segment)) throw new HttpError(400, `chunk index must be a number: ${segment}`, 'bad_request');
  return Number(segment);
}

function integerParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, `${name} must be a whole number: ${raw}`, 'bad_request');
  return Number(raw);
}
