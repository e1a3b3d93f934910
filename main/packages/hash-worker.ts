import { Worker } from 'node:worker_threads';
import type { HashFile } from './verify-files';

/**
 * Runs `use` with a HashFile that hashes on a worker thread of its own, and stops the worker afterwards. The
 * read-back of two drives then hashes on two cores instead of one after the other on the app's main thread.
 */
export async function withHashWorker<T>(pieceBytes: number, signal: AbortSignal | undefined, use: (hashFile: HashFile) => Promise<T>): Promise<T> {
  const worker = new Worker(HASH_WORKER, { eval: true, workerData: { piece: pieceBytes } });
  try {
    return await use((path, onBytes) => hashOnWorker(worker, path, onBytes, signal));
  } finally {
    await worker.terminate();
  }
}

type HashMessage = { read: number } | { sha256: string } | { error: { message: string; code?: string } };

function hashOnWorker(worker: Worker, path: string, onRead: (bytes: number) => void, signal: AbortSignal | undefined): Promise<string> {
  signal?.throwIfAborted();
  return new Promise<string>((resolve, reject) => {
    const finish = (settleWith: () => void) => {
      worker.off('message', onMessage).off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      settleWith();
    };
    const onMessage = (m: HashMessage) => {
      if ('read' in m) {
        // A throwing progress callback would otherwise escape as an uncaught exception from the worker's events.
        try {
          onRead(m.read);
        } catch (e) {
          finish(() => reject(e));
        }
      } else if ('sha256' in m) finish(() => resolve(m.sha256));
      // Rebuilt with its code, so toDriveError can tell a pulled drive (ENOENT, EIO) from a broken one.
      else finish(() => reject(Object.assign(new Error(m.error.message), { code: m.error.code })));
    };
    const onError = (e: unknown) => finish(() => reject(e));
    const onAbort = () => finish(() => reject(signal!.reason));
    worker.on('message', onMessage).on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage(path);
  });
}

// The worker is plain JavaScript given as text (eval): main is bundled into one file and the tests run the
// TypeScript sources, so a worker script file would need a build step and a path of its own in each.
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buffer = Buffer.allocUnsafe(workerData.piece);
parentPort.on('message', (path) => {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const hash = createHash('sha256');
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) {
      hash.update(buffer.subarray(0, n));
      parentPort.postMessage({ read: n });
    }
    parentPort.postMessage({ sha256: hash.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ error: { message: String(e && e.message), code: e && e.code } });
  } finally {
    if (fd >= 0) closeSync(fd);
  }
});
`;
