import { afterEach, describe, expect, it } from 'vitest';
import { openRoomStations, TECH_ID, TECH_PIN, type RoomStations } from '../support/room-stations';
import { until } from '../support/wait';

// Issue 11, the room station in use: a station set up from the drive (its own SQLite, nothing else) receives its
// room's data from HQ; the technical specialist who set it up gives the organiser on duty a PIN there; the organiser
// replaces it, signs in, and finds the participants of their own room — and only theirs. Two real cores sharing one
// folder-backed drive; everything through the contract.

const ROOM = '0101';
const NUMBER = '100104';
const EXAM_DATE = '2026-06-01';

let s: RoomStations;
afterEach(async () => s?.close());

async function markTransferDrive(h: RoomStations['hq'], session: string): Promise<void> {
  const seen = await until(() => h.call(session, 'transfer/overview', {}), (o) => o.drives.length === 1, 'the drive to be seen');
  await h.call(session, 'transfer/chooseDrive', { driveId: seen.drives[0]!.id });
}

describe('a room station set up from the drive, with its room data', () => {
  it('lets the organiser on duty sign in with a PIN given there and see their own room', async () => {
    s = await openRoomStations();
    await s.hq.signInAs('hq', 7);
    await s.hq.call('hq', 'stations/prepare', { driveId: s.driveId, room: ROOM, number: NUMBER, isReserve: false });
    const listed = await s.room.call('room', 'roomSetup/files', { driveId: s.driveId });
    const offer = listed.files[0]!.offer!;
    await s.room.call('room', 'roomSetup/take', {
      driveId: s.driveId,
      file: listed.files[0]!.file,
      hqFingerprint: offer.hq.fingerprint,
      staffExternalId: TECH_ID,
      pin: TECH_PIN,
    });
    // HQ takes the reply (pins the station), then writes today's exam for the room.
    await markTransferDrive(s.hq, 'hq');
    expect((await s.hq.call('hq', 'transfer/take', {})).taken.map((t) => t.kind)).toEqual(['station.reply']);
    const examId = (await s.hq.call('hq', 'exams/list', {})).find((e) => e.date === EXAM_DATE && e.subjectName === 'Русский язык')!.id;
    await s.hq.call('hq', 'transfer/writeRoomData', { examId, room: ROOM });

    // At the room station: before its data, only the technical specialist who set it up has a PIN.
    const before = await s.room.call('room', 'auth/staffList', {});
    expect(before.filter((p) => p.hasPin).map((p) => p.roleCode)).toEqual([7]);
    const tech = before.find((p) => p.hasPin)!;
    await s.room.call('tech', 'auth/signIn', { staffId: tech.id, pin: TECH_PIN });
    await markTransferDrive(s.room, 'tech');
    const taken = await s.room.call('tech', 'transfer/take', {});
    expect(taken.refused).toEqual([]);
    expect(taken.taken.map((t) => t.kind)).toEqual(['room.data']);

    // The organiser HQ put on duty in this room is now on the station's list, without a PIN; the specialist gives one.
    const staff = await s.room.call('tech', 'auth/staffList', {});
    const organiser = staff.find((p) => p.roleCode === 2 && !p.hasPin);
    expect(organiser).toBeDefined();
    await s.room.call('tech', 'staff/setPin', { staffId: organiser!.id, pin: '1357' });

    // A PIN someone else set opens nothing until its owner replaces it; then the organiser is in.
    expect((await s.room.fail('organiser', 'auth/signIn', { staffId: organiser!.id, pin: '1357' })).code).toBe('PIN_CHANGE_REQUIRED');
    const session = await s.room.call('organiser', 'auth/changePin', { staffId: organiser!.id, pin: '1357', newPin: '8024' });
    expect(session.state).toBe('active');

    // Their room's participants, as HQ seated them; a search of another room is refused, not narrowed.
    const roomExamId = (await s.room.call('organiser', 'exams/list', {})).find((e) => e.date === EXAM_DATE)!.id;
    const found = await s.room.call('organiser', 'participants/search', { examId: roomExamId, query: '', auditoriumCode: null, limit: 200 });
    await s.hq.signInAs('head', 1);
    const seatedAtHq = await s.hq.call('head', 'participants/search', { examId, query: '', auditoriumCode: ROOM, limit: 200 });
    expect(found.total).toBeGreaterThan(0);
    expect(new Set(found.rows.map((r) => r.auditoriumCode))).toEqual(new Set([ROOM]));
    expect(found.rows.map((r) => r.externalId).sort()).toEqual(seatedAtHq.rows.map((r) => r.externalId).sort());
    expect((await s.room.fail('organiser', 'participants/search', { examId: roomExamId, query: '', auditoriumCode: '0102', limit: 200 })).code).toBe('FORBIDDEN');
  });
});
