import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SignInStaff } from '../../main/ipc/dto';
import { openHarness, type Harness } from '../support/core-harness';

// A technical specialist may issue PINs. Without a second person, that would let them set the PPE head's or a GEK
// member's PIN and sign in as them: the people whose signatures make the acts. These tests play that attempt.

let h: Harness;
let staff: SignInStaff[];
let head: SignInStaff;
let gek: SignInStaff;
let gek2: SignInStaff;
let tech: SignInStaff;
let organiser: SignInStaff;

beforeEach(async () => {
  h = await openHarness({ idleLockSeconds: 600 });
  staff = await h.call('x', 'auth/staffList', {});
  const ofRole = (role: number) => staff.filter((s) => s.roleCode === role && s.hasPin);
  [head] = ofRole(1) as [SignInStaff];
  [gek, gek2] = ofRole(5) as [SignInStaff, SignInStaff];
  [tech] = ofRole(7) as [SignInStaff];
  [organiser] = ofRole(2) as [SignInStaff];
  await h.call('tech', 'auth/signIn', { staffId: tech.id, pin: '7777' });
});
afterEach(() => h.close());

const actions = (h: Harness) =>
  h.core.db.prepare<[], { action: string; payload: string }>('SELECT action, payload FROM journal ORDER BY seq').all();

