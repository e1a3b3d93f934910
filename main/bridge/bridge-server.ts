import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_BUNDLE_CHARS } from '../ipc/contract';
import type { AppCore } from '../core/app-core';
import { serveStatic } from './static-files';

/**
 * The bridge serves the same contract as Electron's IPC over a WebSocket on 127.0.0.1, so the real renderer can run
 * in a plain Chromium (development, tests, machines without the Electron binary) against the real main services.
 *
 * Who may use it: a page from this very server (Origin checked) that knows the random per-run token, sent as the
 * first message. Each connection is its own sign-in session, ended when the socket closes.
 */
export interface BridgeOptions {
  core: AppCore;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HELLO_TIMEOUT_MS = 5_000;

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const server: Server = createServer((req, res) => serveStatic(options.rendererDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BUNDLE_CHARS * 2 + 65_536 });
  const clients = new Map<WebSocket, string>();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/bridge' || !allowedOrigins.has(req.headers.origin ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    const sessionKey = `bridge:${randomUUID()}`;
    let authenticated = false;
    const helloTimer = setTimeout(() => ws.close(4401, 'hello expected'), HELLO_TIMEOUT_MS);
    ws.on('message', (data, isBinary) => {
      let msg: { type?: unknown; token?: unknown; id?: unknown; channel?: unknown; request?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        msg = JSON.parse(data.toString());
      } catch {
        ws.close(4400, 'bad message');
        return;
      }
      if (!authenticated) {
        clearTimeout(helloTimer);
        const given = Buffer.from(typeof msg.token === 'string' ? msg.token : '');
        if (msg.type !== 'hello' || given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) {
          ws.close(4401, 'bad token');
          return;
        }
        authenticated = true;
        clients.set(ws, sessionKey);
        ws.send(JSON.stringify({ type: 'welcome' }));
        return;
      }
      if (msg.type !== 'invoke' || typeof msg.id !== 'number') {
        ws.close(4400, 'bad message');
        return;
      }
      const id = msg.id;
      void options.core.dispatch(sessionKey, msg.channel, msg.request).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, result }));
      });
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      if (clients.delete(ws)) options.core.endSession(sessionKey);
    });
  }

  const unsubscribe = options.core.events.subscribe((target, event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload });
    for (const [ws, key] of clients) {
      if (target === 'all' || target.sessionKey === key) ws.send(frame);
    }
  });

  return {
    url: `http://127.0.0.1:${port}/#bridge=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of clients.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
