import http, { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A man in the middle on loopback, for the hostile-RCOI tests: it stands where the PPE expects RCOI, forwards
 * requests to the real reference server and hands back its answers — unless the test tells it to forge an answer
 * instead (without asking RCOI) or to rewrite the genuine one. It records every exchange, so a test can replay a
 * genuine answer later for another request.
 */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Exchange {
  method: string;
  path: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: Buffer;
  answer: Answer;
}

export type Request = Omit<Exchange, 'answer'>;

export interface Mitm {
  readonly url: string;
  readonly log: Exchange[];
  /** Answer this request without forwarding it (undefined: forward). */
  forge: ((req: Request) => Answer | undefined) | null;
  /** Replace RCOI's genuine answer (undefined: pass it on). */
  rewrite: ((exchange: Exchange) => Answer | undefined) | null;
  close(): Promise<void>;
}

/** The hop-by-hop and length headers that must not be copied from one connection to another. */
const HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export function jsonAnswer(body: unknown, status = 200, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(body)) };
}

export async function startMitm(target: string | null): Promise<Mitm> {
  const mitm: Mitm = {
    url: '',
    log: [],
    forge: null,
    rewrite: null,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const server: Server = createServer((req, res) => {
    const pieces: Buffer[] = [];
    req.on('data', (d: Buffer) => pieces.push(d));
    req.on('end', () => {
      const request: Request = { method: req.method ?? 'GET', path: req.url ?? '/', requestHeaders: req.headers, requestBody: Buffer.concat(pieces) };
      const reply = (answer: Answer) => {
        mitm.log.push({ ...request, answer });
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
        res.end(answer.body);
      };
      const forged = mitm.forge?.(request);
      if (forged || !target) {
        reply(forged ?? jsonAnswer({ error: 'nothing here' }, 404));
        return;
      }
      forward(target, request)
        .then((genuine) => reply(mitm.rewrite?.({ ...request, answer: genuine }) ?? genuine))
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (mitm as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return mitm;
}

function forward(target: string, request: Request): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.requestHeaders)) {
    if (typeof value === 'string' && !HOP.has(name)) headers[name] = value;
  }
  headers['content-length'] = String(request.requestBody.length);
  return new Promise((resolve, reject) => {
    const out = http.request(new URL(request.path, target), { method: request.method, headers, agent: false }, (res) => {
      const pieces: Buffer[] = [];
      res.on('data', (d: Buffer) => pieces.push(d));
      res.on('end', () => {
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string' && !HOP.has(name)) answerHeaders[name] = value;
        }
        resolve({ status: res.statusCode ?? 0, headers: answerHeaders, body: Buffer.concat(pieces) });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(request.requestBody);
  });
}
