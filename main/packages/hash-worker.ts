import { Worker } from 'node:worker_threads';
import { constants } from 'node:fs';
import { DriveEntryError, type EntryKind } from './drive-fs';
import type { HashFile, SeenFile } from './verify-files';

/**
 * Runs `use` with a HashFile that hashes on a worker thread of its own, and stops the worker afterwards. The
 * read-back of two drives then hashes on two cores instead of one after the other on the app's main thread.
 */
export async function withHashWorker<T>(pieceBytes: number, signal: AbortSignal | undefined, use: (hashFile: HashFile) => Promise<T>): Promise<T> {
  const worker = new Worker(HASH_WORKER, { eval: true, workerData: { piece: pieceBytes } });
  try {
    return await use((path, onBytes, seen) => hashOnWorker(worker, path, onBytes, seen, signal));
  } finally {
    await worker.terminate();
  }
}

type HashMessage =
  | { read: number }
  | { sha256: string; longer: boolean }
  | { notRegular: EntryKind }
  | { error: { message: string; code?: string } };

function hashOnWorker(
  worker: Worker,
  path: string,
  onRead: (bytes: number) => void,
  seen: SeenFile,
  signal: AbortSignal | undefined,
): Promise<{ sha256: string; longer: boolean }> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
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
      } else if ('sha256' in m) finish(() => resolve({ sha256: m.sha256, longer: m.longer }));
      else if ('notRegular' in m) finish(() => reject(new DriveEntryError(path, m.notRegular)));
      // Rebuilt with its code, so toDriveError can tell a pulled drive (ENOENT, EIO) from a broken one.
      else finish(() => reject(Object.assign(new Error(m.error.message), { code: m.error.code })));
    };
    const onError = (e: unknown) => finish(() => reject(e));
    const onAbort = () => finish(() => reject(signal!.reason));
    worker.on('message', onMessage).on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage({ path, ...seen, flags: constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) });
  });
}

// The worker is plain JavaScript given as text (eval): main is bundled into one file and the tests run the
// TypeScript sources, so a worker script file would need a build step and a path of its own in each.
// A drive is hostile (see drive-fs.ts): the file is opened without following a link or waiting on a FIFO, must be
// the regular file the folder walk saw (same dev and ino), and is read no further than one byte past its size.
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buffer = Buffer.allocUnsafe(workerData.piece);
const kindOf = (st) => st.isSymbolicLink() ? 'symlink' : st.isFIFO() ? 'fifo' : st.isSocket() ? 'socket'
  : st.isCharacterDevice() || st.isBlockDevice() ? 'device' : 'other';
parentPort.on('message', ({ path, size, dev, ino, flags }) => {
  let fd = -1;
  try {
    try {
      fd = openSync(path, flags);
    } catch (e) {
      if (e && e.code === 'ELOOP') return parentPort.postMessage({ notRegular: 'symlink' });
      throw e;
    }
    const st = fstatSync(fd);
    if (!st.isFile()) return parentPort.postMessage({ notRegular: kindOf(st) });
    if (st.dev !== dev || st.ino !== ino) return parentPort.postMessage({ notRegular: 'symlink' });
    const hash = createHash('sha256');
    let position = 0;
    for (let n; position <= size && (n = readSync(fd, buffer, 0, Math.min(buffer.length, size + 1 - position), position)) > 0; ) {
      hash.update(buffer.subarray(0, n));
      position += n;
      parentPort.postMessage({ read: n });
    }
    parentPort.postMessage({ sha256: hash.digest('hex'), longer: position > size });
  } catch (e) {
    parentPort.postMessage({ error: { message: String(e && e.message), code: e && e.code } });
  } finally {
    if (fd >= 0) closeSync(fd);
  }
});
`;
