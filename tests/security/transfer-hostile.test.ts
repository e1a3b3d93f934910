import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DriveEntryError } from '../../main/packages/drive-fs';
import { MAX_MESSAGE_BYTES, messageFileName, TRANSFER_FOLDER } from '../../main/transfer/message-format';
import { MAX_FILES_PER_IMPORT } from '../../main/transfer/transfer-service';
import { buildMessage } from '../../main/transfer/write-message';
import { ACTOR, EXAM_DATE, HQ, openPair, ROOM, roomDataPayload, untouched, type Pair } from '../support/transfer-stations';

// The transfer drive is carried from room to room and may be planted: a link where a message or a folder belongs,
// a FIFO that would block a reader, a file too big to read. None of it is followed or opened; each is refused and
// journaled, and nothing taken before changes. Writing never goes through a planted link either.

let p: Pair;
let outside: string;
beforeEach(async () => {
  p = await openPair();
  outside = mkdtempSync(join(tmpdir(), 'ppe-transfer-outside-'));
});
afterEach(async () => {
  await p.close();
  rmSync(outside, { recursive: true, force: true });
});

const roomFolder = () => join(p.drive, TRANSFER_FOLDER, `room-${ROOM}`);

/** A real, correctly signed message for the room, kept outside the drive (what a planted link would point at). */
function genuineMessageOutside(seq = 1): { path: string; name: string } {
  const bytes = buildMessage(p.hq.setup, {
    receiver: { type: 'room', code: ROOM },
    kind: 'room.data',
    seq,
    examDate: EXAM_DATE,
    createdAt: new Date(),
    payload: roomDataPayload(),
  });
  const name = messageFileName(HQ, seq, 'room.data');
  const path = join(outside, name);
  writeFileSync(path, bytes);
  return { path, name };
}

async function importAtRoom() {
  return p.room.service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
}

describe('a hostile transfer drive', () => {
  it('a link planted in PPE-TRANSFER where a message belongs is refused, never followed', async () => {
    const real = genuineMessageOutside();
    mkdirSync(roomFolder(), { recursive: true });
    symlinkSync(real.path, join(roomFolder(), real.name));
    const before = untouched(p.room);
    const report = await importAtRoom();
    expect(report.taken).toEqual([]);
    expect(report.refused).toEqual([{ file: `room-${ROOM}/${real.name}`, error: { code: 'TRANSFER_NOT_REGULAR', params: { file: `room-${ROOM}/${real.name}`, kind: 'symlink' } } }]);
    expect(untouched(p.room)).toEqual(before);
    expect(p.room.journal('transfer.refused')).toHaveLength(1);
  });

  it('a room folder that is a link to a folder of genuine messages is refused; so is PPE-TRANSFER itself as a link', async () => {
    genuineMessageOutside();
    mkdirSync(join(p.drive, TRANSFER_FOLDER));
    symlinkSync(outside, roomFolder());
    const before = untouched(p.room);
    const viaFolder = await importAtRoom();
    expect(viaFolder.taken).toEqual([]);
    expect(viaFolder.refused.map((r) => [r.file, r.error.code])).toEqual([[`${TRANSFER_FOLDER}/room-${ROOM}`, 'TRANSFER_NOT_REGULAR']]);

    rmSync(join(p.drive, TRANSFER_FOLDER), { recursive: true });
    const elsewhere = join(outside, 'transfer');
    mkdirSync(join(elsewhere, `room-${ROOM}`), { recursive: true });
    const real = genuineMessageOutside();
    writeFileSync(join(elsewhere, `room-${ROOM}`, real.name), readFileSync(real.path));
    symlinkSync(elsewhere, join(p.drive, TRANSFER_FOLDER));
    const viaRoot = await importAtRoom();
    expect(viaRoot.taken).toEqual([]);
    expect(viaRoot.refused.map((r) => [r.file, r.error.code])).toEqual([[TRANSFER_FOLDER, 'TRANSFER_NOT_REGULAR']]);
    expect(untouched(p.room)).toEqual(before);
  });

  it('a FIFO named as a message is refused without blocking the import', async () => {
    mkdirSync(roomFolder(), { recursive: true });
    const fifo = join(roomFolder(), messageFileName(HQ, 1, 'room.data'));
    execFileSync('mkfifo', [fifo]);
    const report = await importAtRoom();
    expect(report.refused.map((r) => [r.error.code, r.error.params.kind])).toEqual([['TRANSFER_NOT_REGULAR', 'fifo']]);
  });

  it('a file bigger than any message is refused unread', async () => {
    mkdirSync(roomFolder(), { recursive: true });
    const huge = join(roomFolder(), messageFileName(HQ, 1, 'room.data'));
    writeFileSync(huge, '');
    truncateSync(huge, MAX_MESSAGE_BYTES + 1); // sparse: nothing is really written
    const report = await importAtRoom();
    expect(report.refused.map((r) => [r.error.code, r.error.params.reason])).toEqual([['TRANSFER_MALFORMED', 'too_large']]);
  });

  it('writing never goes through a planted link: the receiver folder as a link is refused and nothing lands outside', async () => {
    mkdirSync(join(p.drive, TRANSFER_FOLDER));
    symlinkSync(outside, roomFolder());
    const write = p.hq.service.write(ACTOR, p.drive, { receiver: { type: 'room', code: ROOM }, kind: 'room.data', examDate: EXAM_DATE, payload: roomDataPayload() });
    await expect(write).rejects.toBeInstanceOf(DriveEntryError);
    expect(readdirSync(outside)).toEqual([]);
    expect(p.hq.ledger()).toEqual([]);
    // The next write to a real folder takes number 1: the failed one recorded nothing.
    rmSync(roomFolder());
    const ok = await p.hq.service.write(ACTOR, p.drive, { receiver: { type: 'room', code: ROOM }, kind: 'room.data', examDate: EXAM_DATE, payload: roomDataPayload() });
    expect(ok.seq).toBe(1);
    expect(existsSync(join(p.drive, TRANSFER_FOLDER, ok.file))).toBe(true);
  });

  it('a drive flooded with files: at most MAX_FILES_PER_IMPORT are read and journaled per import, the rest left unread', async () => {
    mkdirSync(roomFolder(), { recursive: true });
    for (let seq = 1; seq <= MAX_FILES_PER_IMPORT + 20; seq++) writeFileSync(join(roomFolder(), messageFileName(HQ, seq, 'room.data')), 'junk');
    const report = await importAtRoom();
    expect(report.refused).toHaveLength(MAX_FILES_PER_IMPORT);
    expect(report.leftUnread).toBe(20);
    expect(p.room.journal('transfer.refused')).toHaveLength(MAX_FILES_PER_IMPORT);
  });

  it('a message whose file name disagrees with its signed header is refused', async () => {
    const real = genuineMessageOutside(1);
    mkdirSync(roomFolder(), { recursive: true });
    writeFileSync(join(roomFolder(), messageFileName(HQ, 7, 'room.data')), readFileSync(real.path));
    const report = await importAtRoom();
    expect(report.refused.map((r) => [r.error.code, r.error.params.reason])).toEqual([['TRANSFER_MALFORMED', 'name']]);
  });
});
