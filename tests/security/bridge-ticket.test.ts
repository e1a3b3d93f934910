import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../main/bridge/bridge-server';
import { openHarness, type Harness } from '../support/core-harness';
import { openClient } from './bridge-clients';

// Item 10, "a token seen in the process list opens nothing": the browser is opened with a one-time ticket in the URL
// (it shows in chromium's --app=URL argument and in the printed line); the first page that connects with it burns it
// and gets a resume secret of its own, which never leaves the page (sessionStorage) and lets a reload reconnect.

let h: Harness;
let bridge: Bridge;
let rendererDir: string;

beforeAll(async () => {
  h = await openHarness();
  rendererDir = mkdtempSync(join(tmpdir(), 'ppe-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ППЭ</title>');
  bridge = await startBridge({ core: h.core, rendererDir });
});
afterAll(async () => {
  await bridge.close();
  await h.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

const ticketIn = (url: string) => /#ticket=([A-Za-z0-9_-]+)$/.exec(url)?.[1] ?? null;

describe('one-time ticket', () => {
  it('the URL the bridge prints opens one page, and the same URL seen later in the process list opens nothing', async () => {
    const ticket = ticketIn(bridge.url);
    expect(ticket, bridge.url).not.toBeNull();
    const page = await openClient(bridge.port, `ticket.${ticket}`);
    expect(await page.welcome).not.toBeNull();
    expect((await page.call('app/info', {})).ok).toBe(true);

    // Someone copies the URL from `ps` while the page is open, and again after it closed.
    const thief = await openClient(bridge.port, `ticket.${ticket}`);
    expect((await thief.closed).code).toBe(4401);
    expect(thief.frames).toEqual([]);
    page.ws.close();
    await page.closed;
    const later = await openClient(bridge.port, `ticket.${ticket}`);
    expect((await later.closed).code).toBe(4401);
    expect(later.frames).toEqual([]);
  });

  it('a reload reconnects with the page’s resume secret, which is not the ticket and is never in a URL', async () => {
    const ticket = bridge.mintTicket();
    const page = await openClient(bridge.port, `ticket.${ticket}`);
    const { resume } = (await page.welcome)!;
    expect(resume).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(resume).not.toBe(ticket);
    page.ws.close();
    await page.closed;
    const reloaded = await openClient(bridge.port, `resume.${resume}`);
    expect(await reloaded.welcome).not.toBeNull();
    expect((await reloaded.call('app/info', {})).ok).toBe(true);
    // A resume secret is not a ticket, and a ticket is not a resume secret.
    const mixed = await openClient(bridge.port, `ticket.${resume}`);
    expect((await mixed.closed).code).toBe(4401);
    const mixed2 = await openClient(bridge.port, `resume.${ticket}`);
    expect((await mixed2.closed).code).toBe(4401);
    reloaded.ws.close();
  });

  it('several pages need several tickets, each good once', async () => {
    const [a, b] = [bridge.mintTicket(), bridge.mintTicket()];
    expect(a).not.toBe(b);
    const pa = await openClient(bridge.port, `ticket.${a}`);
    const pb = await openClient(bridge.port, `ticket.${b}`);
    expect(await pa.welcome).not.toBeNull();
    expect(await pb.welcome).not.toBeNull();
    expect((await pa.welcome)!.resume).not.toBe((await pb.welcome)!.resume);
    pa.ws.close();
    pb.ws.close();
  });

  it('refuses a connection without a credential, or with a made-up one, before it can call anything', async () => {
    for (const credential of [null, 'ticket.not-a-ticket', 'resume.not-a-secret', 'hello']) {
      const c = await openClient(bridge.port, credential);
      expect((await c.closed).code, String(credential)).toBe(4401);
      expect(c.frames).toEqual([]);
    }
  });

  it('refuses a page from another origin even with a fresh ticket, and does not burn the ticket', async () => {
    const ticket = bridge.mintTicket();
    await expect(openClient(bridge.port, `ticket.${ticket}`, 'http://evil.example')).rejects.toThrow(/403/);
    const page = await openClient(bridge.port, `ticket.${ticket}`);
    expect(await page.welcome).not.toBeNull();
    page.ws.close();
  });
});
