import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signAnswer, type AnswerBinding } from '../../main/sync/answer-signing';
import { HEADER } from '../../main/sync/request-signing';
import { sendJson } from './http-json';

/**
 * RCOI signs what it answers (PROTOCOL.md, "Answers are signed"), with the same key that signs its bundles and
 * packages — the one the PPE pins. The answer is bound to the request as the client sent it: method, target,
 * station, the client's nonce and body hash, read from the request's own headers (empty when absent).
 */
export function answerBinding(req: IncomingMessage): AnswerBinding {
  return {
    method: req.method ?? 'GET',
    pathWithQuery: req.url ?? '/',
    stationId: header(req, HEADER.station),
    nonce: header(req, HEADER.nonce),
    bodySha256: header(req, HEADER.bodySha256),
  };
}

/** sendJson with RCOI's answer signature over exactly the bytes sent. */
export function sendSignedJson(
  res: ServerResponse,
  key: KeyObject,
  req: IncomingMessage,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  sendJson(res, status, body, { ...headers, ...signAnswer(key, answerBinding(req), status, bytes) });
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
}
