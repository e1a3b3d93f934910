import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldExamKeys } from '../../main/exam-keys/key-store';
import { tokenKeyId } from '../../main/exam-keys/key-wrap';
import { pinPeer } from '../../main/stations/peers';
import { EXAM_MORNING, openHarness, type Harness } from '../support/core-harness';
import { createSoftHsmStore, SOFTHSM_LIBRARY, type SoftHsmStore } from '../support/softhsm';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';

// Issue 12, item 2, at HQ through core.dispatch: a GEK member's real PKCS#11 token (SoftHSM2) registered to them in
// the app and at the reference RCOI on loopback (which shares the test's manual clock). At 08:00 the member asks and
// RCOI refuses (too early): journaled, nothing recorded. At 09:31 the main key comes: recorded, journaled, reported to
// RCOI through the outbox. A reserve key for a room's station; the main key fetched again; an organiser may not ask.

const PIN = '246810';
const SO_PIN = '13579111';
const HEAD_PIN = '1111';
const EXAM_DATE = '2026-06-01';
const ROOM = '0101';
const ROOM_STATION = '100101';
const TECH = 'tech';
/** 09:31 in Kemerovo (UTC+7). */
const AFTER_OPENING = new Date('2026-06-01T02:31:00.000Z');

let dir: string;
let store: SoftHsmStore;
let server: RcoiServer;
let h: Harness;
let member: { id: number; rcoiId: string; name: string };
let packageId: string;

const journal = (action: string) =>
  h.core.db
    .prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq')
    .all(action)
    .map((r) => JSON.parse(r.payload) as Record<string, unknown>);
const outbox = () =>
  h.core.db
    .prepare<[string], { payload: string }>('SELECT payload FROM outbox WHERE kind = ? ORDER BY stream_seq')
    .all('key.received')
    .map((r) => JSON.parse(r.payload) as Record<string, unknown>);
const ask = (a: { kind: 'main' } | { kind: 'reserve'; roomCode: string; stationNumber: string; kits: number } | { kind: 'again'; keyId: string }, pin = PIN) => ({
  packageId,
  staffId: member.id,
  tokenPin: pin,
  ask: a,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-exam-key-hq-'));
  store = createSoftHsmStore();
  const serial = store.initToken('gek-a', PIN, SO_PIN);
  store.generateP256('gek-a', PIN);
  // RCOI's clock is the station's: 09:30 is decided on the same manual time the test moves.
  let clockOf: () => Date = () => EXAM_MORNING;
  server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey(), clock: { now: () => clockOf() } });
  h = await openHarness({
    rcoiUrl: server.url,
    sync: false,
    // The test moves the clock across the morning: no idle lock in between.
    idleLockSeconds: 24 * 3600,
    tokens: { libraryPath: SOFTHSM_LIBRARY, env: { SOFTHSM2_CONF: join(store.dir, 'softhsm2.conf') }, simulated: false },
  });
  clockOf = () => h.clock.now();

  // The station enrols with RCOI (the demo's code), then downloads today's package.
  server.createEnrolmentCode('42', '0412', 'DEMO-0412-2026');
  await h.core.sync.runOnce();
  await h.signInAs(TECH, 7);
  const exam = h.core.db
    .prepare<[string], { id: number; subject_code: number }>("SELECT id, subject_code FROM exam WHERE exam_date = ? AND subject_name = 'Русский язык'")
    .get(EXAM_DATE)!;
  ({ packageId } = server.publishPackage({
    regionCode: '42',
    ppeCode: '0412',
    exam: { date: EXAM_DATE, subjectCode: exam.subject_code, form: 'EGE', dayKind: 'main' },
    rooms: [{ auditoriumCode: ROOM, kits: 12 }, { auditoriumCode: '0102', kits: 9 }],
    reserveKits: 4,
    bytesPerKit: 4 * 1024,
    availableFrom: '2026-05-28',
    timeZone: 'Asia/Novokuznetsk',
  }));
  await h.call(TECH, 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  h.core.packages.startDownload({ staffId: null, name: 'test', roleCode: 7 }, packageId, (t) => (task = t));
  await task;

  // The GEK member's token registered in the app (the head confirms) and, for that PPE and date, at RCOI.
  const staff = await h.call(TECH, 'auth/staffList', {});
  const head = staff.find((s) => s.roleCode === 1)!.id;
  const gek = staff.find((s) => s.roleCode === 5)!;
  const row = h.core.db.prepare<[number], { external_id: string }>('SELECT external_id FROM staff WHERE id = ?').get(gek.id)!;
  member = { id: gek.id, rcoiId: row.external_id, name: `${gek.lastName} ${gek.firstName}` };
  await h.call(TECH, 'tokens/enrol', { staffId: gek.id, serial, tokenPin: PIN, confirmation: { staffId: head, pin: HEAD_PIN }, replace: false });
  const spki = h.core.db.prepare<[number], { public_key: string }>('SELECT public_key FROM gek_token WHERE staff_id = ? AND retired_at IS NULL').get(gek.id)!.public_key;
  server.registerGekToken({ regionCode: '42', ppeCode: '0412', date: EXAM_DATE, staffId: row.external_id, publicKey: spki, serial });

  // The room's station, set up and pinned at HQ: a reserve key names it by number.
  const keys = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  pinPeer(h.core.db, { station: ROOM_STATION, role: 'room', room: ROOM, isReserve: false, signingKey: keys(), agreementKey: keys() }, '2026-05-31T00:00:00.000Z');
}, 60_000);

