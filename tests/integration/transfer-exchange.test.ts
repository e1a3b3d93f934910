import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frameMessage, messageFileName, TRANSFER_FOLDER } from '../../main/transfer/message-format';
import { TransferService } from '../../main/transfer/transfer-service';
import { buildMessage, writeMessageFile } from '../../main/transfer/write-message';
import { ACTOR, emptyJournalExtract, EXAM_DATE, HQ, openPair, ROOM, roomDataMarker, roomDataPayload, ROOM_STATION, untouched, type Pair, type Station } from '../support/transfer-stations';
import { setupPayloadFrom } from '../support/room-stations';

// Issue 11, item 2: the transfer drive between HQ and a room station, on two real cores (their own SQLite files)
// and a temp folder standing for the drive. A message is taken once; a gap and a late message are noticed; every
// refusal has its own code, is journaled, and leaves the ledger and the domain rows as they were.

let p: Pair;
beforeEach(async () => {
  p = await openPair();
});
afterEach(async () => {
  await p.close();
});

const roomFolder = () => join(p.drive, TRANSFER_FOLDER, `room-${ROOM}`);
const roomData = roomDataPayload();

function writeRoomData(payload: Record<string, unknown> = roomData, examDate = EXAM_DATE) {
  return p.hq.service.write(ACTOR, p.drive, { receiver: { type: 'room', code: ROOM }, kind: 'room.data', examDate, payload });
}

/** The room station imports; the test expects exactly one refusal with this code and nothing else changed. */
async function expectRefused(s: Station, code: string): Promise<Record<string, unknown>> {
  const before = untouched(s);
  const refusedBefore = s.journal('transfer.refused').length;
  const report = await s.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
  expect(report.taken).toEqual([]);
  expect(report.refused.map((r) => r.error.code)).toEqual([code]);
  expect(untouched(s)).toEqual(before);
  const entries = s.journal('transfer.refused');
  expect(entries.length).toBe(refusedBefore + 1);
  return entries.at(-1)!;
}

