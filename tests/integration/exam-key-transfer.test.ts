import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreContext } from '../../main/kernel/context';
import { act } from '../../main/kernel/unit-of-work';
import { heldExamKeys, recordExamKey } from '../../main/exam-keys/key-store';
import { readExamKeyFile } from '../../main/exam-keys/read-key-file';
import { defaultCryptoSuite } from '../../main/crypto/crypto-suite';
import { loadTransferSetup } from '../../main/stations/transfer-setup';
import { fileKeyProtector } from '../../main/sync/key-store';
import { TransferService } from '../../main/transfer/transfer-service';
import type { Harness } from '../support/core-harness';
import { signedKeyFile } from '../support/exam-key-file';
import { openPairedStations, type PairedStations } from '../support/room-stations';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';

// Issue 12, item 2, the key's way to the room: HQ (the demo PPE's 100001) holds the exam's internet package and its
// key files; «Записать данные аудитории» carries them to room 0101 as room.exam_key after the room's data and
// package; the room station (100101, its own SQLite) takes the package, then the keys, checking RCOI's signature
// against the key it pinned, its own PPE and a package it holds. A key for another PPE or another package, and one
// whose signed bytes were changed, are refused and change nothing. Two real cores, one folder-backed drive.

const HQ = '100001';
const ROOM_STATION = '100101';
const ROOM = '0101';
const EXAM_DATE = '2026-06-01';
const S = 'tech';
const ACTOR = { staffId: null, name: 'технический специалист', roleCode: 7 };

let shared: string;
let hq: Harness;
let room: Harness;
let stations: PairedStations;
let server: RcoiServer;
let packageId: string;
let subjectCode: number;

const todayExamId = (h: Harness) =>
  h.core.db.prepare<[string], { id: number }>("SELECT id FROM exam WHERE exam_date = ? AND subject_name = 'Русский язык'").get(EXAM_DATE)!.id;
const writeRoomData = () => hq.call(S, 'transfer/writeRoomData', { examId: todayExamId(hq), room: ROOM });
const ctxOf = (h: Harness, number: string): CoreContext => ({ db: h.core.db, clock: h.clock, events: h.core.events, stationNumber: () => number, outboxChanged: () => {} });
const roomKeys = () => room.core.db.prepare<[], { key_id: string; source: string }>('SELECT key_id, source FROM exam_key ORDER BY key_id').all();
const journal = (h: Harness, action: string) =>
  h.core.db
    .prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq')
    .all(action)
    .map((r) => JSON.parse(r.payload) as Record<string, unknown>);

/** HQ holds a key file as if RCOI had released it (the HQ service's own test asks the reference RCOI). */
function hqHolds(text: string): void {
  const key = readExamKeyFile(text, hq.core.db.prepare<[], { k: string }>('SELECT rcoi_public_key AS k FROM ppe').get()!.k, defaultCryptoSuite, {
    regionCode: '42',
    ppeCode: '0412',
    packageId,
  });
  act(ctxOf(hq, HQ), ACTOR, (work) => recordExamKey(work.db, { ...key, source: 'rcoi' }, work.at));
}

/** HQ's own transfer service, to write a room.exam_key carrying any text (what a faulty or hostile HQ could write). */
async function hqWritesKeyText(envelope: string): Promise<void> {
  const ctx = ctxOf(hq, HQ);
  const service = new TransferService(ctx, loadTransferSetup(ctx, fileKeyProtector(hq.dataDir))!, {});
  const drive = (await hq.call(S, 'transfer/overview', {})).drive!;
  const mount = hq.core.drives.mounted().find((d) => d.id === drive.id)!.mountPath;
  await service.write(ACTOR, mount, { receiver: { type: 'room', code: ROOM }, kind: 'room.exam_key', examDate: EXAM_DATE, payload: { payloadVersion: 1, envelope } });
}

