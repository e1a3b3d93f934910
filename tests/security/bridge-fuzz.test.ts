import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../main/bridge/bridge-server';
import { invokeChannels } from '../../main/ipc/contract';
import { openHarness, type Harness } from '../support/core-harness';
import { frame, openClient, rawExchange, statusLine, upgradeRequest, type Client } from './bridge-clients';

// Item 10, "the bridge survives anything": a hostile local program sends the bridge every kind of message, frame and
// URL it can think of — over a real socket to a real bridge with a real core — and the bridge never throws, never
// stops answering, and still serves a good page afterwards. The random part is seeded, so a failure is replayable:
// PPE_FUZZ_SEED=<seed> npx vitest run tests/security/bridge-fuzz.test.ts

let h: Harness;
let bridge: Bridge;
let rendererDir: string;
let resume: string;
const crashes: unknown[] = [];
const onUncaught = (e: unknown) => crashes.push(e);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  h = await openHarness();
  rendererDir = mkdtempSync(join(tmpdir(), 'ppe-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ППЭ</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  bridge = await startBridge({ core: h.core, rendererDir });
  const first = await openClient(bridge.port, `ticket.${bridge.mintTicket()}`);
  resume = (await first.welcome)!.resume;
  first.ws.close();
  await first.closed;
});
afterAll(async () => {
  await bridge.close();
  await h.close();
  rmSync(rendererDir, { recursive: true, force: true });
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

/** A page's connection, reopened with the resume secret whenever the bridge closed the last one. */
let current: Client | null = null;
async function page(): Promise<Client> {
  if (!current || current.ws.readyState !== current.ws.OPEN) {
    current = await openClient(bridge.port, `resume.${resume}`);
    expect(await current.welcome, 'the resume secret opens a new connection').not.toBeNull();
  }
  return current;
}

async function stillServes(): Promise<void> {
  const c = await openClient(bridge.port, `resume.${resume}`);
  expect(await c.welcome).not.toBeNull();
  const info = await c.call('app/info', {});
  expect(info?.ok).toBe(true);
  const res = await fetch(`http://127.0.0.1:${bridge.port}/`);
  expect(res.status).toBe(200);
  c.ws.close();
  await c.closed;
}

describe('the bridge under known-bad input', () => {
  it('answers a bad percent-escape in a page URL with 400 instead of exiting', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/assets/%zz', '/%C0%AF']) {
      expect(statusLine(await rawExchange(bridge.port, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`)), path).toMatch(/^HTTP\/1\.1 (400|403|200)/);
    }
    expect(statusLine(await rawExchange(bridge.port, 'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n'))).toMatch(/^HTTP\/1\.1 400/);
    expect(crashes).toEqual([]);
    await stillServes();
  });

  it('answers a URL that does not parse, on a page or an upgrade request, without exiting', async () => {
    expect(statusLine(await rawExchange(bridge.port, 'GET // HTTP/1.1\r\nHost: x\r\n\r\n'))).toMatch(/^HTTP\/1\.1 [24]\d\d/);
    expect(statusLine(await rawExchange(bridge.port, upgradeRequest(bridge.port, { path: '//' })))).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(statusLine(await rawExchange(bridge.port, upgradeRequest(bridge.port, { path: '//x:y' })))).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(crashes).toEqual([]);
    await stillServes();
  });

  it('closes a connection that sends JSON that is not an object (null, a number, an array) with 4400', async () => {
    for (const text of ['null', '42', '[]', '"hello"', 'true']) {
      const c = await page();
      expect(await c.sendAndSettle(text), text).toBe('closed');
      expect((await c.closed).code).toBe(4400);
    }
    expect(crashes).toEqual([]);
  });

  it('closes a connection that sends invalid UTF-8, a frame claiming terabytes, or a reserved opcode', async () => {
    const c = await page();
    expect(await c.sendAndSettle(Buffer.from([0xff, 0xfe, 0xc0, 0x80]))).toBe('closed');
    for (const bad of [frame(1, Buffer.alloc(8), { claimedLength: 2n ** 40n }), frame(3, Buffer.from('x')), frame(1, Buffer.from('{}'), { rsv: 7 })]) {
      const answer = await rawExchange(bridge.port, Buffer.concat([Buffer.from(upgradeRequest(bridge.port, { protocols: `ppe-bridge.v1, resume.${resume}` })), bad]));
      expect(statusLine(answer)).toMatch(/^HTTP\/1\.1 101/);
    }
    expect(crashes).toEqual([]);
    await stillServes();
  });

  it('answers an id that JSON cannot carry back, or a request whose fields are booby-trapped, without throwing', async () => {
    const c = await page();
    expect(await c.sendAndSettle('{"type":"invoke","id":1e400,"channel":"app/info","request":{}}')).toBe('closed');
    const d = await page();
    expect(await d.sendAndSettle('{"type":"invoke","id":7,"channel":"app/info","request":{"__proto__":{"polluted":1}}}')).toBe('answered');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(crashes).toEqual([]);
  });

  it('refuses an unauthenticated peer before it can send a large frame', async () => {
    const answer = await rawExchange(
      bridge.port,
      Buffer.concat([Buffer.from(upgradeRequest(bridge.port, { protocols: 'ppe-bridge.v1' })), frame(1, Buffer.alloc(64 * 1024, 0x20))]),
    );
    // Either refused at the HTTP level, or accepted and closed with 4401 before the frame is read.
    expect(answer).toMatch(/^HTTP\/1\.1 (101|4\d\d)/);
    if (answer.startsWith('HTTP/1.1 101')) expect(answer).toContain('\x11\x31ticket expected'); // a close frame, code 4401 (0x1131)
    expect(crashes).toEqual([]);
  });
});

/** mulberry32: a tiny seeded generator, so a failing run can be replayed exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the bridge under random input (property: it never throws and always answers afterwards)', () => {
  const seed = Number(process.env.PPE_FUZZ_SEED ?? 20260601);
  const random = rng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const CHANNELS = Object.keys(invokeChannels);
  const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', ''];
  const NASTY_STRINGS = ['', '\u0000', '\u202e', '%', '%E0%A4%A', '../..', '\ud800', 'a'.repeat(5000), '__proto__', '1e400'];

  function json(depth: number): unknown {
    const k = int(depth > 3 ? 6 : 8);
    if (k === 0) return null;
    if (k === 1) return random() < 0.5;
    if (k === 2) return pick([0, -1, 1.5, 2 ** 53 + 1, -0, 1e308, Number.MAX_SAFE_INTEGER, int(1e6)]);
    if (k === 3 || k === 4) return random() < 0.5 ? pick(NASTY_STRINGS) : Buffer.from(Array.from({ length: int(20) }, () => 32 + int(90))).toString();
    if (k === 5) return pick(CHANNELS);
    if (k === 6) return Array.from({ length: int(4) }, () => json(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = int(4); i > 0; i--) Object.defineProperty(o, pick([...NASTY_KEYS, 'type', 'id', 'channel', 'request', 'x']), { value: json(depth + 1), enumerable: true, configurable: true, writable: true });
    return o;
  }

  function message(): { data: string | Buffer; binary?: boolean } {
    switch (int(9)) {
      case 0:
        return { data: JSON.stringify(json(0)) ?? 'undefined' };
      case 1: // an invoke with the wrong type somewhere
        return { data: JSON.stringify({ type: pick(['invoke', 'hello', 'result', 'INVOKE', 1]), id: json(2), channel: random() < 0.6 ? pick(CHANNELS) : json(2), request: json(1) }) };
      case 2: // a well-typed invoke with a random request
        return { data: JSON.stringify({ type: 'invoke', id: int(1e6), channel: pick(CHANNELS), request: json(0) }) };
      case 3: // random bytes as text
        return { data: Buffer.from(Array.from({ length: 1 + int(200) }, () => int(256))) };
      case 4: // a binary frame
        return { data: Buffer.from(Array.from({ length: int(100) }, () => int(256))), binary: true };
      case 5: // a huge string
        return { data: JSON.stringify({ type: 'invoke', id: 1, channel: pick(CHANNELS), request: { x: 'я'.repeat(200_000 + int(300_000)) } }) };
      case 6: { // deep nesting
        const depth = 1_000 + int(100_000);
        const inner = random() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
        return { data: `{"type":"invoke","id":3,"channel":"${pick(CHANNELS)}","request":${inner}}` };
      }
      case 7: // prototype pollution attempts, raw so JSON.stringify does not drop them
        return { data: `{"type":"invoke","id":4,"channel":"${pick(CHANNELS)}","request":{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}},"__proto__":{"authenticated":true}}` };
      default: // truncated or garbled JSON
        return { data: JSON.stringify({ type: 'invoke', id: 1, channel: pick(CHANNELS), request: {} }).slice(0, int(60)) };
    }
  }

  function hostilePath(): string {
    const parts = ['/', '..', '%2e%2e', '%', '%E0%A4%A', '%00', '%2f', '\\', 'bridge', 'assets', 'index.html', '?', '#', '//', 'x'.repeat(int(3000)), '%C0%AF', '%ff', ';', '@', ':'];
    let p = random() < 0.8 ? '/' : pick(['', '*', '//', 'http://evil/', 'x']);
    for (let i = int(8); i > 0; i--) p += pick(parts);
    return p;
  }

  it(`survives ${300} random WebSocket messages (seed ${seed})`, async () => {
    for (let i = 0; i < 300; i++) {
      const m = message();
      const c = await page();
      await c.sendAndSettle(m.data, { binary: m.binary });
      expect(crashes, `case ${i}`).toEqual([]);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    await stillServes();
  });

  it(`survives ${150} random raw frames and upgrade requests (seed ${seed})`, async () => {
    for (let i = 0; i < 150; i++) {
      const kind = int(3);
      let bytes: Buffer;
      if (kind === 0) {
        // Random frames after a valid upgrade: any opcode, flags, claimed length, fragments.
        const frames = Array.from({ length: 1 + int(4) }, () =>
          frame(int(16), Buffer.from(Array.from({ length: int(300) }, () => int(256))), {
            fin: random() < 0.7,
            rsv: random() < 0.2 ? int(8) : 0,
            claimedLength: random() < 0.2 ? pick([0, 126, 65_536, 2 ** 31, 2 ** 53 - 1]) : undefined,
          }),
        );
        bytes = Buffer.concat([Buffer.from(upgradeRequest(bridge.port, { protocols: `ppe-bridge.v1, resume.${resume}` })), ...frames]);
      } else if (kind === 1) {
        bytes = Buffer.from(
          upgradeRequest(bridge.port, {
            path: hostilePath(),
            origin: random() < 0.5 ? undefined : pick([null, 'null', 'http://evil.example', `http://127.0.0.1:${bridge.port}/x`, '%']),
            protocols: pick([null, '', 'ppe-bridge.v1', 'ticket.', 'resume.', `ticket.${'A'.repeat(int(10_000))}`, 'ppe-bridge.v1, ticket.%00', ',,,,', 'resume.__proto__', 'ticket.constructor']),
          }),
          'latin1',
        );
      } else {
        bytes = Buffer.from(`${pick(['GET', 'HEAD', 'POST', 'OPTIONS', 'GET'])} ${hostilePath()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 'latin1');
      }
      await rawExchange(bridge.port, bytes);
      expect(crashes, `case ${i}`).toEqual([]);
    }
    await stillServes();
  });
});
