import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../main/ipc/contract';
import { loadDemoDataset } from '../rcoi-server/demo-bundles';
import { openHarness, type Harness } from '../support/core-harness';

// Each role sees what its duty needs (issue 8, item 12; personal data under 152-ФЗ): an organiser in a room sees
// that room's participants for the day's exam, an organiser outside the rooms the entrance list, lock-out states and
// PINs only those who manage PINs. Enforced in main, whatever the request names.

const demo = loadDemoDataset();
const ROOM_A = '0101';
let h: Harness;
let todayExam: number;
let pastExam: number;

beforeEach(async () => {
  h = await openHarness({ idleLockSeconds: 3600 });
  const exams = h.core.db.prepare<[], { id: number; exam_date: string }>('SELECT id, exam_date FROM exam ORDER BY exam_date').all();
  todayExam = exams.find((e) => e.exam_date === '2026-06-01')!.id;
  pastExam = exams.find((e) => e.exam_date === '2026-05-30')!.id;
});
afterEach(() => h.close());

const todaysSeating = demo.exams.find((e) => e.dayOffset === 0)!.seating;
const seatedInA = new Set(todaysSeating.filter((s) => s.auditoriumCode === ROOM_A).map((s) => s.participant));
/** Everyone who is not in room A today: nothing of theirs may reach an organiser of room A. */
const othersMarkers = demo.participants
  .filter((_, i) => !seatedInA.has(i))
  .flatMap((p) => [p.id, p.document.number]);
const roomAParticipant = demo.participants[[...seatedInA][0]!]!;

async function signIn(session: string, externalId: string, pin: string): Promise<number> {
  const id = h.core.db.prepare<[string], { id: number }>('SELECT id FROM staff WHERE external_id = ?').get(externalId)!.id;
  await h.call(session, 'auth/signIn', { staffId: id, pin });
  return id;
}
const organiserOfA = () => demo.staff.find((s) => s.roleCode === 2 && s.id === 'W-42-5005')!; // room 0101 in the demo

/** Requests to try on each channel; a channel not listed here is tried with an empty request. */
function requestsFor(channel: InvokeChannel): unknown[] {
  const exams = [todayExam, pastExam, todayExam + 100];
  const rooms = [null, '0101', '0102', '0103', '7777'];
  switch (channel) {
    case 'participants/search':
      return exams.flatMap((examId) =>
        rooms.flatMap((auditoriumCode) =>
          ['', othersMarkers[1]!].map((query) => ({ examId, query, auditoriumCode, limit: 500 })),
        ),
      );
    case 'rooms/list':
      return [{ examId: null }, ...exams.map((examId) => ({ examId }))];
    case 'staff/search':
      return [{ query: '', examId: null }, ...exams.map((examId) => ({ query: '', examId }))];
    case 'timeline/get':
      return [{ date: null }, { date: '2026-05-30' }, { date: '2026-06-03' }];
    case 'journal/list':
      return [{ beforeSeq: null, limit: 500 }];
    case 'staff/setPin':
      return [{ staffId: 1, pin: '482913' }];
    default:
      return [{}];
  }
}
/** Channels that would end the caller's own session: tried last, by the tests that need them. */
const SESSION_ENDING = new Set<string>(['auth/signIn', 'auth/signOut', 'auth/unlock', 'auth/lock']);

async function everyAnswer(session: string): Promise<{ channel: string; text: string }[]> {
  const answers: { channel: string; text: string }[] = [];
  for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) {
    if (SESSION_ENDING.has(channel)) continue;
    for (const request of requestsFor(channel)) {
      const r = await h.core.dispatch(session, channel, request);
      if (r.ok) answers.push({ channel, text: JSON.stringify(r.value) });
    }
  }
  return answers;
}

