import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_BUNDLE_CHARS } from '../ipc/contract';
import type { AppCore } from '../root/app-core';
import { serveStatic } from './static-files';

/**
 * The bridge serves the same contract as Electron's IPC over a WebSocket on 127.0.0.1, so the real renderer can run
 * in a plain Chromium (development, tests, machines without the Electron binary) against the real main services.
 * It is never part of a packaged build (see main/app/main.ts and electron-builder.yml).
 *
 * Who may use it: a page from this very server (Origin checked) that presents, as a WebSocket subprotocol, either
 *  - a one-time ticket (`ticket.<t>`): the URL the browser is opened with carries one (#ticket=…), so it shows in the
 *    process list (chromium's --app=URL) and in the printed line; the first connection burns it; or
 *  - the page's resume secret (`resume.<s>`), handed to it in the welcome frame of that first connection and kept in
 *    the tab's sessionStorage, so a reload or a dropped socket reconnects. It never appears in a URL or argument.
 * A peer without either is closed with 4401 at once, before it can send a single frame of any size.
 * Each connection is its own sign-in session, ended when the socket closes.
 *
 * Nothing a peer sends can throw out of here: every handler is guarded, and bad input is answered with 400/403 on
 * HTTP and a close code on the socket (4400 bad message, 4401 not authorised, 1008 too much at once, 1011 our fault).
 */
export interface BridgeOptions {
  core: AppCore;
  rendererDir: string;
  port?: number;
}

export interface Bridge {
  /** The address to open, with a fresh one-time ticket. */
  url: string;
  port: number;
  /** Another one-time ticket, for another page (tests that open several, a second browser window). */
  mintTicket(): string;
  urlWithTicket(ticket: string): string;
  close(): Promise<void>;
}