beforeAll(async () => {
  stations = await openPairedStations({ tmpPrefix: 'ppe-exam-key-transfer-', clearRoomRoster: true, session: S });
  ({ shared, hq, room } = stations);
  // HQ downloads today's package from the reference RCOI, as on the morning of the exam.
  server = await startRcoiServer({ dbFile: join(shared, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
  hq.core.db.prepare('UPDATE ppe SET rcoi_url = ?').run(server.url);
  subjectCode = hq.core.db.prepare<[number], { s: number }>('SELECT subject_code AS s FROM exam WHERE id = ?').get(todayExamId(hq))!.s;
  ({ packageId } = server.publishPackage({
    regionCode: '42',
    ppeCode: '0412',
    exam: { date: EXAM_DATE, subjectCode, form: 'EGE', dayKind: 'main' },
    rooms: [{ auditoriumCode: ROOM, kits: 12 }, { auditoriumCode: '0102', kits: 9 }],
    reserveKits: 4,
    bytesPerKit: 8 * 1024,
  }));
  await hq.call(S, 'packages/refresh', {});
  let task: Promise<void> = Promise.resolve();
  hq.core.packages.startDownload(ACTOR, packageId, (t) => (task = t));
  await task;
});

afterAll(async () => {
  await server?.close();
  await stations?.close();
});

const exam = () => ({ date: EXAM_DATE, subjectCode, form: 'EGE' as const, dayKind: 'main' as const });

describe('the exam key on the transfer drive (room.exam_key)', () => {
  it('with no key held, the room write carries no key; once HQ holds the main key, it follows the package and the room takes and holds it', async () => {
    const before = await writeRoomData();
    expect(before.files.map((f) => f.kind)).toEqual(['room.data', 'room.package']);

    const main = signedKeyFile(loadDemoSigningKey(), { packageId, exam: exam() });
    hqHolds(main.text);
    const written = await writeRoomData();
    expect(written.files.map((f) => f.kind)).toEqual(['room.data', 'room.package', 'room.exam_key']);
    // HQ's screen says the room got the key on the drive.
    const overview = await hq.call(S, 'examKeys/overview', {});
    const today = overview.exams.find((e) => e.packageId === packageId)!;
    expect(today.main?.keyId).toBe(main.payload.keyId);
    expect(today.rooms.find((r) => r.code === ROOM)).toMatchObject({
      stations: [{ number: ROOM_STATION, isReserve: false }],
      keysWritten: { carriesMain: true, carriesNewest: true },
    });

    const taken = await room.call(S, 'transfer/take', {});
    expect(taken.refused).toEqual([]);
    expect(taken.taken.map((t) => t.kind)).toEqual(['room.data', 'room.package', 'room.data', 'room.package', 'room.exam_key']);
    expect(roomKeys()).toEqual([{ key_id: main.payload.keyId, source: 'transfer' }]);
    // Held as RCOI signed it, byte for byte.
    expect(heldExamKeys(room.core.db, packageId).map((k) => k.envelopeText)).toEqual([main.text]);
    expect(journal(room, 'key.loaded')).toEqual([
      { packageId, keyId: main.payload.keyId, kind: 'main', sequence: 0, examDate: EXAM_DATE, subjectCode, sender: HQ, seq: 5, fresh: true },
    ]);

    // Written again with a reserve key: the main key again is taken but changes nothing, the reserve key is held too.
    const reserve = signedKeyFile(loadDemoSigningKey(), {
      packageId,
      exam: exam(),
      kind: 'reserve',
      sequence: 1,
      reserve: [{ sequence: 1, roomCode: ROOM, stationNumber: ROOM_STATION, kits: 2, kitIndices: [22, 23], grantedAt: '2026-06-01T03:40:00.000Z' }],
    });
    hqHolds(reserve.text);
    const again = await writeRoomData();
    expect(again.files.map((f) => f.kind)).toEqual(['room.data', 'room.package', 'room.exam_key', 'room.exam_key']);
    const second = await room.call(S, 'transfer/take', {});
    expect(second.refused).toEqual([]);
    expect(roomKeys()).toEqual([main.payload.keyId, reserve.payload.keyId].sort().map((key_id) => ({ key_id, source: 'transfer' })));
    expect(journal(room, 'key.loaded').map((e) => [e.kind, e.fresh])).toEqual([['main', true], ['main', false], ['reserve', true]]);
  });

  it('a key file for another PPE, for a package the room does not hold, or changed after RCOI signed it is refused and changes nothing', async () => {
    const keysBefore = roomKeys();
    const loadedBefore = journal(room, 'key.loaded').length;
    const otherPpe = signedKeyFile(loadDemoSigningKey(), { packageId, exam: exam(), ppeCode: '0413' });
    await hqWritesKeyText(otherPpe.text);
    const otherPackage = signedKeyFile(loadDemoSigningKey(), { packageId: '11111111-2222-4333-8444-555555555555', exam: exam() });
    await hqWritesKeyText(otherPackage.text);
    // A space added to the signed payload (still the same JSON): RCOI's signature no longer holds.
    const genuine = signedKeyFile(loadDemoSigningKey(), { packageId, exam: exam() });
    const envelope = JSON.parse(genuine.text) as { payload: string };
    const changed = Buffer.from(envelope.payload, 'base64').toString('utf8').replace('"sequence":0', '"sequence":0 ');
    await hqWritesKeyText(JSON.stringify({ ...envelope, payload: Buffer.from(changed, 'utf8').toString('base64') }));

    const taken = await room.call(S, 'transfer/take', {});
    expect(taken.taken).toEqual([]);
    expect(taken.refused.map((r) => [r.error.code, r.error.params.reason ?? null])).toEqual([
      ['EXAM_KEY_FILE_INVALID', 'other_ppe'],
      ['EXAM_KEY_PACKAGE_NOT_HERE', null],
      ['EXAM_KEY_FILE_INVALID', 'signature'],
    ]);
    expect(roomKeys()).toEqual(keysBefore);
    expect(journal(room, 'key.loaded')).toHaveLength(loadedBefore);
    expect(journal(room, 'transfer.refused').slice(-3).map((e) => (e.error as { code: string }).code)).toEqual([
      'EXAM_KEY_FILE_INVALID',
      'EXAM_KEY_PACKAGE_NOT_HERE',
      'EXAM_KEY_FILE_INVALID',
    ]);
  });
});
