import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PassThrough } from 'node:stream';
import { startBridge, type Bridge } from '../../main/bridge/bridge-server';
import { driveClockFromInput } from '../../main/bridge/manual-clock';
import { runBridgeCli } from '../../main/bridge/run-bridge';
import { EXAM_MORNING, openHarness, type Harness } from '../support/core-harness';
import { until } from '../support/wait';

let h: Harness;
let bridge: Bridge;
let rendererDir: string;

beforeAll(async () => {
  h = await openHarness();
  rendererDir = mkdtempSync(join(tmpdir(), 'ppe-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ППЭ</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  bridge = await startBridge({ core: h.core, rendererDir });
});
afterAll(async () => {
  await bridge.close();
  await h.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface Client {
  ws: WebSocket;
  frames: unknown[];
  closed: Promise<{ code: number }>;
  call(channel: string, request: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
}

/** A page's connection: it offers a fresh one-time ticket (or the given credential) as a subprotocol, as the page does. */
function connect(options: { origin?: string; credential?: string | null } = {}): Promise<Client> {
  const credential = options.credential === undefined ? `ticket.${bridge.mintTicket()}` : options.credential;
  const protocols = credential === null ? ['ppe-bridge.v1'] : ['ppe-bridge.v1', credential];
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge`, protocols, {
    origin: options.origin ?? `http://127.0.0.1:${bridge.port}`,
  });
  const frames: unknown[] = [];
  const waiting = new Map<number, (r: never) => void>();
  let nextId = 1;
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    frames.push(msg);
    if (msg.type === 'result') waiting.get(msg.id)?.(msg.result as never);
  });
  const client: Client = {
    ws,
    frames,
    closed,
    call: (channel, request) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve as never);
        ws.send(JSON.stringify({ type: 'invoke', id, channel, request }));
      }),
  };
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('open', () => resolve(client));
  });
}

describe('bridge', () => {
  it('listens on loopback only and serves the renderer with a strict CSP', async () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#ticket=/);
    const res = await fetch(`http://127.0.0.1:${bridge.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('ППЭ');
    const traversal = await fetch(`http://127.0.0.1:${bridge.port}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).not.toContain('root:');
  });

  it('serves the contract to a client with the token, one session per connection', async () => {
    const a = await connect();
    const b = await connect();
    const staff = (await a.call('auth/staffList', {})).value as { id: number; roleCode: number }[];
    const head = staff.find((s) => s.roleCode === 1)!;
    expect((await a.call('auth/signIn', { staffId: head.id, pin: '1111' })).ok).toBe(true);
    expect((await a.call('exams/list', {})).ok).toBe(true);
    expect((await b.call('exams/list', {})).error?.code).toBe('NOT_SIGNED_IN');
    expect(a.frames).toContainEqual(expect.objectContaining({ type: 'event', event: 'session/changed' }));
    a.ws.close();
    await a.closed;
    b.ws.close();
  });

  it('ends the session, and journals it, when the connection closes', async () => {
    const a = await connect();
    const staff = (await a.call('auth/staffList', {})).value as { id: number; roleCode: number }[];
    await a.call('auth/signIn', { staffId: staff.find((s) => s.roleCode === 7)!.id, pin: '7777' });
    const lastEntry = async () =>
      h.core.db.prepare<[], { seq: number; action: string; payload: string }>('SELECT seq, action, payload FROM journal ORDER BY seq DESC LIMIT 1').get()!;
    const signedIn = (await lastEntry()).seq;
    a.ws.close();
    await a.closed;
    // The server learns of the close on its own side: wait for the next journal entry, then check what it says.
    const last = await until(lastEntry, (e) => e.seq > signedIn, 'a journal entry after the connection closed');
    expect({ action: last.action, payload: last.payload }).toEqual({ action: 'auth.sign_out', payload: '{"reason":"closed"}' });
  });

  it('closes a connection with a wrong ticket before it can call anything', async () => {
    const c = await connect({ credential: 'ticket.not-the-ticket' });
    expect((await c.closed).code).toBe(4401);
    expect(c.frames).toEqual([]);
  });

  it('closes a connection without a ticket, even one that calls at once', async () => {
    const c = await connect({ credential: null });
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app/info', request: {} }));
    expect((await c.closed).code).toBe(4401);
    expect(c.frames).toEqual([]);
  });

  it('refuses a page from another origin even with a ticket', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });
});

describe('the test clock of the browser shell (--manual-clock)', () => {
  it('moves main\'s clock only when its starter writes a command, and sweeps idle sessions at the new time', async () => {
    const t = await openHarness({ idleLockSeconds: 4 });
    const input = new PassThrough();
    const said: string[] = [];
    const stop = driveClockFromInput(t.clock, t.core, input, (line) => said.push(line));
    const command = async (line: string) => {
      const n = said.length;
      input.write(`${line}\n`);
      return until(async () => said.slice(n), (s) => s.length > 0, `the answer to ${line}`).then((s) => s[0]);
    };
    const idleLocks = () => t.core.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'auth.idle_lock'").get();
    try {
      await t.signInAs('p', 7);
      expect(await command('advance 3000')).toBe(`PPE clock: ${new Date(EXAM_MORNING.getTime() + 3_000).toISOString()}`);
      expect(idleLocks()).toEqual({ n: 0 });
      // The limit reached: the sweep locks the session before the answer, with no call from the session in between.
      expect(await command('advance 1000')).toBe(`PPE clock: ${new Date(EXAM_MORNING.getTime() + 4_000).toISOString()}`);
      expect(idleLocks()).toEqual({ n: 1 });
      expect((await t.call('p', 'auth/session', {})).state).toBe('locked');
      // Anything else is answered, and moves nothing.
      expect(await command('advance -5')).toMatch(/^PPE clock: unknown command/);
      expect(await command('set 2030-01-01')).toMatch(/^PPE clock: unknown command/);
      expect(t.clock.now().toISOString()).toBe(new Date(EXAM_MORNING.getTime() + 4_000).toISOString());
    } finally {
      stop();
      await t.close();
    }
  });

  it('is refused on a station that is not a training one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppe-manual-clock-'));
    try {
      await expect(runBridgeCli(['--data-dir', dir, '--manual-clock', '--no-sync'])).rejects.toThrow(/--manual-clock: only on a training station/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
