import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm } from '../../main/ipc/dto';
import { recordExamKey } from '../../main/exam-keys/key-store';
import { openHarness, type Harness } from '../support/core-harness';
import { signedKeyFile } from '../support/exam-key-file';
import { openPrintingRoom, S, TOKEN_PIN, type PrintingRoom } from '../support/printing-room';

// Issue 12: the key to the exam materials in «What needs attention» and on the timeline. At HQ, from 09:30 in the
// PPE's zone (when RCOI releases it), today's exam whose package HQ holds and that has no main key file raises an
// alarm for the GEK member; the key file held silences it and does the timeline's key step by itself, naming who
// asked and when it came. At a room station, a key file held but not active in memory (not yet activated, or after a
// restart) raises an alarm until the exam ends. Real core on a real SQLite file; the room with a SoftHSM2 token.
// The demo's exam day is 2026-06-01 in Kemerovo (UTC+7): Русский язык at 10:00 for 3 h 30 min.

const LONG_IDLE = { idleLockSeconds: 12 * 3600 };
/** PPE-local 'HH:MM' on the exam day as an instant (Kemerovo, UTC+7). */
const at = (hhmm: string) => new Date(`2026-06-01T${String(Number(hhmm.slice(0, 2)) - 7).padStart(2, '0')}:${hhmm.slice(3)}:00.000Z`);
const HEAD = 'head';
const GEK = 'gek';
const ORGANISER = 'organiser';

let h: Harness | undefined;
let room: PrintingRoom | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await room?.close();
  room = undefined;
});

const keyAlarms = (alarms: Alarm[]) => alarms.filter((a) => a.kind === 'key_not_received' || a.kind === 'key_not_active');
const todayExamId = (hx: Harness) => hx.core.db.prepare<[], { id: number }>("SELECT id FROM exam WHERE exam_date = '2026-06-01'").get()!.id;

/** HQ holds today's internet package (downloaded and verified here): what the key is asked for. */
function holdTodaysPackage(hx: Harness): string {
  const packageId = randomUUID();
  hx.core.db
    .prepare(
      `INSERT INTO internet_package (package_id, exam_id, size, file_count, available_from, listed_at, state, manifest_sha256, kits, reserve_kits, downloaded_at)
       VALUES (?, ?, 4096, 3, '2026-05-25', '2026-05-25T03:00:00.000Z', 'downloaded', ?, 5, 1, '2026-05-31T03:00:00.000Z')`,
    )
    .run(packageId, todayExamId(hx), 'ab'.repeat(32));
  return packageId;
}

/** RCOI's main key file for the package, recorded at HQ as the key service records it; asked by this GEK member. */
function receiveMainKey(hx: Harness, packageId: string, memberExternalId: string): void {
  const { privateKey } = generateKeyPairSync('ed25519');
  const file = signedKeyFile(privateKey, {
    packageId,
    exam: { date: '2026-06-01', subjectCode: 1, form: 'EGE', dayKind: 'main' },
    issuedAt: hx.clock.now().toISOString(),
  });
  const payload = { ...file.payload, requestedBy: { ...file.payload.requestedBy, staffId: memberExternalId } };
  // The helper names its own member: the file is signed again naming the roster's one, as RCOI would.
  const signed = signedKeyFile(privateKey, payload);
  recordExamKey(hx.core.db, { envelopeText: signed.text, payload: signed.payload, source: 'rcoi' }, hx.clock.now());
}

function member(hx: Harness, staffId: number) {
  return hx.core.db
    .prepare<[number], { external_id: string; last_name: string; first_name: string; middle_name: string }>(
      'SELECT external_id, last_name, first_name, middle_name FROM staff WHERE id = ?',
    )
    .get(staffId)!;
}

async function keyStep(hx: Harness, session: string) {
  const t = await hx.call(session, 'timeline/get', { date: null });
  return t.items.find((i) => i.key === 'key_release')!;
}