describe('a technical specialist trying to take over a GEK member’s account', () => {
  it('cannot set a GEK member’s or the PPE head’s PIN alone; the attempt is refused and journaled', async () => {
    expect((await h.fail('tech', 'staff/setPin', { staffId: gek.id, pin: '482913' })).code).toBe('PIN_SECOND_PERSON_REQUIRED');
    expect((await h.fail('tech', 'staff/setPin', { staffId: head.id, pin: '482913' })).code).toBe('PIN_SECOND_PERSON_REQUIRED');
    // Nothing changed: the owners' PINs still work, the technical specialist's does not open their accounts.
    expect((await h.fail('thief', 'auth/signIn', { staffId: gek.id, pin: '482913' })).code).toBe('PIN_WRONG');
    expect((await h.call('gek', 'auth/signIn', { staffId: gek.id, pin: '5555' })).state).toBe('active');
    expect((await h.call('head', 'auth/signIn', { staffId: head.id, pin: '1111' })).state).toBe('active');
    const refused = actions(h).filter((a) => a.action === 'staff.pin_refused');
    expect(refused).toHaveLength(2);
    expect(JSON.parse(refused[0]!.payload)).toMatchObject({ staffId: gek.id, reason: 'second_person_required' });
  });

  it('the second person must be someone else who may vouch, and must prove it with their own PIN', async () => {
    const tryWith = (confirmation: { staffId: number; pin: string }) =>
      h.fail('tech', 'staff/setPin', { staffId: gek.id, pin: '482913', confirmation });
    expect((await tryWith({ staffId: tech.id, pin: '7777' })).code).toBe('PIN_CONFIRMER_INVALID'); // the actor
    expect((await tryWith({ staffId: gek.id, pin: '5555' })).code).toBe('PIN_CONFIRMER_INVALID'); // the target
    expect((await tryWith({ staffId: organiser.id, pin: '2222' })).code).toBe('PIN_CONFIRMER_INVALID'); // no such duty
    // A wrong confirming PIN counts against the confirmer, like a sign-in.
    expect(await tryWith({ staffId: head.id, pin: '9090' })).toEqual({ code: 'PIN_WRONG', params: { attemptsLeft: 4 } });
    const attempts = h.core.db
      .prepare<[number], { n: number }>('SELECT failed_pin_attempts AS n FROM staff WHERE id = ?')
      .get(head.id)!.n;
    expect(attempts).toBe(1);
    expect((await h.call('gek', 'auth/signIn', { staffId: gek.id, pin: '5555' })).state).toBe('active');
  });

  it('with the head confirming, the PIN is set, and its owner must choose a new one before anything else', async () => {
    await h.call('tech', 'staff/setPin', { staffId: gek.id, pin: '482913', confirmation: { staffId: head.id, pin: '1111' } });
    const issued = actions(h).filter((a) => a.action === 'staff.pin_issued').at(-1)!;
    expect(JSON.parse(issued.payload)).toMatchObject({ staffId: gek.id, confirmedBy: { staffId: head.id }, mustChange: true });
    // The old PIN is gone.
    expect((await h.fail('gek', 'auth/signIn', { staffId: gek.id, pin: '5555' })).code).toBe('PIN_WRONG');

    // The PIN someone else chose opens no session: every channel is closed until the owner sets their own.
    expect((await h.fail('gek', 'auth/signIn', { staffId: gek.id, pin: '482913' })).code).toBe('PIN_CHANGE_REQUIRED');
    expect((await h.call('gek', 'auth/session', {})).state).toBe('signedOut');
    expect((await h.fail('gek', 'journal/list', { beforeSeq: null, limit: 10 })).code).toBe('NOT_SIGNED_IN');
    expect((await h.fail('gek', 'exams/list', {})).code).toBe('NOT_SIGNED_IN');

    // The new PIN must be the owner's own: not the issued one, not a trivial one, and the issued one must be right.
    const change = (pin: string, newPin: string) => h.core.dispatch('gek', 'auth/changePin', { staffId: gek.id, pin, newPin });
    expect(await change('482913', '482913')).toMatchObject({ ok: false, error: { code: 'PIN_UNCHANGED' } });
    expect(await change('482913', '123456')).toMatchObject({ ok: false, error: { code: 'PIN_TOO_SIMPLE' } });
    expect(await change('999999', '730518')).toMatchObject({ ok: false, error: { code: 'PIN_WRONG' } });
    expect(await change('482913', '730518')).toMatchObject({ ok: true, value: { state: 'active', staff: { id: gek.id } } });
    expect(actions(h).at(-1)!.action).toBe('auth.sign_in');
    expect(actions(h).some((a) => a.action === 'auth.pin_changed')).toBe(true);

    // From now on the owner's PIN signs in directly; the issued one is dead.
    await h.call('gek', 'auth/signOut', {});
    expect((await h.call('gek', 'auth/signIn', { staffId: gek.id, pin: '730518' })).state).toBe('active');
    expect((await h.fail('thief', 'auth/signIn', { staffId: gek.id, pin: '482913' })).code).toBe('PIN_WRONG');
  });

  it('a colleague whose PIN the technical specialist has just issued cannot be the second person', async () => {
    // The technical specialist knows the PIN they issued until its owner changes it, so it vouches for nothing.
    await h.call('tech', 'staff/setPin', { staffId: gek2.id, pin: '604817', confirmation: { staffId: head.id, pin: '1111' } });
    expect(
      await h.fail('tech', 'staff/setPin', { staffId: gek.id, pin: '482913', confirmation: { staffId: gek2.id, pin: '604817' } }),
    ).toMatchObject({ code: 'PIN_CONFIRMER_INVALID' });
    expect((await h.call('gek', 'auth/signIn', { staffId: gek.id, pin: '5555' })).state).toBe('active');
  });

  it('a GEK member may be the second person for the head; anyone’s PIN issued by someone else must be changed', async () => {
    await h.call('tech', 'staff/setPin', { staffId: head.id, pin: '318640', confirmation: { staffId: gek.id, pin: '5555' } });
    expect((await h.fail('head', 'auth/signIn', { staffId: head.id, pin: '318640' })).code).toBe('PIN_CHANGE_REQUIRED');
    // An organiser's PIN needs no second person, but its owner changes it too.
    await h.call('tech', 'staff/setPin', { staffId: organiser.id, pin: '583920' });
    expect((await h.fail('org', 'auth/signIn', { staffId: organiser.id, pin: '583920' })).code).toBe('PIN_CHANGE_REQUIRED');
    // One's own PIN, set by oneself, needs neither.
    await h.call('tech', 'staff/setPin', { staffId: tech.id, pin: '958301' });
    await h.call('tech', 'auth/signOut', {});
    expect((await h.call('tech', 'auth/signIn', { staffId: tech.id, pin: '958301' })).state).toBe('active');
  });
});

describe('trivial PINs', () => {
  it('are refused when issued, as the dialog promises', async () => {
    for (const pin of ['0000', '1111', '99999999', '1234', '4321', '123456', '987654', '0123', '7890', '3210', '1212', '123123', '2580']) {
      expect(await h.fail('tech', 'staff/setPin', { staffId: organiser.id, pin }), pin).toEqual({
        code: 'PIN_TOO_SIMPLE',
        params: {},
      });
    }
    await h.call('tech', 'staff/setPin', { staffId: organiser.id, pin: '583920' });
  });
});
