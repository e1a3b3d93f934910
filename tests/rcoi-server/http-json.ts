import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An error that ends a request with a given status and a JSON body. Without a code the body is `{ error: message }`
 * (the bundle endpoints' form); with one it is `{ error: code, message }`, the machine-readable form of the sync
 * protocol, whose client decides on `error` alone.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }

  get body(): Record<string, string> {
    return this.code === undefined ? { error: this.message } : { error: this.code, message: this.message };
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
  return parseJson(await readBody(req, MAX_BODY_BYTES));
}

export function parseJson(bytes: Buffer, code?: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON', code);
  }
}

/**
 * Reads a whole request body into memory, up to `limit` bytes; a declared or actual size over it is a 413 at once
 * (the error handler then closes the connection, so the rest of an oversized body is never read). `coded` gives
 * the sync protocol's `{ error: 'too_large' }` form.
 */
export async function readBody(req: IncomingMessage, limit: number, coded = false): Promise<Buffer> {
  const tooLarge = new HttpError(413, `request body is larger than ${limit} bytes`, coded ? 'too_large' : undefined);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
