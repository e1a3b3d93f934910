import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error that ends a request with a given status and a JSON `{ error }` body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(bytes);
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Reads a JSON request body, refusing oversized or malformed ones with 413 / 400. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a Host (or Origin) value names this machine. Checking it stops a web page from reaching the admin
 * endpoint through a DNS name rebound to 127.0.0.1.
 */
export function isLoopbackAuthority(value: string | undefined, withScheme = false): boolean {
  if (!value) return false;
  try {
    const url = new URL(withScheme ? value : `http://${value}`);
    return LOOPBACK_NAMES.has(url.hostname);
  } catch {
    return false;
  }
}