describe('the transfer drive between HQ and a room', () => {
  it('round trip HQ → room → HQ: sealed, signed, taken once, and the same drive again changes nothing', async () => {
    const setupFile = await p.hq.service.write(ACTOR, p.drive, {
      receiver: { type: 'station', number: ROOM_STATION },
      kind: 'station.setup',
      examDate: null,
      payload: setupPayloadFrom(p.hq.identity, ROOM_STATION, ROOM),
    });
    const data = await writeRoomData();
    expect(setupFile).toMatchObject({ file: `station-${ROOM_STATION}/${messageFileName(HQ, 1, 'station.setup')}`, seq: 1 });
    expect(data).toMatchObject({ file: `room-${ROOM}/${messageFileName(HQ, 1, 'room.data')}`, seq: 1 });
    // Personal data is sealed: not a name on the drive in the clear.
    const bytes = readFileSync(join(p.drive, TRANSFER_FOLDER, data.file));
    expect(bytes.includes(Buffer.from('Иванова'))).toBe(false);
    expect(readdirSync(roomFolder()).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(p.hq.journal('transfer.sent').map((e) => e.kind)).toEqual(['station.setup', 'room.data']);

    const atRoom = await p.room.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(atRoom.refused).toEqual([]);
    expect(atRoom.taken.map((t) => [t.kind, t.seq, t.late])).toEqual([
      ['room.data', 1, false],
      ['station.setup', 1, false],
    ]);
    expect(atRoom.missing).toEqual([]);
    expect(p.room.applied().find((a) => a.kind === 'room.data')?.payload).toBe(JSON.stringify(roomData));
    expect(p.room.journal('transfer.received')).toHaveLength(2);

    const extract = await p.room.service.write(ACTOR, p.drive, {
      receiver: { type: 'hq' },
      kind: 'room.journal_extract',
      examDate: EXAM_DATE,
      payload: emptyJournalExtract(),
    });
    expect(extract.file).toBe(`hq/${messageFileName(ROOM_STATION, 1, 'room.journal_extract')}`);
    const atHq = await p.hq.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(atHq.refused).toEqual([]);
    expect(atHq.taken).toEqual([{ file: extract.file, sender: ROOM_STATION, kind: 'room.journal_extract', seq: 1, late: false }]);
    expect(p.hq.applied()).toEqual([{ kind: 'room.journal_extract', seq: 1, payload: JSON.stringify(emptyJournalExtract()) }]);
    expect(p.hq.ledger().map((r) => [r.direction, r.sender, r.receiver, r.seq])).toEqual([
      ['sent', HQ, `station:${ROOM_STATION}`, 1],
      ['sent', HQ, `room:${ROOM}`, 1],
      ['received', ROOM_STATION, 'hq', 1],
    ]);

    // Idempotent: the same drive imported again takes nothing, writes nothing, journals nothing.
    const journalBefore = p.room.h.core.db.prepare('SELECT count(*) AS n FROM journal').get();
    const before = untouched(p.room);
    const again = await p.room.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(again.taken).toEqual([]);
    expect(again.already.map((a) => a.seq)).toEqual([1, 1]);
    expect(untouched(p.room)).toEqual(before);
    expect(p.room.h.core.db.prepare('SELECT count(*) AS n FROM journal').get()).toEqual(journalBefore);
  });

  it('a replay: the same file again is taken once; another file under a number already taken is refused', async () => {
    const first = await writeRoomData();
    const firstBytes = readFileSync(join(p.drive, TRANSFER_FOLDER, first.file));
    await p.room.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    // The same bytes written again (a second copy of the drive, an old stick): still the same message, still once.
    writeFileSync(join(roomFolder(), messageFileName(HQ, 1, 'room.data')), firstBytes);
    const replay = await p.room.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(replay.taken).toEqual([]);
    expect(replay.already).toHaveLength(1);
    expect(p.room.applied()).toHaveLength(1);

    // A different message, really signed by HQ, claiming number 1 again (an old drive, a confused copy, a forgery).
    const other = buildMessage(p.hq.setup, {
      receiver: { type: 'room', code: ROOM },
      kind: 'room.data',
      seq: 1,
      examDate: EXAM_DATE,
      createdAt: new Date(),
      payload: roomDataPayload(9),
    });
    writeFileSync(join(roomFolder(), messageFileName(HQ, 1, 'room.data')), other);
    const entry = await expectRefused(p.room, 'TRANSFER_SEQ_REUSED');
    expect(entry).toMatchObject({ sender: HQ, seq: 1, kind: 'room.data' });
    expect(p.room.applied().map((a) => a.payload)).toEqual([JSON.stringify(roomData)]);
  });

  it('a gap is noticed and named; the missing message, when it comes, is taken late and closes the gap', async () => {
    await writeRoomData(roomDataPayload(1));
    const second = await writeRoomData(roomDataPayload(2));
    await writeRoomData(roomDataPayload(3));
    const aside = join(p.drive, 'aside.ppex');
    renameSync(join(p.drive, TRANSFER_FOLDER, second.file), aside);

    const withGap = await p.room.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(withGap.taken.map((t) => t.seq)).toEqual([1, 3]);
    expect(withGap.missing).toEqual([{ sender: HQ, receiver: `room:${ROOM}`, count: 1, seqs: [2] }]);
    expect(p.room.journal('transfer.received').map((e) => [e.seq, e.missing, e.late])).toEqual([
      [1, 0, false],
      [3, 1, false],
    ]);

    renameSync(aside, join(p.drive, TRANSFER_FOLDER, second.file));
    const filled = await p.room.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(filled.taken).toEqual([expect.objectContaining({ seq: 2, late: true })]);
    expect(filled.missing).toEqual([]);
    expect(p.room.applied().map((a) => roomDataMarker(a.payload))).toEqual(['Аудитория 1', 'Аудитория 3', 'Аудитория 2']);
  });

  it('a tampered byte: refused as a bad signature', async () => {
    const data = await writeRoomData();
    const path = join(p.drive, TRANSFER_FOLDER, data.file);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 0x01; // inside the sealed body
    writeFileSync(path, bytes);
    const entry = await expectRefused(p.room, 'TRANSFER_BAD_SIGNATURE');
    expect(entry).toMatchObject({ sender: HQ, kind: 'room.data', seq: 1 });
  });

  it('a truncated file: refused as cut short, with the size it should have had', async () => {
    const data = await writeRoomData();
    const path = join(p.drive, TRANSFER_FOLDER, data.file);
    const size = readFileSync(path).length;
    truncateSync(path, size - 10);
    const entry = await expectRefused(p.room, 'TRANSFER_TRUNCATED');
    expect(entry.error).toEqual({ code: 'TRANSFER_TRUNCATED', params: { file: data.file, expected: size, actual: size - 10 } });
  });

  it('a file for another PPE: refused with both PPE codes', async () => {
    const foreign = new TransferService(p.hq.ctx, { ...p.hq.setup, identity: { ...p.hq.identity, ppe: { region: '42', code: '9999' } } });
    await foreign.write(ACTOR, p.drive, { receiver: { type: 'room', code: ROOM }, kind: 'room.data', examDate: EXAM_DATE, payload: roomData });
    const entry = await expectRefused(p.room, 'TRANSFER_OTHER_PPE');
    expect((entry.error as { params: Record<string, unknown> }).params).toMatchObject({ filePpe: '9999', ppe: p.room.identity.ppe.code });
  });

  it('a file from a station nobody pinned: refused as an unknown sender', async () => {
    const stranger = new TransferService(p.hq.ctx, { ...p.hq.setup, identity: { ...p.hq.identity, station: '0412009', keys: p.strangerKeys } });
    await stranger.write(ACTOR, p.drive, { receiver: { type: 'room', code: ROOM }, kind: 'room.data', examDate: EXAM_DATE, payload: roomData });
    const entry = await expectRefused(p.room, 'TRANSFER_UNKNOWN_SENDER');
    expect(entry).toMatchObject({ sender: '0412009' });
  });

  it('a file signed by a stranger claiming to be HQ: refused as a bad signature', async () => {
    const impostor = new TransferService(p.hq.ctx, { ...p.hq.setup, identity: { ...p.hq.identity, keys: p.strangerKeys } });
    await impostor.write(ACTOR, p.drive, { receiver: { type: 'room', code: ROOM }, kind: 'room.data', examDate: EXAM_DATE, payload: roomData });
    await expectRefused(p.room, 'TRANSFER_BAD_SIGNATURE');
  });

  it('a file for another date, another room, another kind or format: each refused with its own code', async () => {
    await writeRoomData(roomData, '2026-06-02');
    await expectRefused(p.room, 'TRANSFER_OTHER_DATE');
    rmSync(roomFolder(), { recursive: true });

    // For room 0102, carried into room 0101's folder.
    const other = await p.hq.service.write(ACTOR, p.drive, { receiver: { type: 'station', number: ROOM_STATION }, kind: 'station.setup', examDate: null, payload: setupPayloadFrom(p.hq.identity, ROOM_STATION, ROOM) });
    rmSync(join(p.drive, TRANSFER_FOLDER, other.file));
    const forOtherRoom = buildMessage(
      { ...p.hq.setup, peers: [...p.hq.setup.peers, { ...p.hq.setup.peers[0]!, station: '0412102', room: '0102' }] },
      { receiver: { type: 'room', code: '0102' }, kind: 'room.data', seq: 1, examDate: EXAM_DATE, createdAt: new Date(), payload: roomData },
    );
    await writeMessageFile(p.drive, { type: 'room', code: ROOM }, messageFileName(HQ, 1, 'room.data'), forOtherRoom);
    await expectRefused(p.room, 'TRANSFER_OTHER_STATION');
    rmSync(roomFolder(), { recursive: true });

    // A kind this version does not know, correctly signed by HQ.
    const header = Buffer.from(
      JSON.stringify({ format: 1, ppe: p.hq.identity.ppe, sender: HQ, receiver: { type: 'room', code: ROOM }, kind: 'room.key', seq: 1, examDate: EXAM_DATE, createdAt: new Date().toISOString(), sealing: null }),
    );
    const unknownKind = frameMessage(header, Buffer.from('{}'), (signed) => p.hq.setup.crypto.sign(p.hq.identity.keys.signing.privateKey, signed));
    mkdirSync(roomFolder(), { recursive: true });
    writeFileSync(join(roomFolder(), messageFileName(HQ, 1, 'room.key')), unknownKind);
    await expectRefused(p.room, 'TRANSFER_UNKNOWN_KIND');

    // A format version from a newer app.
    const newer = Buffer.from(unknownKind);
    newer.writeUInt16BE(2, 4);
    writeFileSync(join(roomFolder(), messageFileName(HQ, 1, 'room.key')), newer);
    await expectRefused(p.room, 'TRANSFER_UNKNOWN_FORMAT');
    rmSync(roomFolder(), { recursive: true });

    // Not a message at all.
    mkdirSync(roomFolder(), { recursive: true });
    writeFileSync(join(roomFolder(), messageFileName(HQ, 1, 'room.data')), 'hello');
    await expectRefused(p.room, 'TRANSFER_MALFORMED');
  });

  it('a sealed message for the room is opened by the room station only', async () => {
    const data = await writeRoomData();
    // HQ's copy of the drive read as if it were a station of the room that holds no wrapping for it.
    copyFileSync(join(p.drive, TRANSFER_FOLDER, data.file), join(p.drive, 'copy.ppex'));
    const other = new TransferService(p.room.ctx, { ...p.room.setup, identity: { ...p.room.identity, station: '0412102', keys: p.strangerKeys } });
    const before = untouched(p.room);
    const report = await other.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(report.refused.map((r) => r.error.code)).toEqual(['TRANSFER_NOT_SEALED_FOR_US']);
    expect(untouched(p.room)).toEqual(before);
  });
});
