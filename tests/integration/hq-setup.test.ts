import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSetupState } from '../../main/ppe/ppe-config';
import { openHarness } from '../support/core-harness';
import { until } from '../support/wait';
import { NOTHING_BUT_THE_ATTEMPT, openHqSetupRig, technicianId, writtenRows, type HqSetupRig } from '../support/hq-setup-rig';
import { buildDemoBundle } from '../rcoi-server/demo-bundles';

// Issue 11, item 1: the first start of a real HQ station, by enrolment code, against the reference RCOI server over
// TLS on loopback. Good code → set up and enrolled, and a distribution bundle RCOI publishes arrives through the feed;
// a wrong, reused, expired or malformed code leaves the station not set up with nothing written but the attempt.

let rig: HqSetupRig;
const S = 'setup-window';

beforeAll(async () => {
  rig = await openHqSetupRig();
});
afterAll(async () => {
  await rig?.close();
});

function ask(code: string, extra: Partial<{ rcoiUrl: string; ppeCode: string; kind: 'hq-main' | 'hq-reserve' }> = {}) {
  return { rcoiUrl: rig.server.url, ppeCode: '0412', code, kind: 'hq-main' as const, ...extra };
}

function journalActions(h: { core: { db: import('../../main/db/open-database').Db } }): string[] {
  return (h.core.db.prepare('SELECT action FROM journal ORDER BY seq').all() as { action: string }[]).map((r) => r.action);
}

