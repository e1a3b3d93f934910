import type { IncomingMessage, ServerResponse } from 'node:http';
import { open, readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import type { Faults } from './faults';
import { HttpError, sendJson } from './http-json';
import type { PackageFileEntry, PackageStore } from './package-store';

export const PACKAGES_PREFIX = '/api/v1/packages/';

/**
 * GET /api/v1/packages/:packageId/manifest.json and /api/v1/packages/:packageId/files/<path>, unsigned like the
 * bundles. `rawPath` is the request path as sent (before URL normalisation, so `files/../manifest.json` stays a
 * file path and is refused); the file path is a lookup key into the published manifest's list, never a
 * filesystem path.
 */
export async function handlePackageRequest(
  packages: PackageStore,
  faults: Faults,
  rawPath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const rest = rawPath.slice(PACKAGES_PREFIX.length);
  const slash = rest.indexOf('/');
  const packageId = decode(slash < 0 ? rest : rest.slice(0, slash));
  const tail = slash < 0 ? '' : rest.slice(slash + 1);
  if (tail === MANIFEST_FILE) {
    const path = packages.manifestPath(packageId);
    if (!path) throw new HttpError(404, `no package ${packageId}`, 'no_package');
    const bytes = await readFile(path);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(bytes.length),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(bytes);
    return;
  }
  if (tail.startsWith('files/')) {
    if (!packages.has(packageId)) throw new HttpError(404, `no package ${packageId}`, 'no_package');
    const path = decode(tail.slice('files/'.length));
    const file = packages.file(packageId, path);
    if (!file) throw new HttpError(404, `package ${packageId} lists no file ${path}`, 'no_file');
    return sendPackageFile(file, faults, req, res);
  }
  throw new HttpError(404, `no such endpoint: ${rawPath}`);
}

type RangeRequest = { kind: 'none' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

/** A single `bytes=START-` or `bytes=START-END`; anything else (suffix, multiple ranges, other units) is ignored. */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'none' };
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: 'none' };
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end };
}

/** Streams the file (or one range of it) from disk: one read buffer in memory, whatever the size. */
async function sendPackageFile(file: PackageFileEntry, faults: Faults, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fh = await open(file.absolutePath, 'r');
  try {
    // The size on disk, not the recorded one: Content-Length must match what is streamed even if a test has
    // tampered with the file.
    const size = (await fh.stat()).size;
    const range = parseRange(req.headers.range, size);
    const headers = { 'Accept-Ranges': 'bytes', ETag: `"${file.sha256}"`, 'Cache-Control': 'no-store' };
    if (range.kind === 'unsatisfiable') {
      return sendJson(res, 416, { error: 'range_not_satisfiable', message: `file is ${size} bytes` }, {
        ...headers,
        'Content-Range': `bytes */${size}`,
      });
    }
    const start = range.kind === 'range' ? range.start : 0;
    const end = range.kind === 'range' ? range.end : size - 1;
    const length = end - start + 1;
    res.writeHead(range.kind === 'range' ? 206 : 200, {
      ...headers,
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(length),
      ...(range.kind === 'range' ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (length === 0) {
      res.end();
      return;
    }
    if (faults.take('dropMidFile')) {
      // Send about half the body, let it reach the socket, then cut: the client sees a short body and resumes.
      const half = Math.floor(length / 2);
      if (half > 0) {
        for await (const piece of fh.createReadStream({ start, end: start + half - 1, autoClose: false }) as AsyncIterable<Buffer>) {
          await write(res, piece);
        }
      }
      res.socket?.destroy();
      return;
    }
    await pipeline(fh.createReadStream({ start, end, autoClose: false }), res);
  } finally {
    await fh.close();
  }
}

function write(res: ServerResponse, piece: Buffer): Promise<void> {
  return new Promise((resolve, reject) => res.write(piece, (error) => (error ? reject(error) : resolve())));
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path', 'bad_request');
  }
}
