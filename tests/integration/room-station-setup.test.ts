import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateStationKeys } from '../../main/crypto/station-crypto';
import { TRANSFER_FOLDER } from '../../main/transfer/message-format';
import { forgeMessage, HQ, openRoomStations, TECH_ID, TECH_PIN, type RoomStations } from '../support/room-stations';

// Issue 11, items 1 and 7: a room station set up from the transfer drive, on two real cores (their own SQLite files)
// sharing one folder-backed drive. HQ issues a set-up; the fresh room station, with no network, lists it, the person
// confirms HQ's fingerprint, and one act sets the station up and pins HQ; its reply is taken at HQ and pinned, and
// both screens show the same fingerprint. A second reply, a reply to nothing, a reply for another PPE, a tampered
// set-up file and a set-up for another PPE are each refused and pin nothing; moving a station is journaled on both
// sides.

let s: RoomStations;
beforeEach(async () => {
  s = await openRoomStations();
});
afterEach(async () => {
  await s.close();
});

const NUMBER = '100104';

async function prepare(number = NUMBER, room = '0101') {
  await s.hq.signInAs('hq', 7);
  return s.hq.call('hq', 'stations/prepare', { driveId: s.driveId, room, number, isReserve: false });
}

async function setUpRoom(file: string, hqFingerprint: string) {
  return s.room.call('room', 'roomSetup/take', { driveId: s.driveId, file, hqFingerprint, staffExternalId: TECH_ID, pin: TECH_PIN });
}

const livePins = (h: RoomStations['hq']) => h.core.db.prepare('SELECT station, room, retired_at FROM station_peer ORDER BY id').all();

