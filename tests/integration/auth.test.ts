import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT_MINUTES, MAX_PIN_ATTEMPTS } from '../../main/auth/auth-service';
import { permissionsOf } from '../../main/auth/permissions';
import { invokeChannels } from '../../main/ipc/contract';
import { permissionSchema } from '../../main/ipc/dto';
import { openHarness, type Harness } from '../support/core-harness';

let h: Harness;
beforeEach(async () => {
  h = await openHarness({ idleLockSeconds: 600 });
});
afterEach(() => h.close());

const journalActions = (h: Harness) =>
  h.core.db.prepare<[], { action: string }>('SELECT action FROM journal ORDER BY seq').all().map((r) => r.action);

describe('sign-in and roles', () => {
  it('signs a person in with their PIN, and journals it', async () => {
    const id = await h.signInAs('w1', 1);
    const state = await h.call('w1', 'auth/session', {});
    expect(state).toMatchObject({ state: 'active', staff: { id, roleCode: 1 } });
    expect(state.state === 'active' && state.permissions).toContain('bundles.import');
    expect(journalActions(h).at(-1)).toBe('auth.sign_in');
  });

  it('stores PINs only as scrypt hashes', () => {
    const hashes = h.core.db.prepare<[], { pin_hash: string }>('SELECT pin_hash FROM staff WHERE pin_hash IS NOT NULL').all();
    expect(hashes.length).toBeGreaterThan(0);
    for (const { pin_hash } of hashes) {
      expect(pin_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(pin_hash).not.toMatch(/\$(1111|5555|7777)\b/);
    }
  });

  it('refuses a wrong PIN, counts down, then locks the person out even across a restart', async () => {
    const staff = await h.call('w1', 'auth/staffList', {});
    const head = staff.find((s) => s.roleCode === 1)!;
    for (let i = 1; i < MAX_PIN_ATTEMPTS; i++) {
      expect(await h.fail('w1', 'auth/signIn', { staffId: head.id, pin: '0000' })).toEqual({
        code: 'PIN_WRONG',
        params: { attemptsLeft: MAX_PIN_ATTEMPTS - i },
      });
    }
    const locked = await h.fail('w1', 'auth/signIn', { staffId: head.id, pin: '0000' });
    expect(locked.code).toBe('PIN_LOCKED_OUT');
    await h.reopen();
    // The right PIN does not help while locked out.
    expect((await h.fail('w2', 'auth/signIn', { staffId: head.id, pin: '1111' })).code).toBe('PIN_LOCKED_OUT');
    expect(journalActions(h)).toContain('auth.locked_out');
    h.clock.advance(LOCKOUT_MINUTES * 60_000 + 1000);
    await h.call('w2', 'auth/signIn', { staffId: head.id, pin: '1111' });
    expect((await h.call('w2', 'auth/session', {})).state).toBe('active');
  });

  it('locks an idle session; the same person unlocks it with the PIN', async () => {
    await h.signInAs('w1', 7);
    h.clock.advance(599_000);
    await h.call('w1', 'auth/heartbeat', {}); // the person's own input (the renderer's heartbeat) postpones the lock
    h.clock.advance(599_000);
    expect((await h.call('w1', 'auth/session', {})).state).toBe('active');
    h.clock.advance(2_000);
    expect((await h.fail('w1', 'exams/list', {})).code).toBe('SESSION_LOCKED');
    expect((await h.call('w1', 'auth/session', {})).state).toBe('locked');
    expect(journalActions(h)).toContain('auth.idle_lock');
    expect((await h.fail('w1', 'auth/unlock', { pin: '1111' })).code).toBe('PIN_WRONG');
    await h.call('w1', 'auth/unlock', { pin: '7777' });
    expect((await h.call('w1', 'exams/list', {})).length).toBeGreaterThan(0);
  });

  it('signs out, and journals it', async () => {
    await h.signInAs('w1', 5);
    expect(await h.call('w1', 'auth/signOut', {})).toEqual({ state: 'signedOut' });
    expect((await h.fail('w1', 'exams/list', {})).code).toBe('NOT_SIGNED_IN');
    expect(journalActions(h).at(-1)).toBe('auth.sign_out');
  });

  it('enforces permissions in main, whatever the UI shows', async () => {
    await h.signInAs('org', 2);
    expect(await h.fail('org', 'bundles/import', { fileName: 'x.json', content: '{}' })).toEqual({
      code: 'FORBIDDEN',
      params: { permission: 'bundles.import' },
    });
    expect((await h.fail('org', 'journal/list', { beforeSeq: null, limit: 10 })).code).toBe('FORBIDDEN');
    expect((await h.fail('org', 'staff/setPin', { staffId: 1, pin: '123456' })).code).toBe('FORBIDDEN');
    expect((await h.call('org', 'exams/list', {})).length).toBeGreaterThan(0);
  });

  it('lets the technical specialist issue a PIN, which then works', async () => {
    await h.signInAs('tech', 7);
    const staff = await h.call('tech', 'staff/search', { query: '', examId: null });
    const organizer = staff.find((s) => s.roleCode === 2)!;
    expect((await h.fail('tech', 'staff/setPin', { staffId: organizer.id, pin: '12' })).code).toBe('PIN_FORMAT');
    await h.call('tech', 'staff/setPin', { staffId: organizer.id, pin: '482913' });
    // A PIN someone else chose is good only for choosing one's own (tests/security/auth-pin-ownership.test.ts).
    expect((await h.fail('org', 'auth/signIn', { staffId: organizer.id, pin: '482913' })).code).toBe('PIN_CHANGE_REQUIRED');
    await h.call('org', 'auth/changePin', { staffId: organizer.id, pin: '482913', newPin: '305817' });
    expect((await h.call('org', 'auth/session', {})).state).toBe('active');
    expect(journalActions(h)).toContain('staff.pin_issued');
  });

  it('every channel declares who may call it; signed-out callers reach only the public ones', async () => {
    for (const [name, spec] of Object.entries(invokeChannels)) {
      expect(['public', 'session', 'locked', ...permissionSchema.options], name).toContain(spec.access);
      // A channel nobody's role may call would be dead code behind a locked door.
      if (permissionSchema.safeParse(spec.access).success) {
        expect([1, 2, 3, 4, 5, 6, 7, 8, 9].some((role) => permissionsOf(role).includes(spec.access as never)), name).toBe(true);
      }
    }
    expect((await h.fail('x', 'participants/search', { examId: 1, query: '', auditoriumCode: null, limit: 5 })).code).toBe('NOT_SIGNED_IN');
    expect((await h.call('x', 'app/info', {})).ppe?.code).toBe('0412');
  });

  it('validates every request against the contract before any service runs', async () => {
    await h.signInAs('w1', 1);
    expect(await h.fail('w1', 'participants/search', { examId: 1, query: 'x', auditoriumCode: '12', limit: 5 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      params: { path: 'auditoriumCode' },
    });
    expect((await h.core.dispatch('w1', 'journal/list', { beforeSeq: null, limit: 10, extra: 1 })).ok).toBe(false);
    const unknown = await h.core.dispatch('w1', 'db/exec', { sql: 'DROP TABLE journal' });
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', params: { channel: 'db/exec' } } });
  });
});