afterAll(async () => {
  await h?.close();
  await server?.close();
  store?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the key to the exam materials at HQ (SoftHSM2 token, reference RCOI)', () => {
  it('the screen lists today’s exam with its package, no key yet, opening at 09:30, and the member who can ask', async () => {
    const o = await h.call(TECH, 'examKeys/overview', {});
    expect(o.today).toBe(EXAM_DATE);
    const exam = o.exams.find((e) => e.packageId === packageId)!;
    expect(exam).toMatchObject({ main: null, reserve: [], opensLocal: '09:30', opensAt: '2026-06-01T02:30:00.000Z' });
    expect(exam.rooms.find((r) => r.code === ROOM)).toMatchObject({ stations: [{ number: ROOM_STATION, isReserve: false }], keysWritten: null });
    expect(o.members).toEqual([expect.objectContaining({ staffId: member.id, simulated: false })]);
  });

  it('before 09:30 RCOI refuses: the refusal is journaled (no PIN in it) and nothing is recorded or reported', async () => {
    const error = await h.fail(TECH, 'examKeys/request', ask({ kind: 'main' }));
    expect(error).toEqual({ code: 'EXAM_KEY_TOO_EARLY', params: { opensAt: '09:30' } });
    expect(journal('key.refused')).toEqual([
      { packageId, ask: 'main', member: { staffId: member.id, name: expect.stringContaining(member.name) }, error },
    ]);
    expect(JSON.stringify(journal('key.refused'))).not.toContain(PIN);
    expect(heldExamKeys(h.core.db, packageId)).toEqual([]);
    expect(outbox()).toEqual([]);
    // A wrong PIN is the token's refusal, journaled the same way.
    expect((await h.fail(TECH, 'examKeys/request', ask({ kind: 'main' }, '000000'))).code).toBe('TOKEN_PIN_WRONG');
    expect(journal('key.refused').map((e) => (e.error as { code: string }).code)).toEqual(['EXAM_KEY_TOO_EARLY', 'TOKEN_PIN_WRONG']);
  });

  it('at 09:31 the main key is released to the member’s token: recorded, journaled, reported to RCOI', async () => {
    h.clock.set(AFTER_OPENING);
    const { key, fresh } = await h.call(TECH, 'examKeys/request', ask({ kind: 'main' }));
    expect(fresh).toBe(true);
    expect(key).toMatchObject({ kind: 'main', sequence: 0, requestedBy: expect.stringContaining(member.name), grant: null, grants: [] });
    const held = heldExamKeys(h.core.db, packageId);
    expect(held.map((k) => [k.keyId, k.kind, k.source])).toEqual([[key.keyId, 'main', 'rcoi']]);
    // Wrapped to the member's registered token key, asked in their name.
    const spki = h.core.db.prepare<[number], { public_key: string }>('SELECT public_key FROM gek_token WHERE staff_id = ? AND retired_at IS NULL').get(member.id)!.public_key;
    expect(held[0]!.payload.requestedBy).toEqual({ staffId: member.rcoiId, tokenKey: tokenKeyId(Buffer.from(spki, 'base64')) });
    expect(held[0]!.payload.recipients.map((r) => r.tokenKey)).toContain(tokenKeyId(Buffer.from(spki, 'base64')));
    expect(journal('key.received')).toEqual([
      {
        packageId,
        keyId: key.keyId,
        kind: 'main',
        sequence: 0,
        ask: 'main',
        examDate: EXAM_DATE,
        subjectCode: held[0]!.payload.exam.subjectCode,
        member: { staffId: member.id, name: expect.stringContaining(member.name) },
        reserve: null,
        fresh: true,
      },
    ]);
    expect(outbox()).toEqual([
      {
        keyId: key.keyId,
        packageId,
        kind: 'main',
        sequence: 0,
        staffId: member.rcoiId,
        examDate: EXAM_DATE,
        subjectCode: held[0]!.payload.exam.subjectCode,
        receivedAt: AFTER_OPENING.toISOString(),
      },
    ]);
    const o = await h.call(TECH, 'examKeys/overview', {});
    expect(o.exams.find((e) => e.packageId === packageId)!.main?.keyId).toBe(key.keyId);
  });

  it('a reserve key names the room, its station and the kits; the main key fetched again is the same file, reported once', async () => {
    const reserve = await h.call(TECH, 'examKeys/request', ask({ kind: 'reserve', roomCode: ROOM, stationNumber: ROOM_STATION, kits: 2 }));
    expect(reserve.key).toMatchObject({ kind: 'reserve', sequence: 1, grant: { sequence: 1, roomCode: ROOM, stationNumber: ROOM_STATION, kits: 2 } });
    expect(journal('key.received').at(-1)).toMatchObject({ ask: 'reserve', kind: 'reserve', sequence: 1, reserve: { roomCode: ROOM, stationNumber: ROOM_STATION, kits: 2 }, fresh: true });
    // More than the reserve holds: RCOI's refusal with what is left.
    expect(await h.fail(TECH, 'examKeys/request', ask({ kind: 'reserve', roomCode: ROOM, stationNumber: ROOM_STATION, kits: 3 }))).toEqual({
      code: 'EXAM_KEY_RESERVE_EXHAUSTED',
      params: { left: 2 },
    });
    // A station HQ never set up for that room is refused before the token is asked.
    expect((await h.fail(TECH, 'examKeys/request', ask({ kind: 'reserve', roomCode: '0102', stationNumber: ROOM_STATION, kits: 1 }))).code).toBe(
      'TRANSFER_NO_ROOM_STATION',
    );

    const main = heldExamKeys(h.core.db, packageId).find((k) => k.kind === 'main')!;
    const again = await h.call(TECH, 'examKeys/request', ask({ kind: 'again', keyId: main.keyId }));
    expect(again).toMatchObject({ fresh: false, key: { keyId: main.keyId, kind: 'main' } });
    expect(journal('key.received').at(-1)).toMatchObject({ ask: 'again', keyId: main.keyId, fresh: false });
    expect(heldExamKeys(h.core.db, packageId).map((k) => [k.kind, k.sequence])).toEqual([['main', 0], ['reserve', 1]]);
    expect(outbox().map((m) => [m.kind, m.sequence])).toEqual([['main', 0], ['reserve', 1]]);

    const o = await h.call(TECH, 'examKeys/overview', {});
    const exam = o.exams.find((e) => e.packageId === packageId)!;
    expect(exam.reserve.map((k) => [k.sequence, k.grant?.kits, k.grants.length])).toEqual([[1, 2, 1]]);
  });

  it('an organiser may not ask for the key (nor see it)', async () => {
    await h.signInAs('organiser', 2);
    expect((await h.fail('organiser', 'examKeys/request', ask({ kind: 'main' }))).code).toBe('FORBIDDEN');
    expect((await h.fail('organiser', 'examKeys/overview', {})).code).toBe('FORBIDDEN');
  });
});
