import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../app/security-policy';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** The browser shell's page policy (see main/app/security-policy.ts): our own code only, the bridge socket on loopback. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy('bridge');

/**
 * Serves the built renderer (dist/renderer). Unknown paths get index.html; nothing outside the folder is served.
 * Whatever the request, it is answered (400 for a URL that does not parse or decode) and never throws.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  try {
    serve(root, req, res);
  } catch (e) {
    console.error('bridge: static request failed', e);
    if (!res.headersSent) res.writeHead(500).end();
    else res.destroy();
  }
}

function serve(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const relativePath = requestedPath(req.url);
  if (relativePath === null) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request\n');
    return;
  }
  let file = join(root, relativePath);
  if (!(file + sep).startsWith(root + sep) && file !== root) {
    res.writeHead(403).end();
    return;
  }
  if (!isFile(file)) file = join(root, 'index.html');
  if (!isFile(file)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Интерфейс не собран: выполните npm run build.\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy()); // the file vanished or became unreadable after the check
  stream.pipe(res);
}

/** The decoded path inside the renderer folder, or null for a URL that does not parse or a bad %-escape or a NUL. */
function requestedPath(url: string | undefined): string | null {
  try {
    const decoded = decodeURIComponent(new URL(url ?? '/', 'http://127.0.0.1').pathname);
    if (decoded.includes('\0')) return null;
    return normalize(decoded).replace(/^([/\\])+/, '');
  } catch {
    return null;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
