import { randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import WebSocket from 'ws';

/**
 * Clients for the bridge tests: a well-behaved one (the ws library, as the page behaves) and a raw one that writes
 * whatever bytes a hostile local program could, on a real TCP socket to the real bridge.
 */

export const BRIDGE_PROTOCOL = 'ppe-bridge.v1';

export interface Client {
  ws: WebSocket;
  frames: { type?: string; id?: unknown; result?: unknown; resume?: string }[];
  welcome: Promise<{ resume: string } | null>;
  closed: Promise<{ code: number }>;
  call(channel: string, request: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
  /** Sends any text or bytes; resolves when the bridge answers a following app/info call, or closes the socket. */
  sendAndSettle(data: string | Buffer, options?: { binary?: boolean }): Promise<'answered' | 'closed'>;
}

/** Opens a WebSocket offering a credential the way the page does: as a subprotocol beside ours. */
export function openClient(port: number, credential: string | null, origin = `http://127.0.0.1:${port}`): Promise<Client> {
  const protocols = credential === null ? [BRIDGE_PROTOCOL] : [BRIDGE_PROTOCOL, credential];
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge`, protocols, { origin });
  const frames: Client['frames'] = [];
  const waiting = new Map<number, (r: never) => void>();
  let nextId = 1;
  let isClosed = false;
  const closed = new Promise<{ code: number }>((resolve) =>
    ws.on('close', (code) => {
      isClosed = true;
      for (const w of waiting.values()) w(null as never);
      waiting.clear();
      resolve({ code });
    }),
  );
  let welcomed: (w: { resume: string } | null) => void = () => {};
  const welcome = new Promise<{ resume: string } | null>((resolve) => (welcomed = resolve));
  void closed.then(() => welcomed(null));
  ws.on('message', (data) => {
    let msg: Client['frames'][number];
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return;
    }
    frames.push(msg);
    if (msg.type === 'welcome') welcomed({ resume: String(msg.resume) });
    if (msg.type === 'result' && typeof msg.id === 'number') {
      waiting.get(msg.id)?.(msg.result as never);
      waiting.delete(msg.id);
    }
  });
  ws.on('error', () => {}); // 'close' follows and settles everything
  const call: Client['call'] = (channel, request) =>
    new Promise((resolve) => {
      if (isClosed || ws.readyState !== ws.OPEN) return resolve(null as never);
      const id = nextId++;
      waiting.set(id, resolve as never);
      ws.send(JSON.stringify({ type: 'invoke', id, channel, request }));
    });
  const client: Client = {
    ws,
    frames,
    welcome,
    closed,
    call,
    async sendAndSettle(data, options = {}) {
      if (isClosed || ws.readyState !== ws.OPEN) return 'closed';
      ws.send(data, { binary: options.binary ?? false });
      const answer = await call('app/info', {});
      return answer === null ? 'closed' : 'answered';
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('open', () => resolve(client));
    ws.once('close', () => resolve(client));
  });
}

/** Writes raw bytes on a TCP connection, half-closes it and collects everything the bridge answered until it closed. */
export function rawExchange(port: number, bytes: Buffer | string, options: { keepWriting?: (s: Socket) => void } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('connect', () => {
      socket.write(bytes);
      options.keepWriting?.(socket);
      socket.end();
    });
  });
}

/** The first line of an HTTP answer, e.g. "HTTP/1.1 400 Bad Request"; '' when the bridge just closed. */
export function statusLine(answer: string): string {
  return answer.split('\r\n', 1)[0] ?? '';
}

/** An HTTP/1.1 upgrade request as a browser would send it, with every part replaceable by a hostile one. */
export function upgradeRequest(port: number, parts: { path?: string; origin?: string | null; protocols?: string | null } = {}): string {
  const lines = [
    `GET ${parts.path ?? '/bridge'} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
  ];
  const origin = parts.origin === undefined ? `http://127.0.0.1:${port}` : parts.origin;
  if (origin !== null) lines.push(`Origin: ${origin}`);
  if (parts.protocols !== undefined && parts.protocols !== null) lines.push(`Sec-WebSocket-Protocol: ${parts.protocols}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

/** One client-to-server WebSocket frame (masked, as clients must), with a header that may lie about its length. */
export function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; claimedLength?: number | bigint } = {}): Buffer {
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (opcode & 0x0f);
  const length = options.claimedLength ?? payload.length;
  let header: Buffer;
  if (typeof length === 'bigint' || length > 0xffff) {
    header = Buffer.alloc(10);
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  } else if (length > 125) {
    header = Buffer.alloc(4);
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(2);
    header[1] = 0x80 | length;
  }
  header[0] = first;
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
  return Buffer.concat([header, mask, body]);
}
