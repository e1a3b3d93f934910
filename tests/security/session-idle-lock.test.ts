import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvokeChannel } from '../../main/ipc/contract';
import { openHarness, type Harness } from '../support/core-harness';

// Sessions mean a person is there (issue 8, item 12): the screens' own background reads (the home screen's
// timeline, the journal's and the sync marker's polling) are not a person, and must not keep a session open.

const IDLE = 600;
let h: Harness;
beforeEach(async () => {
  h = await openHarness({ idleLockSeconds: IDLE });
});
afterEach(() => h.close());

/** What the home, journal and sync screens ask for by themselves, on their timers. */
const BACKGROUND: [InvokeChannel, object][] = [
  ['timeline/get', { date: null }],
  ['exams/list', {}],
  ['rooms/list', { examId: null }],
  ['bundles/list', {}],
  ['journal/list', { beforeSeq: null, limit: 50 }],
  ['sync/status', {}],
  ['packages/overview', {}],
  ['auth/session', {}],
  ['app/info', {}],
];

async function backgroundRound(session: string): Promise<boolean> {
  let allOk = true;
  for (const [channel, request] of BACKGROUND) {
    const r = await h.core.dispatch(session, channel, request);
    if (!r.ok) allOk = false;
  }
  return allOk;
}

const actions = () => h.core.db.prepare<[], { action: string }>('SELECT action FROM journal ORDER BY seq').all().map((r) => r.action);

describe('the idle lock', () => {
  it('fires on the home screen while its background refreshes keep coming', async () => {
    await h.signInAs('head', 1);
    // Every 20 seconds the screens refresh themselves; nobody touches the keyboard.
    for (let t = 0; t < IDLE + 120; t += 20) {
      h.clock.advance(20_000);
      await backgroundRound('head');
    }
    expect((await h.call('head', 'auth/session', {})).state).toBe('locked');
    expect((await h.fail('head', 'timeline/get', { date: null })).code).toBe('SESSION_LOCKED');
    expect(actions()).toContain('auth.idle_lock');
  });

  it('stays open while the person’s own input reports itself through the heartbeat', async () => {
    await h.signInAs('head', 1);
    for (let t = 0; t < IDLE * 3; t += 20) {
      h.clock.advance(20_000);
      expect(await backgroundRound('head')).toBe(true);
      if (t % 300 === 0) await h.call('head', 'auth/heartbeat', {});
    }
    expect((await h.call('head', 'auth/session', {})).state).toBe('active');
  });

  it('a heartbeat does not reopen a locked session; only the PIN does', async () => {
    await h.signInAs('tech', 7);
    h.clock.advance(IDLE * 1000 + 1000);
    expect((await h.fail('tech', 'auth/heartbeat', {})).code).toBe('SESSION_LOCKED');
    await h.call('tech', 'auth/unlock', { pin: '7777' });
    expect((await h.call('tech', 'auth/session', {})).state).toBe('active');
  });
});

describe('the lock button', () => {
  it('locks the session at once, is journaled, and the same person unlocks with the PIN', async () => {
    await h.signInAs('head', 1);
    const state = await h.call('head', 'auth/lock', {});
    expect(state.state).toBe('locked');
    expect(actions().at(-1)).toBe('auth.lock');
    expect((await h.call('head', 'auth/session', {})).state).toBe('locked');
    expect((await h.fail('head', 'journal/list', { beforeSeq: null, limit: 5 })).code).toBe('SESSION_LOCKED');
    expect((await h.fail('head', 'auth/heartbeat', {})).code).toBe('SESSION_LOCKED');
    await h.call('head', 'auth/unlock', { pin: '1111' });
    expect((await h.call('head', 'auth/session', {})).state).toBe('active');
  });

  it('refuses a caller who is not signed in', async () => {
    expect((await h.fail('nobody', 'auth/lock', {})).code).toBe('NOT_SIGNED_IN');
  });
});
