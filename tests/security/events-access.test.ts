import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../main/bridge/bridge-server';
import type { SyncStatus } from '../../main/ipc/dto';
import { openHarness, type Harness } from '../support/core-harness';
import { openClient, type Client } from './bridge-clients';

// Events carry an access rule like channels (main/ipc/contract.ts): the full sync status goes only to sessions that
// may read it, never to a signed-out, locked or unpermitted window; and a payload off its schema never leaves main.

let h: Harness;
let bridge: Bridge;
let rendererDir: string;
/** What main reported through its logger during the test. */
let reported: string[];

beforeEach(async () => {
  reported = [];
  h = await openHarness({ log: { error: (message) => reported.push(message) } });
  rendererDir = mkdtempSync(join(tmpdir(), 'ppe-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ППЭ</title>');
  bridge = await startBridge({ core: h.core, rendererDir });
});
afterEach(async () => {
  await bridge.close();
  await h.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

async function page(): Promise<Client> {
  const client = await openClient(bridge.port, `ticket.${bridge.mintTicket()}`);
  expect(await client.welcome).not.toBeNull();
  return client;
}

async function signIn(client: Client, roleCode: number): Promise<void> {
  const staff = (await client.call('auth/staffList', {})).value as { id: number; roleCode: number; hasPin: boolean }[];
  const person = staff.find((s) => s.roleCode === roleCode && s.hasPin)!;
  const answer = await client.call('auth/signIn', { staffId: person.id, pin: String(roleCode).repeat(4) });
  expect(answer.ok, JSON.stringify(answer)).toBe(true);
}

const eventsOf = (client: Client, name: string) => client.frames.filter((f) => f.type === 'event' && (f as { event?: string }).event === name);

/** Sends an event through the bus as the sync worker would, then waits until a page that gets everything has it. */
async function emitAndSettle(witness: Client, emit: () => void, name: string): Promise<void> {
  const before = eventsOf(witness, name).length;
  emit();
  await expect.poll(() => eventsOf(witness, name).length).toBeGreaterThan(before);
  // One more round trip on every socket, so anything sent to the others has arrived too.
  await witness.call('app/info', {});
}

describe('event access', () => {
  it('the sync status reaches the PPE head, not a signed-out, locked or organiser window', async () => {
    const head = await page();
    const signedOut = await page();
    const organiser = await page();
    const locked = await page();
    await signIn(head, 1);
    await signIn(organiser, 2);
    await signIn(locked, 5);
    expect((await locked.call('auth/lock', {})).ok).toBe(true);
    const status = (await head.call('sync/status', {})).value as SyncStatus;

    await emitAndSettle(head, () => h.core.events.emit('all', 'sync/changed', status), 'sync/changed');
    await Promise.all([signedOut, organiser, locked].map((c) => c.call('app/info', {})));

    expect(eventsOf(head, 'sync/changed')).toHaveLength(1);
    expect(eventsOf(signedOut, 'sync/changed')).toEqual([]);
    expect(eventsOf(organiser, 'sync/changed')).toEqual([]);
    expect(eventsOf(locked, 'sync/changed')).toEqual([]);
    // Topics without data still reach everyone: the sign-in screen refreshes its list on them.
    await emitAndSettle(head, () => h.core.events.emit('all', 'data/changed', { topics: ['staff'] }), 'data/changed');
    await signedOut.call('app/info', {});
    expect(eventsOf(signedOut, 'data/changed').length).toBeGreaterThan(0);
  });

  it('a payload that does not match its schema never leaves main', async () => {
    const head = await page();
    await signIn(head, 1);
    h.core.events.emit('all', 'data/changed', { topics: ['passports'] } as never);
    await emitAndSettle(head, () => h.core.events.emit('all', 'data/changed', { topics: ['roster'] }), 'data/changed');
    const topics = eventsOf(head, 'data/changed').map((f) => (f as { payload?: { topics?: string[] } }).payload?.topics);
    expect(topics).not.toContainEqual(['passports']);
    expect(reported).toEqual(['event data/changed: payload does not match the contract']);
  });
});