describe('a room station set up from the transfer drive', () => {
  it('HQ issues, the fresh station takes it, HQ takes the reply and pins it: both show the same fingerprint', async () => {
    const issued = await prepare();
    expect(issued.file).toBe(`station-${NUMBER}/${HQ}-00000001-station.setup.ppex`);
    const hqView = await s.hq.call('hq', 'stations/overview', {});
    expect(hqView.thisStation).toMatchObject({ number: HQ, role: 'hq', fingerprint: issued.hqFingerprint });
    expect(hqView.setups).toEqual([expect.objectContaining({ station: NUMBER, room: '0101', answeredAt: null, fingerprint: null })]);
    expect(s.journal(s.hq, 'station.setup_issued')).toEqual([
      { setupId: issued.setupId, station: NUMBER, room: '0101', isReserve: false, file: issued.file },
    ]);
    // The set-up file is in the clear but carries no PIN hash: names and role codes of technical specialists only.
    const raw = readFileSync(join(s.drive, TRANSFER_FOLDER, issued.file));
    expect(raw.includes(Buffer.from('scrypt$'))).toBe(false);

    // The fresh room station: not set up, no network, the drive is all it has.
    expect((await s.room.call('room', 'app/info', {})).setup).toBe('notSetUp');
    const drives = await s.room.call('room', 'roomSetup/drives', {});
    expect(drives.drives.map((d) => d.id)).toEqual([s.driveId]);
    const listed = await s.room.call('room', 'roomSetup/files', { driveId: s.driveId });
    expect(listed.files).toHaveLength(1);
    const offer = listed.files[0]!.offer!;
    expect(listed.files[0]!.problem).toBeNull();
    expect(offer).toMatchObject({
      room: { code: '0101', name: 'Аудитория 101' },
      station: { number: NUMBER, isReserve: false },
      move: false,
      ppe: { code: '0412', trainingMode: true },
      hq: { station: HQ, fingerprint: issued.hqFingerprint },
    });
    expect(offer.staff).toEqual([{ externalId: TECH_ID, name: 'Васильев Илья Алексеевич' }]);

    const done = await setUpRoom(listed.files[0]!.file, offer.hq.fingerprint);
    expect(done).toMatchObject({ station: NUMBER, room: '0101', isReserve: false, hqFingerprint: issued.hqFingerprint, replyProblem: null });
    expect(done.replyFile).toBe(`hq/${NUMBER}-00000001-station.reply.ppex`);
    const info = await s.room.call('room', 'app/info', {});
    expect(info.setup).toBe('training');
    expect(info.station).toEqual({ number: NUMBER, role: 'organizer', auditoriumCode: '0101' });
    expect(s.journal(s.room, 'station.set_up')).toEqual([
      expect.objectContaining({ setupId: issued.setupId, station: NUMBER, hqStation: HQ, hqFingerprint: issued.hqFingerprint, fingerprint: done.fingerprint }),
    ]);
    expect(livePins(s.room)).toEqual([{ station: HQ, room: null, retired_at: null }]);
    // Set up once: the fresh-station channels are closed now.
    expect((await s.room.fail('room', 'roomSetup/files', { driveId: s.driveId })).code).toBe('STATION_ALREADY_SET_UP');
    // The person who set it up signs in with the PIN they chose.
    const staff = await s.room.call('room', 'auth/staffList', {});
    const me = staff.find((p) => p.roleCode === 7)!;
    await s.room.call('room', 'auth/signIn', { staffId: me.id, pin: TECH_PIN });
    const roomView = await s.room.call('room', 'stations/overview', {});
    expect(roomView.thisStation).toEqual({ number: NUMBER, role: 'room', room: '0101', fingerprint: done.fingerprint });
    expect(roomView.peers).toEqual([expect.objectContaining({ station: HQ, role: 'hq', fingerprint: issued.hqFingerprint })]);

    // HQ takes the reply: pinned in the same act, the same fingerprint as the room station's screen.
    const report = await s.hqImport();
    expect(report.refused).toEqual([]);
    expect(report.taken).toEqual([expect.objectContaining({ sender: NUMBER, kind: 'station.reply', seq: 1 })]);
    const after = await s.hq.call('hq', 'stations/overview', {});
    expect(after.peers).toEqual([expect.objectContaining({ station: NUMBER, role: 'room', room: '0101', fingerprint: done.fingerprint })]);
    expect(after.setups[0]).toMatchObject({ answeredAt: expect.any(String), fingerprint: done.fingerprint });
    expect(s.journal(s.hq, 'station.pinned')).toEqual([
      { setupId: issued.setupId, station: NUMBER, room: '0101', isReserve: false, fingerprint: done.fingerprint, moved: false },
    ]);
    // The same drive again changes nothing.
    expect((await s.hqImport()).taken).toEqual([]);

    // A second reply to the same set-up (the room station writes it again): refused, nothing pinned anew.
    await s.room.call('room', 'stations/writeReply', { driveId: s.driveId });
    const second = await s.hqImport();
    expect(second.taken).toEqual([]);
    expect(second.refused.map((r) => r.error.code)).toEqual(['STATION_REPLY_ANSWERED']);
    expect(livePins(s.hq)).toEqual([{ station: NUMBER, room: '0101', retired_at: null }]);
  });

  it('a station number is issued once, to a room of the PPE, by those who manage stations only', async () => {
    await prepare();
    expect((await s.hq.fail('hq', 'stations/prepare', { driveId: s.driveId, room: '0102', number: NUMBER, isReserve: true })).code).toBe('STATION_NUMBER_TAKEN');
    // A number of the roster already (the demo's station of room 0101).
    expect((await s.hq.fail('hq', 'stations/prepare', { driveId: s.driveId, room: '0101', number: '100101', isReserve: false })).code).toBe('STATION_NUMBER_TAKEN');
    // The headquarters is not a room station's room.
    expect((await s.hq.fail('hq', 'stations/prepare', { driveId: s.driveId, room: '7777', number: '100105', isReserve: false })).params).toEqual({ room: '7777' });
    await s.hq.signInAs('gek', 5);
    expect((await s.hq.fail('gek', 'stations/prepare', { driveId: s.driveId, room: '0102', number: '100105', isReserve: false })).code).toBe('FORBIDDEN');
    expect((await s.hq.call('gek', 'stations/overview', {})).setups).toHaveLength(1);
  });

  it('a reply that answers nothing, and a reply for another PPE: each refused with its own words, nothing pinned', async () => {
    await prepare();
    const keys = generateStationKeys();
    const reply = (setupId: string) => ({
      payloadVersion: 1,
      setupId,
      room: '0101',
      station: { number: '100105', isReserve: false, signingKey: keys.signing.publicKeySpkiBase64, agreementKey: keys.agreement.publicKeySpkiBase64 },
      repliedAt: '2026-06-01T01:00:00.000Z',
    });
    await forgeMessage(s.drive, { station: '100105', role: 'room', room: '0101', keys }, { receiver: { type: 'hq' }, kind: 'station.reply', seq: 1, payload: reply(randomUUID()) });
    await forgeMessage(
      s.drive,
      { station: '100106', role: 'room', room: '0101', ppe: { region: '42', code: '0413' } },
      { receiver: { type: 'hq' }, kind: 'station.reply', seq: 1, payload: { ...reply(randomUUID()), station: { ...reply('x').station, number: '100106' } } },
    );
    const report = await s.hqImport();
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => [r.file.split('/')[1]!.slice(0, 6), r.error.code])).toEqual([
      ['100105', 'STATION_REPLY_UNKNOWN_SETUP'],
      ['100106', 'TRANSFER_OTHER_PPE'],
    ]);
    expect(livePins(s.hq)).toEqual([]);
    expect(s.journal(s.hq, 'transfer.refused')).toHaveLength(2);
  });

  it('a tampered set-up file is refused on the room station, and nothing is set up', async () => {
    const issued = await prepare();
    const path = join(s.drive, TRANSFER_FOLDER, issued.file);
    const bytes = readFileSync(path);
    // «Аудитория 101» → another room name: the bytes no longer carry HQ's signature.
    const at = bytes.indexOf(Buffer.from('101'));
    bytes[at] = '9'.charCodeAt(0);
    writeFileSync(path, bytes);
    const listed = await s.room.call('room', 'roomSetup/files', { driveId: s.driveId });
    expect(listed.files.map((f) => [f.offer, f.problem?.code])).toEqual([[null, 'TRANSFER_BAD_SIGNATURE']]);
    const refused = await s.room.fail('room', 'roomSetup/take', { driveId: s.driveId, file: issued.file, hqFingerprint: issued.hqFingerprint, staffExternalId: TECH_ID, pin: TECH_PIN });
    expect(refused.code).toBe('TRANSFER_BAD_SIGNATURE');
    expect((await s.room.call('room', 'app/info', {})).setup).toBe('notSetUp');
    expect(s.journal(s.room, 'transfer.refused').map((e) => (e.error as { code: string }).code)).toEqual(['TRANSFER_BAD_SIGNATURE']);
  });

  it('the person must confirm the fingerprint the file carries, and be one of its technical specialists', async () => {
    const issued = await prepare();
    const wrong = issued.hqFingerprint.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
    const take = (over: Record<string, string>) =>
      s.room.fail('room', 'roomSetup/take', { driveId: s.driveId, file: issued.file, hqFingerprint: issued.hqFingerprint, staffExternalId: TECH_ID, pin: TECH_PIN, ...over });
    expect((await take({ hqFingerprint: wrong })).code).toBe('STATION_SETUP_FINGERPRINT_CHANGED');
    expect((await take({ staffExternalId: 'W-42-0001' })).code).toBe('STATION_SETUP_PERSON_UNKNOWN');
    expect((await take({ pin: '1234' })).code).toBe('PIN_TOO_SIMPLE');
    expect((await s.room.call('room', 'app/info', {})).setup).toBe('notSetUp');
    expect(s.room.core.db.prepare('SELECT count(*) AS n FROM station_peer').get()).toEqual({ n: 0 });
  });

  it('moving a station: HQ retires the pin and issues a set-up for its key; the station takes it; HQ pins it at its new place', async () => {
    const issued = await prepare();
    const done = await setUpRoom(issued.file, issued.hqFingerprint);
    await s.hqImport();
    const staff = await s.room.call('room', 'auth/staffList', {});
    await s.room.call('room', 'auth/signIn', { staffId: staff.find((p) => p.roleCode === 7)!.id, pin: TECH_PIN });

    const moved = await s.hq.call('hq', 'stations/move', { station: NUMBER, driveId: s.driveId, room: '0102', number: NUMBER, isReserve: false });
    expect(livePins(s.hq)).toEqual([{ station: NUMBER, room: '0101', retired_at: expect.any(String) }]);
    expect(s.journal(s.hq, 'station.move_issued')).toEqual([
      { setupId: moved.setupId, fromStation: NUMBER, fromRoom: '0101', station: NUMBER, room: '0102', isReserve: false, fingerprint: done.fingerprint, file: moved.file },
    ]);

    const offered = await s.room.call('room', 'stations/moveFiles', { driveId: s.driveId });
    expect(offered.files.map((f) => [f.file, f.offer?.move, f.offer?.room.code])).toEqual([[moved.file, true, '0102']]);
    const taken = await s.room.call('room', 'stations/takeMove', { driveId: s.driveId, file: moved.file, hqFingerprint: issued.hqFingerprint });
    expect(taken).toMatchObject({ station: NUMBER, room: '0102', fingerprint: done.fingerprint, replyProblem: null });
    expect(s.journal(s.room, 'station.moved')).toEqual([
      { setupId: moved.setupId, fromStation: NUMBER, fromRoom: '0101', station: NUMBER, room: '0102', isReserve: false },
    ]);
    expect((await s.room.call('room', 'app/info', {})).station).toEqual({ number: NUMBER, role: 'organizer', auditoriumCode: '0102' });

    const report = await s.hqImport();
    expect(report.refused).toEqual([]);
    expect(s.journal(s.hq, 'station.pinned').at(-1)).toEqual({ setupId: moved.setupId, station: NUMBER, room: '0102', isReserve: false, fingerprint: done.fingerprint, moved: true });
    expect(livePins(s.hq)).toEqual([
      { station: NUMBER, room: '0101', retired_at: expect.any(String) },
      { station: NUMBER, room: '0102', retired_at: null },
    ]);
  });

  it('a move whose file was lost is issued again, for the same key; a station never pinned is not moved', async () => {
    const issued = await prepare();
    const done = await setUpRoom(issued.file, issued.hqFingerprint);
    await s.hqImport();
    expect((await s.hq.fail('hq', 'stations/move', { station: '100199', driveId: s.driveId, room: '0102', number: '100199', isReserve: false })).code).toBe('STATION_NOT_PINNED');
    const first = await s.hq.call('hq', 'stations/move', { station: NUMBER, driveId: s.driveId, room: '0102', number: '100110', isReserve: true });
    // The drive with the move is lost: HQ moves the station again, to the same new number.
    const again = await s.hq.call('hq', 'stations/move', { station: NUMBER, driveId: s.driveId, room: '0102', number: '100110', isReserve: true });
    expect(again.setupId).not.toBe(first.setupId);
    expect(s.journal(s.hq, 'station.move_issued').map((e) => [e.fromStation, e.station, e.fingerprint])).toEqual([
      [NUMBER, '100110', done.fingerprint],
      [NUMBER, '100110', done.fingerprint],
    ]);
    // Another station may not take the number meanwhile.
    expect((await s.hq.fail('hq', 'stations/prepare', { driveId: s.driveId, room: '0103', number: '100110', isReserve: false })).code).toBe('STATION_NUMBER_TAKEN');
  });

  it('a set-up for another PPE on a station already set up: refused, the station keeps its PPE', async () => {
    const issued = await prepare();
    await setUpRoom(issued.file, issued.hqFingerprint);
    const staff = await s.room.call('room', 'auth/staffList', {});
    await s.room.call('room', 'auth/signIn', { staffId: staff.find((p) => p.roleCode === 7)!.id, pin: TECH_PIN });
    const roomKey = (await s.room.call('room', 'stations/overview', {})).thisStation!;
    const ownKey = s.room.core.db.prepare<[], { signing_public: string }>('SELECT signing_public FROM station_key').get()!.signing_public;
    const otherHq = generateStationKeys();
    const file = await forgeMessage(
      s.drive,
      { station: '200001', role: 'hq', room: null, ppe: { region: '42', code: '0413' }, keys: otherHq },
      {
        receiver: { type: 'station', number: NUMBER },
        kind: 'station.setup',
        seq: 1,
        payload: {
          payloadVersion: 1,
          setupId: randomUUID(),
          issuedAt: '2026-06-01T01:00:00.000Z',
          ppe: { regionCode: '42', regionName: 'Кемеровская область', code: '0413', name: 'Другой ППЭ', address: 'где-то', timeZone: 'Asia/Novokuznetsk', rcoiPublicKey: otherHq.signing.publicKeySpkiBase64, trainingMode: false },
          room: { code: '0201', name: 'Аудитория 201', seats: 15, specialConditions: false },
          station: { number: NUMBER, isReserve: false, currentKey: ownKey },
          hq: { station: '200001', room: { code: '7777', name: 'Штаб' }, signingKey: otherHq.signing.publicKeySpkiBase64, agreementKey: otherHq.agreement.publicKeySpkiBase64 },
          staff: [],
        },
      },
    );
    const listed = await s.room.call('room', 'stations/moveFiles', { driveId: s.driveId });
    expect(listed.files.map((f) => f.file)).toEqual([file]);
    const refused = await s.room.fail('room', 'stations/takeMove', { driveId: s.driveId, file, hqFingerprint: listed.files[0]!.offer!.hq.fingerprint });
    expect(refused).toEqual({ code: 'STATION_SETUP_OTHER_PPE', params: { filePpe: '0413', ppe: '0412' } });
    expect((await s.room.call('room', 'app/info', {})).ppe?.code).toBe('0412');
    expect((await s.room.call('room', 'stations/overview', {})).thisStation).toEqual(roomKey);
    expect(s.room.core.db.prepare('SELECT count(*) AS n FROM station_peer').get()).toEqual({ n: 1 });
  });
});