describe('an organiser in room A', () => {
  it('gets nothing of any other room or exam from any channel, whatever the request names', async () => {
    h.core.db.prepare("UPDATE staff SET locked_until = '2026-06-01T02:00:00.000Z' WHERE role_code = 5").run();
    const self = organiserOfA();
    await signIn('org', self.id, '2222');
    const answers = await everyAnswer('org');
    expect(answers.length).toBeGreaterThan(5);
    for (const { channel, text } of answers) {
      for (const marker of othersMarkers) expect(text.includes(marker), `${channel} carries ${marker}`).toBe(false);
      // Other staff: neither their regional codes nor lock-out states.
      for (const s of demo.staff) if (s.id !== self.id) expect(text.includes(s.id), `${channel} carries ${s.id}`).toBe(false);
      expect(text.includes('"lockedUntil":"'), `${channel} carries a lock-out state`).toBe(false);
    }
  });

  it('sees the own room of today’s exam, with document numbers, also when asking for all rooms', async () => {
    await signIn('org', organiserOfA().id, '2222');
    const all = await h.call('org', 'participants/search', { examId: todayExam, query: '', auditoriumCode: null, limit: 500 });
    expect(all.rows.length).toBe(seatedInA.size);
    expect(new Set(all.rows.map((r) => r.auditoriumCode))).toEqual(new Set([ROOM_A]));
    const row = all.rows.find((r) => r.externalId === roomAParticipant.id)!;
    expect(row.documentNumber).toBe(roomAParticipant.document.number);
  });

  it('asking for another room is refused, and journaled once a minute, not once a call', async () => {
    await signIn('org', organiserOfA().id, '2222');
    const forbidden = () => h.core.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'auth.forbidden'").get() as { n: number };
    for (let i = 0; i < 20; i++) {
      const e = await h.fail('org', 'participants/search', { examId: todayExam, query: '', auditoriumCode: '0102', limit: 5 });
      expect(e.code).toBe('FORBIDDEN');
    }
    expect(forbidden().n).toBe(1);
    const entry = h.core.db
      .prepare<[], { payload: string; actor_role_code: number }>("SELECT payload, actor_role_code FROM journal WHERE action = 'auth.forbidden'")
      .get()!;
    expect(entry.actor_role_code).toBe(2);
    expect(JSON.parse(entry.payload)).toMatchObject({ channel: 'participants/search' });
    h.clock.advance(61_000);
    await h.fail('org', 'participants/search', { examId: pastExam, query: '', auditoriumCode: null, limit: 5 });
    expect(forbidden().n).toBe(2);
    // A permission the role lacks is journaled the same way.
    await h.fail('org', 'staff/search', { query: '', examId: null });
    expect(forbidden().n).toBe(3);
  });
});

describe('the other roles', () => {
  it('an organiser outside the rooms sees the entrance list of today’s exam with documents, nothing else', async () => {
    await h.signInAs('out', 3);
    const all = await h.call('out', 'participants/search', { examId: todayExam, query: '', auditoriumCode: null, limit: 500 });
    expect(all.total).toBe(todaysSeating.length);
    expect(all.rows.every((r) => r.documentNumber !== '')).toBe(true);
    expect((await h.fail('out', 'participants/search', { examId: pastExam, query: '', auditoriumCode: null, limit: 5 })).code).toBe('FORBIDDEN');
    expect((await h.fail('out', 'staff/search', { query: '', examId: null })).code).toBe('FORBIDDEN');
  });

  it('an assistant sees the own room without document numbers, and cannot search by them', async () => {
    await h.signInAs('asst', 4);
    const rows = (await h.call('asst', 'participants/search', { examId: todayExam, query: '', auditoriumCode: null, limit: 500 })).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.auditoriumCode === '0103' && r.documentNumber === '' && r.documentSeries === '')).toBe(true);
    const byDocument = await h.call('asst', 'participants/search', {
      examId: todayExam,
      query: demo.participants[todaysSeating.find((s) => s.auditoriumCode === '0103')!.participant]!.document.number,
      auditoriumCode: null,
      limit: 5,
    });
    expect(byDocument.total).toBe(0);
  });

  it('lock-out states and PINs are shown only to those who manage PINs', async () => {
    h.core.db.prepare("UPDATE staff SET locked_until = '2026-06-01T02:00:00.000Z' WHERE role_code = 6").run();
    // Signed out, at the sign-in screen: nobody's lock-out is on show.
    expect((await h.call('x', 'auth/staffList', {})).every((s) => s.lockedUntil === null)).toBe(true);
    await h.signInAs('gek', 5);
    const seenByGek = await h.call('gek', 'staff/search', { query: '', examId: null });
    expect(seenByGek.length).toBe(demo.staff.length);
    expect(seenByGek.every((s) => s.lockedUntil === null && s.hasPin === null)).toBe(true);
    await h.signInAs('tech', 7);
    const seenByTech = await h.call('tech', 'staff/search', { query: '', examId: null });
    expect(seenByTech.some((s) => s.lockedUntil !== null)).toBe(true);
    expect(seenByTech.some((s) => s.hasPin === true)).toBe(true);
    // The technical specialist's duty is the equipment, not the participants' documents.
    expect((await h.fail('tech', 'participants/search', { examId: todayExam, query: '', auditoriumCode: null, limit: 5 })).code).toBe('FORBIDDEN');
  });

  it('a public observer sees neither participants nor staff; the PPE head sees everyone', async () => {
    await h.signInAs('obs', 6);
    expect((await h.fail('obs', 'participants/search', { examId: todayExam, query: '', auditoriumCode: null, limit: 5 })).code).toBe('FORBIDDEN');
    expect((await h.fail('obs', 'staff/search', { query: '', examId: null })).code).toBe('FORBIDDEN');
    const rooms = await h.call('obs', 'rooms/list', { examId: todayExam });
    expect(rooms.every((r) => r.organizers.length === 0)).toBe(true);
    await h.signInAs('head', 1);
    const all = await h.call('head', 'participants/search', { examId: pastExam, query: '', auditoriumCode: '0102', limit: 500 });
    expect(all.total).toBeGreaterThan(0);
    expect((await h.call('head', 'rooms/list', { examId: todayExam })).some((r) => r.organizers.length > 0)).toBe(true);
  });
});
