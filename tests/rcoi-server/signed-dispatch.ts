import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { HEADER } from '../../main/sync/request-signing';
import { TooManyBytesError } from './blob-folder';
import type { Faults } from './faults';
import { HttpError, readBody, sendJson } from './http-json';
import { checkBodyHash, verifySignedHeaders, type VerifiedHeaders } from './signed-request';
import { CHUNK_SHA256, MAX_CHUNK_SIZE } from './sync-schemas';
import type { Reply, SignedContext, SignedRoute } from './sync-routes';
import type { SyncServices } from './sync-services';

/** Counts of signed requests and of their refusals by error code, for stats(). In memory, like the faults. */
export interface RequestCounters {
  signed: number;
  refused: Record<string, number>;
}

export interface DispatchDeps {
  services: SyncServices;
  faults: Faults;
  counters: RequestCounters;
}

/** Thrown when the fault injector cuts a connection: there is nobody left to answer. */
export class ConnectionCut extends Error {}

/**
 * Runs one signed request: fault switches, authentication, body, the route (twice under duplicateResponse),
 * then the answer (late under slowMs). Errors are rethrown for the server's error handler to answer.
 */
export async function dispatchSigned(
  route: SignedRoute,
  deps: DispatchDeps,
  params: string[],
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  deps.counters.signed++;
  let chunkFile: string | undefined;
  let outcome: { reply: Reply } | { error: unknown };
  try {
    // The injected 500 comes before anything else, so it has no effect at all: the retry is the first delivery.
    if (deps.faults.take('fail500')) throw new HttpError(500, 'injected fault: fail500', 'injected_fault');
    const verified = verifySignedHeaders(req, deps.services);
    const ctx = route.body.kind === 'chunk'
      ? await receiveChunk(req, verified, deps, params, url, (file) => (chunkFile = file))
      : await receiveBuffered(req, verified, route.body.limit, params, url);
    let reply = await route.handle(deps.services, ctx);
    // As if the answer was lost and the same request came again: the client gets the second outcome.
    if (deps.faults.take('duplicateResponse')) reply = await route.handle(deps.services, ctx);
    outcome = { reply };
  } catch (error) {
    outcome = { error };
  } finally {
    // A chunk the route did not keep (refused, or a cut connection) leaves nothing behind.
    if (chunkFile !== undefined) await rm(chunkFile, { force: true });
  }
  if ('error' in outcome) {
    if (outcome.error instanceof ConnectionCut) throw outcome.error;
    const code = outcome.error instanceof HttpError ? (outcome.error.code ?? String(outcome.error.status)) : 'internal';
    deps.counters.refused[code] = (deps.counters.refused[code] ?? 0) + 1;
  }
  const slowMs = deps.faults.slowMs;
  if (slowMs > 0) await delay(slowMs);
  if ('error' in outcome) throw outcome.error;
  sendJson(res, outcome.reply.status, outcome.reply.body);
}

async function receiveBuffered(
  req: IncomingMessage,
  verified: VerifiedHeaders,
  limit: number,
  params: string[],
  url: URL,
): Promise<SignedContext> {
  const body = await readBody(req, limit, true);
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  checkBodyHash(verified, bodySha256);
  return { station: verified.station, url, params, body, bodySha256 };
}

/**
 * Streams a chunk to a temporary file while hashing it. The signed body hash must be the chunk hash, so the chunk
 * hash is covered by the signature; whether the bytes match it is the route's check (422 chunk_hash, not 401: a
 * chunk damaged on the way is sent again, not quarantined).
 */
async function receiveChunk(
  req: IncomingMessage,
  verified: VerifiedHeaders,
  deps: DispatchDeps,
  params: string[],
  url: URL,
  onTempFile: (file: string) => void,
): Promise<SignedContext> {
  const declared = req.headers[HEADER.chunkSha256];
  if (typeof declared !== 'string' || !CHUNK_SHA256.test(declared.toLowerCase())) {
    throw new HttpError(400, `${HEADER.chunkSha256} must be a hex SHA-256`, 'bad_request');
  }
  const declaredSha256 = declared.toLowerCase();
  if (declaredSha256 !== verified.bodySha256) {
    throw new HttpError(401, `the signed body hash is not ${HEADER.chunkSha256}`, 'bad_body_hash');
  }
  const file = deps.services.blobs.tempFile();
  onTempFile(file);
  const length = Number(req.headers['content-length'] ?? 0);
  const cutAt = Math.max(1, Math.floor(length / 2));
  let armed = true;
  try {
    const written = await deps.services.blobs.receive(req as AsyncIterable<Buffer>, file, {
      maxBytes: MAX_CHUNK_SIZE,
      onBytes: (total) => {
        if (!armed || total < cutAt) return;
        armed = false;
        if (!deps.faults.take('dropMidChunk')) return;
        req.socket.destroy();
        throw new ConnectionCut(`injected fault: connection cut after ${total} of ${length} bytes`);
      },
    });
    return { station: verified.station, url, params, body: Buffer.alloc(0), bodySha256: verified.bodySha256, chunk: { ...written, file, declaredSha256 } };
  } catch (error) {
    if (error instanceof TooManyBytesError) throw new HttpError(413, `a chunk is at most ${MAX_CHUNK_SIZE} bytes`, 'too_large');
    throw error;
  }
}