describe('a good code', () => {
  it('sets the station up in one act, enrolled, and the feed brings a distribution bundle', async () => {
    const h = await rig.freshStation();
    const code = rig.server.createEnrolmentCode('42', '0412').code;
    // Typed the way people type it: lower case, spaces for dashes.
    const offer = await h.call(S, 'setup/headquarters', ask(code.toLowerCase().replace(/-/g, ' ')));
    expect(offer.ppe).toEqual({
      regionCode: '42',
      regionName: rig.dataset.region.name,
      code: '0412',
      name: rig.dataset.ppe.name,
      address: rig.dataset.ppe.address,
      timeZone: 'Asia/Novokuznetsk',
    });
    expect(offer.kind).toBe('hq-main');
    expect(offer.stationNumber).toMatch(/^0412\d{2}$/);
    expect(offer.technicians.map((t) => t.id)).toContain(technicianId(rig));
    // RCOI has answered, but nothing is set up until the person has chosen who signs in first.
    expect(readSetupState(h.core.db)).toBe('notSetUp');
    expect(writtenRows(h)).toEqual(NOTHING_BUT_THE_ATTEMPT);

    const done = await h.call(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' });
    expect(done.fingerprint).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{4}$/);
    const info = await h.call(S, 'app/info', {});
    expect(info.setup).toBe('ready');
    expect(info.ppe).toMatchObject({ code: '0412', timeZone: 'Asia/Novokuznetsk', trainingMode: false, rcoiUrl: rig.server.url });
    expect(info.station).toEqual({ number: offer.stationNumber, role: 'hq', auditoriumCode: '7777' });
    const rows = writtenRows(h);
    expect(rows).toMatchObject({ ppe: 1, region: 1, auditorium: rig.dataset.auditoriums.length, exam: rig.dataset.exams.length, station: 1, sync_station: 1, station_key: 1 });
    const enrolled = h.core.db.prepare('SELECT station_id, enrolled_at FROM sync_station').get() as { station_id: string; enrolled_at: string };
    expect(rig.server.sync.stations.station(enrolled.station_id)).toMatchObject({ ppeCode: '0412' });
    expect(enrolled.enrolled_at).not.toBeNull();
    const entry = h.core.db.prepare("SELECT payload, actor_role_code AS role FROM journal WHERE action = 'station.hq_set_up'").get() as { payload: string; role: number };
    expect(JSON.parse(entry.payload)).toMatchObject({ ppeCode: '0412', station: offer.stationNumber, kind: 'hq-main', stationId: enrolled.station_id, keyProtection: 'file', fingerprint: done.fingerprint });
    expect(entry.role).toBe(7);

    // The technical specialist signs in at once with the PIN they chose.
    await h.call(S, 'auth/signIn', { staffId: done.staffId, pin: '2468' });
    expect(await h.call(S, 'auth/session', {})).toMatchObject({ state: 'active', staff: { id: done.staffId, roleCode: 7 } });

    // RCOI publishes today's distribution list; the station's sync worker takes it from the feed.
    const exam = rig.dataset.exams.find((e) => e.dayOffset === 0)!;
    const bundle = buildDemoBundle(rig.dataset, exam, { today: rig.today });
    rig.server.publish(bundle);
    expect(await h.core.sync.runOnce()).toBe(true);
    const applied = h.core.db.prepare('SELECT bundle_id, participants FROM distribution_bundle').all();
    expect(applied).toEqual([{ bundle_id: bundle.bundleId, participants: exam.seating.length }]);

    // A set-up station refuses to be set up again, by either channel.
    expect((await h.fail(S, 'setup/headquarters', ask(rig.server.createEnrolmentCode('42', '0412').code))).code).toBe('STATION_ALREADY_SET_UP');
    expect((await h.fail(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' })).code).toBe('STATION_ALREADY_SET_UP');
  });

  it('asked again with the same code, RCOI answers the same station (a retry completes)', async () => {
    const h = await rig.freshStation();
    const code = rig.server.createEnrolmentCode('42', '0412', undefined, {}).code;
    const first = await h.call(S, 'setup/headquarters', ask(code));
    const stations = rig.server.stats().stations;
    const again = await h.call(S, 'setup/headquarters', ask(code));
    expect(again.stationNumber).toBe(first.stationNumber);
    expect(rig.server.stats().stations).toBe(stations);
    await h.call(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' });
    expect(readSetupState(h.core.db)).toBe('ready');
  });

  it('the PPE head, if at the station, sets their own PIN in the same set-up and signs in with it', async () => {
    const h = await rig.freshStation();
    const offer = await h.call(S, 'setup/headquarters', ask(rig.server.createEnrolmentCode('42', '0412').code));
    const head = rig.dataset.staff.find((s) => s.roleCode === 1)!;
    expect(offer.heads).toEqual([{ id: head.id, name: `${head.lastName} ${head.firstName} ${head.middleName}` }]);
    // Only a head RCOI named, and a PIN that is not trivial; nothing is set up by a refused finish.
    const tech = { staffId: technicianId(rig), pin: '2468' };
    expect((await h.fail(S, 'setup/finishHeadquarters', { ...tech, head: { staffId: technicianId(rig), pin: '3579' } })).code).toBe('STAFF_NOT_FOUND');
    expect((await h.fail(S, 'setup/finishHeadquarters', { ...tech, head: { staffId: head.id, pin: '1111' } })).code).toBe('PIN_TOO_SIMPLE');
    expect(readSetupState(h.core.db)).toBe('notSetUp');
    await h.call(S, 'setup/finishHeadquarters', { ...tech, head: { staffId: head.id, pin: '3579' } });
    const staff = await h.call('head-window', 'auth/staffList', {});
    const headRow = staff.find((s) => s.roleCode === 1)!;
    expect(headRow.hasPin).toBe(true);
    await h.call('head-window', 'auth/signIn', { staffId: headRow.id, pin: '3579' });
    expect(await h.call('head-window', 'auth/session', {})).toMatchObject({ state: 'active', staff: { roleCode: 1 } });
    const entry = h.core.db.prepare("SELECT payload FROM journal WHERE action = 'station.hq_set_up'").get() as { payload: string };
    expect(JSON.parse(entry.payload)).toMatchObject({ headStaffId: headRow.id, headName: `${head.lastName} ${head.firstName} ${head.middleName}` });
  });

  it('a reserve HQ station gets its own number and is marked reserve', async () => {
    const h = await rig.freshStation();
    const offer = await h.call(S, 'setup/headquarters', ask(rig.server.createEnrolmentCode('42', '0412').code, { kind: 'hq-reserve' }));
    expect(offer.kind).toBe('hq-reserve');
    await h.call(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' });
    expect(h.core.db.prepare('SELECT is_reserve FROM station').get()).toEqual({ is_reserve: 1 });
  });
});

describe('the station at work', () => {
  it('once set up, the background sync starts by itself and takes the distribution lists from the feed', async () => {
    const h = await openHarness({ demo: false, sync: { baseDelayMs: 50, maxDelayMs: 500, idlePollMs: 100 } }, rig.clock.now());
    rig.stations.push(h);
    const exam = rig.dataset.exams.find((e) => e.dayOffset === 2)!;
    const bundle = buildDemoBundle(rig.dataset, exam, { today: rig.today });
    rig.server.publish(bundle);
    await h.call(S, 'setup/headquarters', ask(rig.server.createEnrolmentCode('42', '0412').code));
    await h.call(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' });
    await until(
      async () => h.core.db.prepare('SELECT bundle_id FROM distribution_bundle').all(),
      (rows) => rows.some((r) => (r as { bundle_id: string }).bundle_id === bundle.bundleId),
      'the bundle from the feed',
    );
  });

  it('two clicks at once: the calls take turns, one station is set up, the second finish is told so', async () => {
    const h = await rig.freshStation();
    const code = rig.server.createEnrolmentCode('42', '0412').code;
    const [a, b] = await Promise.all([h.call(S, 'setup/headquarters', ask(code)), h.call(S, 'setup/headquarters', ask(code))]);
    expect(b.stationNumber).toBe(a.stationNumber);
    const results = await Promise.all([
      h.core.dispatch(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' }),
      h.core.dispatch(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' }),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'STATION_ALREADY_SET_UP']);
    expect(readSetupState(h.core.db)).toBe('ready');
  });
});

describe('codes that do not set a station up', () => {
  async function refused(code: string, extra: Parameters<typeof ask>[1] = {}) {
    const h = await rig.freshStation();
    const error = await h.fail(S, 'setup/headquarters', ask(code, extra));
    expect(readSetupState(h.core.db)).toBe('notSetUp');
    return { h, error };
  }

  it('a wrong code: unknown to RCOI; only the attempt and the refusal are written', async () => {
    const { h, error } = await refused('7K3M-Q9ZD-2HXA');
    expect(error).toEqual({ code: 'SETUP_CODE_UNKNOWN', params: { ppeCode: '0412' } });
    expect(writtenRows(h)).toEqual(NOTHING_BUT_THE_ATTEMPT);
    expect(JSON.parse((h.core.db.prepare('SELECT last_error FROM setup_attempt').get() as { last_error: string }).last_error)).toEqual(error);
    expect(journalActions(h)).toEqual(['db.migrated', 'station.hq_set_up_refused']);
  });

  it('a code of another PPE counts as unknown', async () => {
    const other = rig.server.createEnrolmentCode('42', '0413').code;
    const { h, error } = await refused(other);
    expect(error.code).toBe('SETUP_CODE_UNKNOWN');
    expect(writtenRows(h)).toEqual(NOTHING_BUT_THE_ATTEMPT);
  });

  it('a code already used by another station', async () => {
    const code = rig.server.createEnrolmentCode('42', '0412').code;
    const first = await rig.freshStation();
    await first.call(S, 'setup/headquarters', ask(code));
    const { h, error } = await refused(code);
    expect(error.code).toBe('SETUP_CODE_USED');
    expect(writtenRows(h)).toEqual(NOTHING_BUT_THE_ATTEMPT);
    expect(journalActions(h)).toEqual(['db.migrated', 'station.hq_set_up_refused']);
  });

  it('an expired code', async () => {
    const code = rig.server.createEnrolmentCode('42', '0412', undefined, { ttlHours: 0 }).code;
    const { h, error } = await refused(code);
    expect(error.code).toBe('SETUP_CODE_EXPIRED');
    expect(writtenRows(h)).toEqual(NOTHING_BUT_THE_ATTEMPT);
  });

  it('a malformed code is refused before anything is written or sent', async () => {
    const signedBefore = rig.server.stats().refused;
    for (const typed of ['ABC', '7K3M-Q9ZD-2HX', '7K3M-Q9ZD-2HXA-1', '7K3M-Q9ZD-2HX!', 'ЖЖЖЖ-ЖЖЖЖ-ЖЖЖЖ']) {
      const { h, error } = await refused(typed);
      expect(error.code, typed).toBe('SETUP_CODE_MALFORMED');
      expect(writtenRows(h).setup_attempt).toBe(0);
    }
    expect(rig.server.stats().refused).toEqual(signedBefore);
  });

  it('RCOI at a plain-HTTP address, or an address that is none, is refused before anything is sent', async () => {
    const code = rig.server.createEnrolmentCode('42', '0412').code;
    const insecure = await refused(code, { rcoiUrl: rig.server.url.replace('https:', 'http:') });
    expect(insecure.error.code).toBe('RCOI_URL_INSECURE');
    const malformed = await refused(code, { rcoiUrl: 'rcoi.example' });
    expect(malformed.error.code).toBe('RCOI_NOT_CONFIGURED');
    expect(writtenRows(insecure.h).setup_attempt).toBe(0);
    // The code was never spent: it still sets a station up.
    const h = await rig.freshStation();
    await h.call(S, 'setup/headquarters', ask(code));
  });

  it('RCOI unreachable: said so, and a retry with the same code and the same key completes', async () => {
    const code = rig.server.createEnrolmentCode('42', '0412').code;
    const { h, error } = await refused(code, { rcoiUrl: 'https://127.0.0.1:1' });
    expect(error).toEqual({ code: 'RCOI_UNREACHABLE', params: { url: 'https://127.0.0.1:1' } });
    const key = (h.core.db.prepare('SELECT public_key FROM setup_attempt').get() as { public_key: string }).public_key;
    await h.call(S, 'setup/headquarters', ask(code));
    expect((h.core.db.prepare('SELECT public_key FROM setup_attempt').get() as { public_key: string }).public_key).toBe(key);
    // Another code starts afresh with a new key.
    const other = rig.server.createEnrolmentCode('42', '0412').code;
    await h.call(S, 'setup/headquarters', ask(other));
    expect((h.core.db.prepare('SELECT public_key FROM setup_attempt').get() as { public_key: string }).public_key).not.toBe(key);
  });

  it('finishing needs RCOI\'s answer, a technical specialist RCOI named, and a PIN that is not trivial', async () => {
    const h = await rig.freshStation();
    expect((await h.fail(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' })).code).toBe('SETUP_NOT_ANSWERED');
    await h.call(S, 'setup/headquarters', ask(rig.server.createEnrolmentCode('42', '0412').code));
    const head = rig.dataset.staff.find((s) => s.roleCode === 1)!.id;
    expect((await h.fail(S, 'setup/finishHeadquarters', { staffId: head, pin: '2468' })).code).toBe('STAFF_NOT_FOUND');
    expect((await h.fail(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '1234' })).code).toBe('PIN_TOO_SIMPLE');
    expect((await h.fail(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '12a' })).code).toBe('PIN_FORMAT');
    expect(readSetupState(h.core.db)).toBe('notSetUp');
  });

  it('a training station is already set up', async () => {
    const training = await openHarness();
    try {
      const error = await training.fail(S, 'setup/headquarters', ask(rig.server.createEnrolmentCode('42', '0412').code));
      expect(error.code).toBe('STATION_ALREADY_SET_UP');
    } finally {
      await training.close();
    }
  });
});
