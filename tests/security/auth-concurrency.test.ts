import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PIN_ATTEMPTS } from '../../main/auth/auth-service';
import type { AppErrorPayload } from '../../main/ipc/errors';
import type { Result } from '../../main/ipc/contract';
import { openHarness, type Harness } from '../support/core-harness';

// A burst of sign-in attempts for one person, as a script on the bridge or a stuck key could send them: the
// lock-out must count every attempt before the slow PIN hash runs, or all of them slip past the check.

let h: Harness;
beforeEach(async () => {
  h = await openHarness({ idleLockSeconds: 600 });
});
afterEach(() => h.close());

const BURST = 300;

const countActions = (h: Harness, action: string) =>
  h.core.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM journal WHERE action = ?').get(action)!.n;

const errorsOf = (results: Result<unknown>[]): AppErrorPayload[] =>
  results.flatMap((r) => (r.ok ? [] : [r.error]));

async function gekMember(h: Harness) {
  const staff = await h.call('x', 'auth/staffList', {});
  return staff.find((s) => s.roleCode === 5 && s.hasPin)!;
}

describe('sign-in under a burst of parallel attempts', () => {
  it(`${BURST} parallel wrong PINs get exactly five tries, and the right PIN is refused until the lock-out ends`, async () => {
    // Mid-minute, so a lock-out of whole minutes from now would end mid-minute too.
    h.clock.advance(17_500);
    const gek = await gekMember(h);
    const results = await Promise.all(
      Array.from({ length: BURST }, (_, i) => h.core.dispatch(`w${i}`, 'auth/signIn', { staffId: gek.id, pin: '9090' })),
    );
    const errors = errorsOf(results);
    expect(errors).toHaveLength(BURST);
    // Exactly five PINs were tried: four told how many tries are left, the fifth that the person is locked out.
    expect(errors.filter((e) => e.code === 'PIN_WRONG')).toHaveLength(MAX_PIN_ATTEMPTS - 1);
    const lockedOut = errors.filter((e) => e.code === 'PIN_LOCKED_OUT');
    expect(lockedOut).toHaveLength(BURST - (MAX_PIN_ATTEMPTS - 1));
    expect(countActions(h, 'auth.sign_in_failed')).toBe(MAX_PIN_ATTEMPTS - 1);
    expect(countActions(h, 'auth.locked_out')).toBe(1);
    // Every later attempt was refused without trying the PIN, and each refusal is journaled.
    expect(countActions(h, 'auth.sign_in_refused')).toBe(BURST - MAX_PIN_ATTEMPTS);

    // One lock-out instant, the stored one, everywhere: every refusal, the database, the sign-in list.
    const until = lockedOut[0]!.params.until as string;
    expect(new Set(lockedOut.map((e) => e.params.until))).toEqual(new Set([until]));
    const stored = h.core.db.prepare<[number], { locked_until: string }>('SELECT locked_until FROM staff WHERE id = ?').get(gek.id)!;
    expect(stored.locked_until).toBe(until);
    // Those who manage PINs see the lock-out in the sign-in list; it names the same instant.
    await h.signInAs('tech', 7);
    const listed = (await h.call('tech', 'auth/staffList', {})).find((s) => s.id === gek.id)!;
    expect(listed.lockedUntil).toBe(until);
    // The screens show the time to the minute, so the lock-out ends on a whole minute: «до 08:06» means 08:06:00.
    expect(new Date(until).getUTCSeconds()).toBe(0);
    expect(new Date(until).getUTCMilliseconds()).toBe(0);

    // The right PIN, after the burst, is refused too, with the same instant.
    expect(await h.fail('owner', 'auth/signIn', { staffId: gek.id, pin: '5555' })).toEqual({
      code: 'PIN_LOCKED_OUT',
      params: { until },
    });
    expect((await h.call('owner', 'auth/session', {})).state).toBe('signedOut');

    // A second before the instant shown: still refused; at the instant: the owner signs in.
    h.clock.set(new Date(new Date(until).getTime() - 1000));
    expect((await h.fail('owner', 'auth/signIn', { staffId: gek.id, pin: '5555' })).code).toBe('PIN_LOCKED_OUT');
    h.clock.set(new Date(until));
    expect((await h.call('owner', 'auth/signIn', { staffId: gek.id, pin: '5555' })).state).toBe('active');
    expect((await h.call('tech', 'auth/staffList', {})).find((s) => s.id === gek.id)!.lockedUntil).toBeNull();
  });

  it('a right PIN among the first five signs in and clears the count; the burst around it gets no more than five tries', async () => {
    const gek = await gekMember(h);
    const pins = ['9090', '9090', '5555', ...Array.from({ length: 60 }, () => '9090')];
    const results = await Promise.all(
      pins.map((pin, i) => h.core.dispatch(`w${i}`, 'auth/signIn', { staffId: gek.id, pin })),
    );
    expect(results[2]).toMatchObject({ ok: true, value: { state: 'active' } });
    const errors = errorsOf(results);
    expect(errors.filter((e) => e.code === 'PIN_WRONG').length + countActions(h, 'auth.locked_out')).toBe(MAX_PIN_ATTEMPTS - 1);
    expect(countActions(h, 'auth.sign_in_refused')).toBe(pins.length - MAX_PIN_ATTEMPTS);
    // The owner's success ended the count: a fresh lock-out needs five new wrong PINs.
    const row = h.core.db
      .prepare<[number], { failed_pin_attempts: number; locked_until: string | null }>(
        'SELECT failed_pin_attempts, locked_until FROM staff WHERE id = ?',
      )
      .get(gek.id)!;
    expect(row).toEqual({ failed_pin_attempts: 0, locked_until: null });
    expect((await h.call('again', 'auth/signIn', { staffId: gek.id, pin: '5555' })).state).toBe('active');
  });

  it('a burst at the lock screen ends the session after five tries, and the right PIN then waits for the lock-out', async () => {
    const id = await h.signInAs('s', 1);
    h.clock.advance(601_000);
    expect((await h.call('s', 'auth/session', {})).state).toBe('locked');
    const results = await Promise.all(Array.from({ length: 50 }, () => h.core.dispatch('s', 'auth/unlock', { pin: '9090' })));
    const errors = errorsOf(results);
    expect(errors.filter((e) => e.code === 'PIN_WRONG')).toHaveLength(MAX_PIN_ATTEMPTS - 1);
    expect(countActions(h, 'auth.sign_in_failed') + countActions(h, 'auth.locked_out')).toBe(MAX_PIN_ATTEMPTS);
    expect((await h.call('s', 'auth/session', {})).state).toBe('signedOut');
    expect((await h.fail('s', 'auth/signIn', { staffId: id, pin: '1111' })).code).toBe('PIN_LOCKED_OUT');
  });
});
