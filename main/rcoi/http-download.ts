import { createHash, type Hash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { FileHandle } from 'node:fs/promises';

export class DownloadHttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
    this.name = 'DownloadHttpError';
  }
}

/** Writing to this computer's disk failed (full, gone): not RCOI's fault, and the person's fix is different. */
export class DownloadDiskError extends Error {
  constructor(cause: unknown) {
    super('could not write the download to disk', { cause });
    this.name = 'DownloadDiskError';
  }
}

/** The server sent (or announced) more bytes than the manifest allows for the file. */
export class DownloadTooLongError extends Error {
  constructor() {
    super('the server sent more than the signed size of the file');
    this.name = 'DownloadTooLongError';
  }
}

/**
 * GETs a URL into an open file from `offset` on (HTTP Range when offset > 0), feeding every byte to `hash` as it is
 * written. Resolves with the number of bytes written; rejects on a dropped connection, leaving what arrived on disk
 * so the next attempt resumes from there. At most `maxBytes` are accepted: a Content-Length above it is refused
 * before the body is read, and a body running past it is cut off before the extra bytes touch the disk.
 */
export function downloadInto(
  url: URL,
  fh: FileHandle,
  offset: number,
  hash: Hash,
  options: { maxBytes: number; timeoutMs: number; signal?: AbortSignal; onBytes?: (n: number) => void },
): Promise<number> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      { headers: offset > 0 ? { range: `bytes=${offset}-` } : {}, timeout: options.timeoutMs, signal: options.signal },
      (res) => {
        const expected = offset > 0 ? 206 : 200;
        if (res.statusCode !== expected) {
          res.resume();
          reject(new DownloadHttpError(res.statusCode ?? 0));
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          req.destroy();
          reject(new DownloadTooLongError());
          return;
        }
        let position = offset;
        let received = 0;
        let chain = Promise.resolve();
        res.on('data', (piece: Buffer) => {
          received += piece.length;
          if (received > options.maxBytes) {
            req.destroy();
            reject(new DownloadTooLongError());
            return;
          }
          // Writes are chained in order; the socket is paused while the disk catches up.
          res.pause();
          chain = chain
            .then(async () => {
              let off = 0;
              try {
                while (off < piece.length) off += (await fh.write(piece, off, piece.length - off, position + off)).bytesWritten;
              } catch (e) {
                throw new DownloadDiskError(e);
              }
              hash.update(piece);
              position += piece.length;
              options.onBytes?.(piece.length);
            })
            .then(
              () => void res.resume(),
              (e: unknown) => {
                req.destroy();
                reject(e);
              },
            );
        });
        res.on('end', () => {
          if (!res.complete) reject(new Error('connection closed before the end of the file'));
          else chain.then(() => resolve(position - offset), reject);
        });
        res.on('aborted', () => reject(new Error('connection aborted')));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** SHA-256 of the first `length` bytes of an open file: resuming a download continues this hash. */
export async function hashPrefix(fh: FileHandle, length: number): Promise<Hash> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  for (let pos = 0; pos < length; ) {
    const { bytesRead } = await fh.read(buffer, 0, Math.min(buffer.length, length - pos), pos);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash;
}