export const BRIDGE_PROTOCOL = 'ppe-bridge.v1';
export const CLOSE_BAD_MESSAGE = 4400;
export const CLOSE_UNAUTHORIZED = 4401;
/** Calls one connection may have in flight; a page has a handful, a flood is not a page. */
const MAX_IN_FLIGHT = 64;
/** Connections open at once; a page needs one, the tests a few. */
const MAX_CONNECTIONS = 64;
/** Outstanding tickets; each page start mints one. */
const MAX_TICKETS = 256;
const SECRET = /^[A-Za-z0-9_-]{32,64}$/;

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const tickets = new Set<string>();
  const resumeSecrets = new Set<string>();
  const server: Server = createServer((req, res) => serveStatic(options.rendererDir, req, res));
  // A bundle import is the largest message (a 32M-character file, JSON-escaped); nobody unauthenticated gets here.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_BUNDLE_CHARS * 2 + 65_536,
    handleProtocols: (offered) => (offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });
  // Unauthenticated peers are upgraded only to be told 4401 (so the page can tell "refused" from "bridge down");
  // they may send at most a tiny frame before the close.
  const refusals = new WebSocketServer({
    noServer: true,
    maxPayload: 1024,
    handleProtocols: (offered) => (offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });
  const clients = new Map<WebSocket, string>();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', (e) => console.error('bridge: server error', e));
  const port = (server.address() as AddressInfo).port;
  const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      if (pathOf(req.url) !== '/bridge' || !allowedOrigins.has(req.headers.origin ?? '')) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      if (clients.size >= MAX_CONNECTIONS) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        return;
      }
      const credential = redeem(req.headers['sec-websocket-protocol']);
      if (!credential) {
        refusals.handleUpgrade(req, socket, head, (ws) => {
          ws.on('error', () => ws.terminate());
          ws.close(CLOSE_UNAUTHORIZED, 'ticket expected');
        });
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, credential.resume));
    } catch (e) {
      console.error('bridge: upgrade failed', e);
      socket.destroy();
    }
  });

  /**
   * The credential a connection offers, checked and (for a ticket) burnt in the same step, so two connections
   * racing with one ticket cannot both pass. A ticket is exchanged for a new resume secret.
   */
  function redeem(header: string | string[] | undefined): { resume: string } | null {
    if (typeof header !== 'string') return null;
    const offered = header.split(',').map((p) => p.trim());
    if (!offered.includes(BRIDGE_PROTOCOL)) return null;
    for (const p of offered) {
      const ticket = p.startsWith('ticket.') ? p.slice('ticket.'.length) : null;
      if (ticket !== null && SECRET.test(ticket) && tickets.delete(ticket)) {
        const resume = randomBytes(32).toString('base64url');
        resumeSecrets.add(resume);
        return { resume };
      }
      const resume = p.startsWith('resume.') ? p.slice('resume.'.length) : null;
      if (resume !== null && SECRET.test(resume) && resumeSecrets.has(resume)) return { resume };
    }
    return null;
  }

  function accept(ws: WebSocket, resume: string): void {
    const sessionKey = `bridge:${randomUUID()}`;
    let inFlight = 0;
    clients.set(ws, sessionKey);
    ws.on('error', () => ws.terminate()); // protocol errors (bad UTF-8, oversized frame…): the socket just ends
    ws.on('close', () => {
      if (clients.delete(ws)) options.core.endSession(sessionKey);
    });
    safeSend(ws, JSON.stringify({ type: 'welcome', resume }));
    ws.on('message', (data, isBinary) => {
      try {
        const call = isBinary ? null : parseInvoke(data.toString());
        if (!call) {
          ws.close(CLOSE_BAD_MESSAGE, 'bad message');
          return;
        }
        if (++inFlight > MAX_IN_FLIGHT) {
          ws.close(1008, 'too many calls at once');
          return;
        }
        Promise.resolve()
          .then(() => options.core.dispatch(sessionKey, call.channel, call.request))
          .catch((e: unknown) => {
            console.error('bridge: dispatch failed', e);
            return { ok: false as const, error: { code: 'INTERNAL', params: {} } };
          })
          .then((result) => {
            inFlight--;
            safeSend(ws, JSON.stringify({ type: 'result', id: call.id, result }));
          })
          .catch((e: unknown) => console.error('bridge: answer failed', e));
      } catch (e) {
        console.error('bridge: message failed', e);
        ws.close(1011, 'internal error');
      }
    });
  }

  const unsubscribe = options.core.events.subscribe((target, event, payload) => {
    // Each connection gets what its session may receive (the event's access rule in the contract).
    let frame: string;
    try {
      frame = JSON.stringify({ type: 'event', event, payload });
    } catch (e) {
      console.error('bridge: event not serialisable', event, e);
      return;
    }
    for (const [ws, key] of clients) {
      if ((target === 'all' || target.sessionKey === key) && options.core.mayReceive(key, event)) safeSend(ws, frame);
    }
  });

  const mintTicket = () => {
    if (tickets.size >= MAX_TICKETS) tickets.delete(tickets.values().next().value!);
    const ticket = randomBytes(32).toString('base64url');
    tickets.add(ticket);
    return ticket;
  };
  const urlWithTicket = (ticket: string) => `http://127.0.0.1:${port}/#ticket=${ticket}`;

  return {
    url: urlWithTicket(mintTicket()),
    port,
    mintTicket,
    urlWithTicket,
    close: async () => {
      unsubscribe();
      // Sessions end (and are journaled) now, while the core is still open; the sockets' own close events come later.
      for (const [ws, key] of [...clients]) {
        clients.delete(ws);
        options.core.endSession(key);
        ws.terminate();
      }
      wss.close();
      refusals.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The path of a request URL, or null when it does not parse (such a request is refused, never thrown on). */
export function pathOf(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return null;
  }
}

/** An invoke frame, or null for anything else: not JSON, not an object, an id JSON cannot carry back, odd types. */
function parseInvoke(text: string): { id: number; channel: string; request: unknown } | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return null; // including a nesting too deep for the parser
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return null;
  // Own properties only: a "__proto__" key in the JSON is an own property here and never an inherited one.
  const field = (name: string): unknown => (Object.hasOwn(msg as object, name) ? (msg as Record<string, unknown>)[name] : undefined);
  const id = field('id');
  const channel = field('channel');
  if (field('type') !== 'invoke' || !Number.isSafeInteger(id) || (id as number) < 0) return null;
  if (typeof channel !== 'string' || channel.length > 200) return null;
  return { id: id as number, channel, request: field('request') };
}

/** Sends unless the socket is no longer open; a failed send ends that socket, never the bridge. */
function safeSend(ws: WebSocket, frame: string): void {
  if (ws.readyState !== ws.OPEN) return;
  try {
    ws.send(frame, (e) => {
      if (e) ws.terminate();
    });
  } catch {
    ws.terminate();
  }
}
