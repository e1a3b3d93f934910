import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: RCOI's signature covers these bytes. */
  bytes: Buffer;
}

/** The answer announced, or ran to, more bytes than the caller accepts: cut off, never buffered. */
export class AnswerTooLongError extends Error {
  constructor(readonly maxBytes: number) {
    super(`answer longer than ${maxBytes} bytes`);
    this.name = 'AnswerTooLongError';
  }
}

// One way to RCOI for every capability (sync, bundles, packages): kept-alive connections, since a chunked upload is
// many requests in a row. node:http rather than fetch: on 4 MiB bodies it moves bytes about twice as fast here,
// which is most of an upload's cost; and no redirect is ever followed.
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }) };

export function agentFor(url: URL): http.Agent {
  return agents[url.protocol === 'https:' ? 'https:' : 'http:'];
}

/**
 * One HTTP(S) request with a body in memory; rejects on network failure, timeout or abort (not on HTTP status),
 * and on an answer longer than maxBytes (AnswerTooLongError; a Content-Length above it is refused before a byte of
 * the body is read): whoever answers, it cannot make us buffer without a bound.
 */
export function httpRequest(
  url: URL,
  options: { method: string; headers: Record<string, string>; body: Buffer | null; timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<HttpAnswer> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const req = lib.request(
      url,
      {
        method: options.method,
        headers: { ...options.headers, 'content-length': String(options.body?.length ?? 0) },
        agent: agentFor(url),
        timeout: options.timeoutMs,
        signal: options.signal,
      },
      (res) => {
        if (Number(res.headers['content-length']) > options.maxBytes) {
          req.destroy(new AnswerTooLongError(options.maxBytes));
          return;
        }
        const pieces: Buffer[] = [];
        let length = 0;
        res.on('data', (d: Buffer) => {
          length += d.length;
          if (length > options.maxBytes) {
            req.destroy(new AnswerTooLongError(options.maxBytes));
            return;
          }
          pieces.push(d);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(pieces) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(options.body ?? undefined);
  });
}
