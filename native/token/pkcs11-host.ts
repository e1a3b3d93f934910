import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { TokenError } from './token-error';

// The PKCS#11 library runs on a worker thread, never on main's thread. pkcs11js is a synchronous binding: a token
// that stops answering inside C_Login or C_Sign (a half-pulled USB token, a reader driver that waits for a card)
// would otherwise freeze every window and the sync worker with it.
//
// What is bounded: every call made through `call()` gets an answer or a TIMEOUT within `timeoutMs`. On a timeout the
// worker is abandoned (terminate() is asked, and the thread unref'd so it cannot hold the app open) and the next call
// starts a fresh worker that loads the library again.
// What cannot be bounded: a thread stuck inside native code cannot be interrupted, so that thread stays stuck until
// the process exits, and if the vendor library holds a process-wide lock the fresh worker may hang as well — each of
// its calls times out too, main stays responsive, and the message tells the person to restart the app. Loading the
// library (dlopen runs the vendor's initialisers) is on the worker as well, so it is bounded the same way.
//
// The worker is a small generic proxy written as plain JavaScript (eval), so that it runs the same from the esbuild
// bundle and under vitest without a TypeScript loader: it calls `pkcs11[method](...args)` and posts back the result or
// the error's message (pkcs11js puts "CKR_PIN_INCORRECT:160" there). All PKCS#11 logic stays typed, on main's side.

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const toBuffers = (v) => {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(toBuffers);
  if (v !== null && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) o[k] = toBuffers(v[k]);
    return o;
  }
  return v;
};
let binding = null;
let p = null;
function load(path) {
  binding = binding || require(workerData.bindingPath);
  const lib = new binding.PKCS11();
  try { lib.load(path); } catch (e) { const err = new Error(String(e && e.message)); err.kind = 'load'; throw err; }
  try { lib.C_Initialize(); } catch (e) {
    // Another worker of this process (one abandoned after a timeout) initialised the library already.
    if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test(String(e && e.message))) { try { lib.close(); } catch {} throw e; }
  }
  p = lib;
}
parentPort.on('message', ({ id, method, args }) => {
  try {
    let result;
    if (method === '$load') { load(args[0]); result = null; }
    else if (method === '$finalize') {
      if (p !== null) { try { p.C_Finalize(); } finally { try { p.close(); } catch {} p = null; } }
      result = null;
    } else {
      if (p === null) throw new Error('library not loaded');
      result = p[method](...toBuffers(args));
    }
    parentPort.postMessage({ id, result });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String(e && e.message), kind: (e && e.kind) || null } });
  }
});
`;

/** Results come back as Uint8Array (structured clone); the rest of this layer works with Buffer. */
function toBuffers(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(toBuffers);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toBuffers(x)]));
  }
  return v;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

export const DEFAULT_TOKEN_TIMEOUT_MS = 20_000;

export class Pkcs11Host {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Grows each time a worker is started: session handles from an abandoned worker's era are not trusted. */
  generation = 0;

  constructor(
    readonly libraryPath: string,
    private readonly timeoutMs = DEFAULT_TOKEN_TIMEOUT_MS,
  ) {}

  /** Calls a pkcs11js method on the worker, starting it (and loading the library) first if needed. */
  async call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.worker === null) await this.start();
    return (await this.post(method, args)) as T;
  }

  /** C_Finalize and unload, then stop the worker. Safe to call twice. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return;
    try {
      await this.post('$finalize', []);
    } catch {
      // A hung or gone library: the worker is dropped below anyway.
    }
    this.abandon(worker);
  }

  private async start(): Promise<void> {
    // Checked here, not only by dlopen, so that "no such file" and "not a PKCS#11 library" stay two states.
    if (!existsSync(this.libraryPath)) throw new TokenError('LIBRARY_MISSING', this.libraryPath);
    const bindingPath = createRequire(import.meta.url).resolve('pkcs11js');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bindingPath } });
    worker.unref();
    worker.on('message', (m: { id: number; result?: unknown; error?: { message: string; kind: string | null } }) => {
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.error !== undefined) {
        if (m.error.kind === 'load') p.reject(new TokenError('LIBRARY_INVALID', m.error.message));
        else p.reject(new Error(m.error.message));
      } else p.resolve(toBuffers(m.result));
    });
    const fail = (why: string) => {
      if (this.worker === worker) this.failAll(new TokenError('FAILED', why));
      this.worker = this.worker === worker ? null : this.worker;
    };
    worker.on('error', (e) => fail(`token worker failed: ${e.message}`));
    worker.on('exit', (code) => fail(`token worker exited with code ${code}`));
    this.worker = worker;
    this.generation += 1;
    try {
      await this.post('$load', [this.libraryPath]);
    } catch (e) {
      this.abandon(worker);
      throw e;
    }
  }

  private post(method: string, args: unknown[]): Promise<unknown> {
    const worker = this.worker;
    if (worker === null) return Promise.reject(new TokenError('FAILED', 'token worker not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // Everything queued behind the hung call would wait on it too: all of them time out, the worker is dropped.
        this.failAll(new TokenError('TIMEOUT', method));
        this.abandon(worker);
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, method, args });
    });
  }

  private failAll(error: TokenError): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(error);
      this.pending.delete(id);
    }
  }

  private abandon(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
    worker.removeAllListeners('message');
    worker.unref();
    void worker.terminate().catch(() => undefined);
  }
}
