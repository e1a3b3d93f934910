import type { EventChannel, EventOf, InvokeChannel, RequestOf, ResponseOf, Result } from '../../main/ipc/contract';
import { BRIDGE_PROTOCOL, type BridgeCredentials } from './bridge-token';
import { TransportError, type ConnectionStatus, type Transport } from './transport';

/** Close code the bridge uses for a missing, spent or wrong ticket: retrying cannot help. */
const CLOSE_BAD_TOKEN = 4401;
/** Backoff between reconnect attempts, in ms; the last value repeats. Short at first: drops are usually brief. */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10000];

interface Pending {
  resolve: (result: Result<unknown>) => void;
  reject: (error: Error) => void;
  /** Whether the frame left this page; unsent requests survive a reconnect, sent ones cannot be trusted. */
  sent: boolean;
  frame: string;
}

type ServerFrame =
  | { type: 'welcome'; resume?: unknown }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventChannel; payload: unknown };

/** The contract over the local WebSocket bridge (browser shell, tests, demo). One socket, reopened with backoff. */
export class BridgeTransport implements Transport {
  readonly kind = 'bridge' as const;
  private socket: WebSocket | null = null;
  private welcomed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private current: ConnectionStatus = { state: 'connecting', attempt: 0, retryAt: null, epoch: 0 };
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    private readonly credentials: BridgeCredentials,
  ) {
    this.open();
  }

  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
    if (this.current.state === 'unauthorized') {
      return Promise.reject(new TransportError('bridge refused the token'));
    }
    const id = this.nextId++;
    const frame = JSON.stringify({ type: 'invoke', id, channel, request });
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve: resolve as Pending['resolve'], reject, sent: false, frame };
      this.pending.set(id, entry);
      if (this.welcomed) this.send(entry);
    });
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    let set = this.eventListeners.get(event);
    if (!set) this.eventListeners.set(event, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  status(): ConnectionStatus {
    return this.current;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  reconnectNow(): void {
    if (this.current.state !== 'reconnecting' || this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  private open(): void {
    const credential = this.credentials.current();
    if (credential === null) {
      this.setStatus({ state: 'unauthorized', retryAt: null });
      return;
    }
    // The credential rides as a subprotocol: the bridge checks it before it reads a single frame from us.
    const socket = new WebSocket(this.url, [BRIDGE_PROTOCOL, credential]);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = (closed) => this.dropped(socket, closed.code);
    // onerror is always followed by onclose, which does the work.
  }

  private receive(data: unknown): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data)) as ServerFrame;
    } catch {
      return; // A garbled frame is ignored; a missing result surfaces when the connection is re-established.
    }
    if (frame.type === 'welcome') {
      if (typeof frame.resume === 'string') this.credentials.resumeWith(frame.resume);
      this.welcomed = true;
      this.setStatus({ state: 'open', attempt: 0, retryAt: null, epoch: this.current.epoch + 1 });
      for (const entry of this.pending.values()) if (!entry.sent) this.send(entry);
    } else if (frame.type === 'result') {
      const entry = this.pending.get(frame.id);
      if (!entry) return;
      this.pending.delete(frame.id);
      entry.resolve(frame.result);
    } else if (frame.type === 'event') {
      for (const listener of this.eventListeners.get(frame.event) ?? []) {
        try {
          listener(frame.payload);
        } catch (e) {
          console.error('event listener failed', frame.event, e);
        }
      }
    }
  }

  private send(entry: Pending): void {
    entry.sent = true;
    this.socket?.send(entry.frame);
  }

  private dropped(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.welcomed = false;
    // Answers to requests already sent are lost with the socket: fail them so no screen waits forever.
    for (const [id, entry] of this.pending) {
      if (!entry.sent) continue;
      this.pending.delete(id);
      entry.reject(new TransportError('connection lost before the answer arrived'));
    }
    if (code === CLOSE_BAD_TOKEN) {
      for (const entry of this.pending.values()) entry.reject(new TransportError('bridge refused the token'));
      this.pending.clear();
      this.setStatus({ state: 'unauthorized', retryAt: null });
      return;
    }
    const attempt = this.current.attempt + 1;
    const delay = BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)]!;
    this.setStatus({ state: 'reconnecting', attempt, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private setStatus(change: Partial<ConnectionStatus>): void {
    this.current = { ...this.current, ...change };
    for (const listener of this.statusListeners) listener(this.current);
  }
}
