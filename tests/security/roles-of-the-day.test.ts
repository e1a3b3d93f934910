import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPin } from '../../main/auth/pin-hash';
import type { BundlePayload } from '../../main/bundles/bundle-format';
import { buildDemoBundles, loadDemoDataset } from '../rcoi-server/demo-bundles';
import { loadDemoSigningKey, signBundle } from '../rcoi-server/bundle-signer';
import { openHarness, type Harness } from '../support/core-harness';

// A person's role comes from their assignment for the exam of the day (issue 8, item 8): a bundle for another
// date, naming a different role, must never change what that person may do today.

const TODAY = '2026-06-01'; // the local date of EXAM_MORNING in the demo PPE's zone
const demoKey = loadDemoSigningKey();
let h: Harness;
let bundles: BundlePayload[];

beforeEach(async () => {
  // A day-long idle limit: these tests move the clock by hours and are about roles, not idle locks.
  h = await openHarness({ idleLockSeconds: 24 * 3600 });
  bundles = buildDemoBundles(loadDemoDataset(), { today: TODAY, issuedAt: new Date('2026-05-31T03:00:00Z') });
});
afterEach(() => h.close());

/** Social studies, day +2: not seeded, it arrives as a bundle. */
const socialStudies = () => structuredClone(bundles[2]!);

async function importAsHead(payload: BundlePayload): Promise<void> {
  await h.signInAs('head', 1);
  await h.call('head', 'bundles/import', { fileName: 'b.json', content: signBundle(payload, demoKey) });
  await h.call('head', 'auth/signOut', {});
}

async function staffId(externalId: string): Promise<number> {
  return h.core.db.prepare<[string], { id: number }>('SELECT id FROM staff WHERE external_id = ?').get(externalId)!.id;
}

describe('roles belong to exam days', () => {
  it('a bundle for another date naming an organiser as PPE head does not make them head today', async () => {
    const payload = socialStudies();
    const organiser = payload.staff.find((s) => s.roleCode === 2)!;
    organiser.roleCode = 1;
    organiser.auditoriumCode = null;
    await importAsHead(payload);

    const id = await staffId(organiser.id);
    await h.call('org', 'auth/signIn', { staffId: id, pin: '2222' });
    const state = await h.call('org', 'auth/session', {});
    expect(state).toMatchObject({ state: 'active', staff: { id, roleCode: 2 } });
    expect(state.state === 'active' && state.permissions).not.toContain('bundles.import');
    expect(await h.fail('org', 'bundles/import', { fileName: 'x.json', content: '{}' })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await h.fail('org', 'journal/list', { beforeSeq: null, limit: 5 })).code).toBe('FORBIDDEN');
    // The sign-in list shows the role of the day too.
    const listed = (await h.call('x', 'auth/staffList', {})).find((s) => s.id === id)!;
    expect(listed.roleCode).toBe(2);
  });

  it('a bundle for another date naming today’s PPE head as an organiser leaves them head today', async () => {
    const payload = socialStudies();
    const head = payload.staff.find((s) => s.roleCode === 1)!;
    head.roleCode = 2;
    head.auditoriumCode = '0101';
    await importAsHead(payload);
    const id = await h.signInAs('head', 1);
    const state = await h.call('head', 'auth/session', {});
    expect(state).toMatchObject({ state: 'active', staff: { id, roleCode: 1 } });
    expect(state.state === 'active' && state.permissions).toContain('bundles.import');
  });

  it('on the bundle’s own exam day the assignment decides, and the next day the base role is back', async () => {
    const payload = socialStudies();
    const organiser = payload.staff.find((s) => s.roleCode === 2)!;
    organiser.roleCode = 1;
    organiser.auditoriumCode = null;
    await importAsHead(payload);
    const id = await staffId(organiser.id);

    h.clock.set(new Date('2026-06-03T01:00:00Z')); // 08:00 on 3 June in Kemerovo
    await h.call('org', 'auth/signIn', { staffId: id, pin: '2222' });
    const onTheDay = await h.call('org', 'auth/session', {});
    expect(onTheDay).toMatchObject({ state: 'active', staff: { roleCode: 1 } });
    expect(onTheDay.state === 'active' && onTheDay.permissions).toContain('bundles.import');
    expect((await h.call('x', 'auth/staffList', {})).find((s) => s.id === id)!.roleCode).toBe(1);

    // The session spans the PPE's midnight: permissions are re-evaluated on the next call, for the new day.
    await h.call('org', 'auth/heartbeat', {});
    h.clock.set(new Date('2026-06-03T17:00:30Z')); // 00:00:30 on 4 June in Kemerovo: no exam, base role again
    await h.call('org', 'auth/heartbeat', {});
    expect(await h.fail('org', 'bundles/import', { fileName: 'x.json', content: '{}' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.call('org', 'auth/session', {})).toMatchObject({ state: 'active', staff: { roleCode: 2 } });
  });

  it('a person first met in a bundle for another date holds no role today', async () => {
    const payload = socialStudies();
    payload.staff.push({ id: 'W-42-9001', lastName: 'Новиков', firstName: 'Пётр', middleName: '', roleCode: 7, auditoriumCode: null });
    await importAsHead(payload);
    const id = await staffId('W-42-9001');
    // Even with a PIN of their own, today they cannot act as the technical specialist the other day's bundle names.
    h.core.db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?').run(await hashPin('480215'), id);
    expect((await h.call('x', 'auth/staffList', {})).some((s) => s.id === id)).toBe(false);
    const refused = await h.fail('new', 'auth/signIn', { staffId: id, pin: '480215' });
    expect(refused.code).toBe('NO_DUTY_TODAY');
    expect((await h.call('new', 'auth/session', {})).state).toBe('signedOut');
  });

  it('the base role is never overwritten by a bundle', async () => {
    const payload = socialStudies();
    for (const s of payload.staff) s.roleCode = s.roleCode === 1 ? 2 : 1;
    await importAsHead(payload);
    const base = h.core.db.prepare<[], { external_id: string; role_code: number }>('SELECT external_id, role_code FROM staff').all();
    const demo = loadDemoDataset().staff;
    for (const s of demo) expect(base.find((b) => b.external_id === s.id)?.role_code, s.id).toBe(s.roleCode);
  });
});

describe('migration 0050', () => {
  it('marks the staff entered at set-up as holding a base role, and nobody as first met in a bundle', () => {
    const columns = h.core.db.prepare<[], { name: string }>('PRAGMA table_info(staff)').all().map((c) => c.name);
    expect(columns).toContain('from_bundle');
    const marks = h.core.db.prepare<[], { from_bundle: number }>('SELECT DISTINCT from_bundle FROM staff').all();
    expect(marks).toEqual([{ from_bundle: 0 }]);
    expect(() => h.core.db.prepare('UPDATE staff SET from_bundle = 2').run()).toThrow(/CHECK/);
  });
});