describe('the key at HQ: an alarm from 09:30 until the main key file is held', () => {
  it('no alarm before 09:30; at 09:30 «key not received» for today’s held package, for everyone, naming the GEK member and «Ключ к ЭМ»', async () => {
    h = await openHarness(LONG_IDLE, at('08:00'));
    await h.signInAs(HEAD, 1);
    await h.signInAs(ORGANISER, 2);
    holdTodaysPackage(h);
    expect(keyAlarms((await h.call(HEAD, 'attention/today', {})).alarms)).toEqual([]);
    h.clock.set(at('09:29'));
    expect(keyAlarms((await h.call(HEAD, 'attention/today', {})).alarms)).toEqual([]);

    h.clock.set(at('09:30'));
    const alarms = keyAlarms((await h.call(HEAD, 'attention/today', {})).alarms);
    expect(alarms).toEqual([
      { kind: 'key_not_received', who: 5, fixAt: 'examKeys', examId: todayExamId(h), examDate: '2026-06-01', subjectName: 'Русский язык', startLocal: '10:00' },
    ]);
    expect(keyAlarms((await h.call(ORGANISER, 'attention/today', {})).alarms)).toEqual(alarms);
  });

  it('no key alarm without a package HQ holds (that is the packages alarm), nor after the exam ended', async () => {
    h = await openHarness(LONG_IDLE, at('09:30'));
    await h.signInAs(HEAD, 1);
    const alarms = (await h.call(HEAD, 'attention/today', {})).alarms;
    expect(alarms.map((a) => a.kind)).toEqual(['package_not_ready']);
    holdTodaysPackage(h);
    expect(keyAlarms((await h.call(HEAD, 'attention/today', {})).alarms)).toHaveLength(1);
    h.clock.set(at('13:30')); // the end of the 3 h 30 min exam: a finished exam says nothing
    expect((await h.call(HEAD, 'attention/today', {})).alarms).toEqual([]);
  });

  it('the main key file held: the alarm is gone and the key step is done by the member who asked, at the time it came, without «Подтвердить»', async () => {
    h = await openHarness(LONG_IDLE, at('09:30'));
    await h.signInAs(HEAD, 1);
    const gekId = await h.signInAs(GEK, 5);
    const packageId = holdTodaysPackage(h);
    expect((await keyStep(h, HEAD)).progress).toBe('due');

    h.clock.set(at('09:34'));
    const asker = member(h, gekId);
    receiveMainKey(h, packageId, asker.external_id);
    h.clock.set(at('09:40'));
    expect(keyAlarms((await h.call(HEAD, 'attention/today', {})).alarms)).toEqual([]);
    const step = await keyStep(h, HEAD);
    expect(step).toMatchObject({ kind: 'confirm', progress: 'confirmed' });
    expect(step.confirm!.confirmation).toEqual({
      atUtc: at('09:34').toISOString(),
      staffId: gekId,
      roleCode: 5,
      name: { lastName: asker.last_name, firstName: asker.first_name, middleName: asker.middle_name },
      station: expect.any(String),
    });
    // Past the start it stays done, never overdue.
    h.clock.set(at('10:05'));
    expect((await keyStep(h, HEAD)).progress).toBe('confirmed');

    // «Подтвердить» pressed anyway: the key file's answer, nothing written or journaled.
    const pressed = await h.call(GEK, 'timeline/confirmStep', { examId: todayExamId(h), step: 'key_release' });
    expect(pressed).toEqual({ confirmation: step.confirm!.confirmation, alreadyConfirmed: true });
    expect(h.core.db.prepare('SELECT count(*) AS n FROM timeline_confirmation').get()).toEqual({ n: 0 });
  });

  it('without a key (training without RCOI) the GEK member still confirms the step by hand', async () => {
    h = await openHarness(LONG_IDLE, at('09:35'));
    const gekId = await h.signInAs(GEK, 5);
    const done = await h.call(GEK, 'timeline/confirmStep', { examId: todayExamId(h), step: 'key_release' });
    expect(done).toMatchObject({ alreadyConfirmed: false, confirmation: { staffId: gekId, roleCode: 5, atUtc: at('09:35').toISOString() } });
    expect((await keyStep(h, GEK)).confirm!.confirmation).toEqual(done.confirmation);
  });
});

describe('the key at a room station: an alarm while a held key file is not active in memory', () => {
  const roomAlarms = async (r: PrintingRoom) => keyAlarms((await r.h.call(S, 'attention/today', {})).alarms);

  it('from 09:30 until the end: the key file held but not activated, gone after activation, back after a restart; never HQ’s alarm', async () => {
    room = await openPrintingRoom({ idleLockSeconds: 12 * 3600 }, { roomKits: 2, reserveKits: 1 });
    const r = room;
    // Before the key file came there is nothing to activate; before 09:30 nothing is due.
    r.h.clock.set(at('09:30'));
    expect(await roomAlarms(r)).toEqual([]);
    r.h.clock.set(at('09:00'));
    r.holdKey('main');
    expect(await roomAlarms(r)).toEqual([]);

    r.h.clock.set(at('09:30'));
    const examId = r.h.core.db.prepare<[], { id: number }>("SELECT id FROM exam WHERE exam_date = '2026-06-01' AND subject_code = 1").get()!.id;
    expect(await roomAlarms(r)).toEqual([
      { kind: 'key_not_active', who: 5, fixAt: 'printing', examId, examDate: '2026-06-01', subjectName: 'Русский язык', startLocal: '10:00' },
    ]);

    await r.h.call(S, 'printing/activate', { tokenSerial: r.serial, tokenPin: TOKEN_PIN });
    expect(await roomAlarms(r)).toEqual([]);

    // A restart: the key file stays, the key in memory does not.
    await r.h.reopen();
    await r.h.signInAs(S, 7);
    expect((await roomAlarms(r)).map((a) => a.kind)).toEqual(['key_not_active']);
    r.h.clock.set(at('13:30'));
    expect(await roomAlarms(r)).toEqual([]);
  });
});
