import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/kernel/clock';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { openHarness, type Harness } from '../support/core-harness';

// Issue 11, item 6: the link with RCOI as last known survives a restart. The sync worker is stepped by hand
// (runOnce) against the real reference server on loopback; the core is closed and opened again on the same SQLite
// file while RCOI is down.

let dir: string;
let server: RcoiServer;
let h: Harness;
const clock = new ManualClock(new Date());
const ORGANISER = 'organiser';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-sync-link-'));
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  server.createEnrolmentCode('42', '0412', 'DEMO-0412-2026');
  // This computer's clock runs 5 minutes slow.
  clock.set(new Date(Date.now() - 5 * 60_000));
  h = await openHarness({ rcoiUrl: server.url, clock, sync: false }, clock.now());
});
afterEach(async () => {
  await h.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const skewAlarms = async () => {
  await h.signInAs(ORGANISER, 2);
  return (await h.call(ORGANISER, 'attention/today', {})).alarms.filter((a) => a.kind === 'clock_skew');
};
const actions = () => h.core.db.prepare<[], { action: string }>('SELECT action FROM journal ORDER BY seq').all().map((r) => r.action);

describe('the RCOI link across a restart', () => {
  it('shows the last contact and keeps the clock alarm after a restart with RCOI down, until RCOI finds the clock right', async () => {
    expect(await h.core.sync.runOnce()).toBe(true);
    const before = h.core.sync.status();
    expect(before).toMatchObject({ online: true, clockSkewAlarm: true, lastContactBeforeRestart: false });
    expect(before.clockSkewSeconds).toBeGreaterThan(280);
    const contactAt = before.lastContactAt;
    expect(contactAt).not.toBeNull();

    // RCOI goes down; the application is restarted the next morning.
    const port = server.port;
    await server.close();
    clock.advance(15 * 3600_000);
    await h.reopen();

    const restarted = h.core.sync.status();
    expect(restarted).toMatchObject({
      online: null,
      lastContactAt: contactAt,
      lastContactBeforeRestart: true,
      clockSkewSeconds: before.clockSkewSeconds,
      clockSkewAlarm: true,
    });
    // Through the contract too: what the «Связь с РЦОИ» screen reads.
    await h.signInAs('tech', 7);
    expect(await h.call('tech', 'sync/status', {})).toMatchObject({ lastContactAt: contactAt, lastContactBeforeRestart: true });
    expect(await skewAlarms()).toEqual([expect.objectContaining({ kind: 'clock_skew', who: 7, fixAt: 'sync' })]);

    // A try while RCOI is still down changes neither: the contact is still the one before the restart.
    expect(await h.core.sync.runOnce()).toBe(false);
    expect(h.core.sync.status()).toMatchObject({
      online: false,
      lastContactAt: contactAt,
      lastContactBeforeRestart: true,
      clockSkewAlarm: true,
      lastError: { code: 'RCOI_UNREACHABLE' },
    });
    expect(await skewAlarms()).toHaveLength(1);

    // The last error is kept too: a second restart still says why RCOI was not reached.
    await h.reopen();
    expect(h.core.sync.status()).toMatchObject({ lastError: { code: 'RCOI_UNREACHABLE' }, clockSkewAlarm: true });

    // RCOI is back, and the clock has been set right: the alarm clears, and the journal says so.
    server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port, signingKey: loadDemoSigningKey() });
    clock.set(new Date());
    expect(await h.core.sync.runOnce()).toBe(true);
    const after = h.core.sync.status();
    expect(after).toMatchObject({ online: true, clockSkewAlarm: false, lastContactBeforeRestart: false, lastError: null });
    expect(Math.abs(after.clockSkewSeconds!)).toBeLessThanOrEqual(2);
    expect(await skewAlarms()).toEqual([]);
    expect(actions().filter((a) => a.startsWith('clock.'))).toEqual(['clock.skew_detected', 'clock.skew_resolved']);

    // And the cleared state is what the next start reads.
    await h.reopen();
    expect(h.core.sync.status()).toMatchObject({ clockSkewAlarm: false, lastContactBeforeRestart: true, lastError: null });
  });
});
