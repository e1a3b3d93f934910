import { createHash, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Faults } from './faults';
import { HttpError, readBody } from './http-json';
import { sendSignedJson } from './signed-answer';
import { checkBodyHash, verifySignedHeaders } from './signed-request';
import type { Reply, SignedContext, SignedRoute, StreamedBody } from './sync-routes';
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
  /** RCOI's key: it signs every answer (PROTOCOL.md, "Answers are signed"). */
  answerKey: KeyObject;
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
  let outcome: { reply: Reply } | { error: unknown };
  try {
    // The injected 500 comes before anything else, so it has no effect at all: the retry is the first delivery.
    if (deps.faults.take('fail500')) throw new HttpError(500, 'injected fault: fail500', 'injected_fault');
    const verified = verifySignedHeaders(req, deps.services);
    const ctx: SignedContext = { station: verified.station, url, params, bodySha256: verified.bodySha256, body: Buffer.alloc(0) };
    if (route.body.kind === 'buffered') {
      ctx.body = await readBody(req, route.body.limit, true);
      checkBodyHash(verified, createHash('sha256').update(ctx.body).digest('hex'));
    } else {
      ctx.received = await route.receive!(deps.services, ctx, streamedBody(req, deps.faults));
    }
    let reply = await route.handle(deps.services, ctx);
    // As if the answer was lost and the same request came again: the client gets the second outcome.
    if (deps.faults.take('duplicateResponse')) reply = await route.handle(deps.services, ctx);
    outcome = { reply };
  } catch (error) {
    outcome = { error };
  }
  if ('error' in outcome) {
    if (outcome.error instanceof ConnectionCut) throw outcome.error;
    const code = outcome.error instanceof HttpError ? (outcome.error.code ?? String(outcome.error.status)) : 'internal';
    deps.counters.refused[code] = (deps.counters.refused[code] ?? 0) + 1;
  }
  const slowMs = deps.faults.slowMs;
  if (slowMs > 0) await delay(slowMs);
  if ('error' in outcome) throw outcome.error;
  sendSignedJson(res, deps.answerKey, req, outcome.reply.status, outcome.reply.body);
}

/** The request body for a route that streams it, with the dropMidChunk fault armed at half its declared length. */
function streamedBody(req: IncomingMessage, faults: Faults): StreamedBody {
  const length = Number(req.headers['content-length'] ?? 0);
  const cutAt = Math.max(1, Math.floor(length / 2));
  let armed = true;
  return {
    source: req as AsyncIterable<Buffer>,
    headers: req.headers,
    onBytes: (total) => {
      if (!armed || total < cutAt) return;
      armed = false;
      if (!faults.take('dropMidChunk')) return;
      req.socket.destroy();
      throw new ConnectionCut(`injected fault: connection cut after ${total} of ${length} bytes`);
    },
    abort: () => req.socket?.destroy(),
    discard: () => {
      req.resume();
    },
  };
}
