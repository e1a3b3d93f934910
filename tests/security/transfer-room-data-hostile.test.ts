import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../main/kernel/app-error';
import { frameMessage, messageFileName, TRANSFER_FOLDER, type MessageHeader } from '../../main/transfer/message-format';
import { buildJournalExtract, keepJournalExtract } from '../../main/transfer/journal-extract';
import { applyRoomData } from '../../main/transfer/room-data';
import { applyRoomPackage, roomPackageCheck, roomPackagePayload } from '../../main/transfer/room-package';
import { defaultCryptoSuite } from '../../main/crypto/crypto-suite';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { writePackage } from '../../main/packages/write-package';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { buildPackage } from '../rcoi-server/package-builder';
import { prepareSealing, sealBody } from '../../main/transfer/sealing';
import { TransferService } from '../../main/transfer/transfer-service';
import { pinPeer } from '../../main/stations/peers';
import { ACTOR, EXAM_DATE, HQ, openPair, peerOf, ROOM, roomDataPayload, ROOM_STATION, type Pair, type Station } from '../support/transfer-stations';

// Issue 11, item 2: what a pinned station signs is still not believed. A room.data that passes the signature but not
// its schema, or whose content disagrees with its own header, and a journal extract whose chain does not hold, are
// refused with their words — nothing of them written, the ledger and the roster as they were. An applier's refusal
// rolls back the whole act (ledger row and journal entry included) and the import goes on.

let p: Pair;
beforeEach(async () => {
  p = await openPair();
});
afterEach(async () => {
  await p.close();
});

const roomFolder = () => join(p.drive, TRANSFER_FOLDER, `room-${ROOM}`);

/** The room station with the real room.data applier. */
const roomService = () => new TransferService(p.room.ctx, p.room.setup, { 'room.data': applyRoomData });

function roster(s: Station): unknown {
  const db = s.h.core.db;
  return {
    seating: db.prepare('SELECT * FROM seating ORDER BY exam_id, participant_id').all(),
    participants: db.prepare('SELECT * FROM participant ORDER BY id').all(),
    staff: db.prepare('SELECT id, external_id, last_name FROM staff ORDER BY id').all(),
    assignments: db.prepare('SELECT * FROM staff_assignment ORDER BY exam_id, staff_id').all(),
    exams: db.prepare('SELECT * FROM exam ORDER BY id').all(),
    ledger: s.ledger(),
    applied: db.prepare('SELECT * FROM room_data_applied').all(),
  };
}

/** A message really signed by HQ and sealed to the room, whose payload is whatever the test gives (no schema check). */
function signedByHq(seq: number, payload: unknown): Buffer {
  const { setup } = p.hq;
  const sealed = prepareSealing(setup.crypto, [{ station: ROOM_STATION, agreementPublicKey: p.room.identity.keys.agreement.publicKeySpkiBase64 }]);
  const header: MessageHeader = {
    format: 1,
    ppe: { ...p.hq.identity.ppe },
    sender: HQ,
    receiver: { type: 'room', code: ROOM },
    kind: 'room.data',
    seq,
    examDate: EXAM_DATE,
    createdAt: new Date().toISOString(),
    sealing: sealed.sealing,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const body = sealBody(setup.crypto, sealed.contentKey, Buffer.from(JSON.stringify(payload), 'utf8'), headerBytes);
  return frameMessage(headerBytes, body, (signed) => setup.crypto.sign(p.hq.identity.keys.signing.privateKey, signed));
}

function plant(seq: number, payload: unknown): void {
  mkdirSync(roomFolder(), { recursive: true });
  writeFileSync(join(roomFolder(), messageFileName(HQ, seq, 'room.data')), signedByHq(seq, payload));
}

describe('a hostile room.data or journal extract from a pinned station', () => {
  it('a payload outside its schema, validly signed and sealed, is refused as damaged and nothing is written', async () => {
    const before = roster(p.room);
    const hostile = roomDataPayload();
    (hostile.participants as Record<string, unknown>[]).push(
      // An extra field, a name with a bidi override, a seat that is not a seat: each alone refuses the payload.
      { id: 'P-2', lastName: 'Пе\u202Eтров', firstName: 'Иван', middleName: '', document: { series: '', number: '1' }, seat: "1; DROP TABLE seating", specialConditions: [], role: 'admin' },
    );
    plant(1, hostile);
    const report = await roomService().importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => [r.error.code, r.error.params.reason])).toEqual([['TRANSFER_MALFORMED', 'payload']]);
    expect(roster(p.room)).toEqual(before);
    expect(p.room.journal('transfer.refused')).toHaveLength(1);
    expect(p.room.journal('transfer.received')).toEqual([]);
  });

  it('content that disagrees with its header or itself is refused by the applier: the act is rolled back, the import goes on', async () => {
    const before = roster(p.room);
    plant(1, { ...roomDataPayload(), room: { code: '0102', name: 'Аудитория 102', seats: 15, specialConditions: false } });
    const twice = roomDataPayload();
    const people = twice.participants as Record<string, unknown>[];
    people.push({ ...people[0], id: 'P-2' });
    plant(2, twice);
    plant(3, { ...roomDataPayload(), exam: { ...(roomDataPayload().exam as object), date: '2026-06-02' } });
    // A good one after them: taken, so a refusal by an applier stops nothing else.
    plant(4, roomDataPayload(4));
    const report = await roomService().importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(report.refused.map((r) => [r.error.code, r.error.params.reason])).toEqual([
      ['TRANSFER_CONTENT_INVALID', 'room'],
      ['TRANSFER_CONTENT_INVALID', 'duplicate_seat'],
      ['TRANSFER_CONTENT_INVALID', 'date'],
    ]);
    expect(report.taken.map((t) => t.seq)).toEqual([4]);
    // The refused ones left no ledger row and no journal entry but their refusal.
    expect(p.room.ledger().map((r) => r.seq)).toEqual([4]);
    expect(p.room.journal('transfer.received').map((e) => e.seq)).toEqual([4]);
    expect(p.room.journal('transfer.refused').map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(roster(p.room)).not.toEqual(before);
    // And the gap they leave is shown: 1 to 3 are still to come.
    expect(report.missing).toEqual([{ sender: HQ, receiver: `room:${ROOM}`, count: 3, seqs: [1, 2, 3] }]);
  });

  it('an applier that throws an AppError of its own: refused with it, nothing of the act kept', async () => {
    const before = roster(p.room);
    plant(1, roomDataPayload());
    const refusing = new TransferService(p.room.ctx, p.room.setup, {
      'room.data': (work) => {
        work.db.prepare("INSERT INTO room_data_applied VALUES ('0101', '2026-06-01', 1, 'EGE', 'x', 1, 'x', 0, 0, 'x')").run();
        throw new AppError('TRANSFER_CONTENT_INVALID', { file: 'f', reason: 'room' });
      },
    });
    const report = await refusing.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(report.refused.map((r) => r.error.code)).toEqual(['TRANSFER_CONTENT_INVALID']);
    expect(roster(p.room)).toEqual(before);
    // Any other failure is a bug, not a refusal: it is not swallowed.
    const crashing = new TransferService(p.room.ctx, p.room.setup, {
      'room.data': () => {
        throw new Error('a bug');
      },
    });
    await expect(crashing.importFromDrive(ACTOR, p.drive, [EXAM_DATE])).rejects.toThrow('a bug');
    expect(roster(p.room)).toEqual(before);
  });

  it('a journal extract whose chain was edited, or that rewrites entries HQ already keeps, is refused', async () => {
    const hq = new TransferService(p.hq.ctx, p.hq.setup, { 'room.journal_extract': keepJournalExtract });
    pinPeer(p.hq.h.core.db, { ...peerOf(p.room.identity), isReserve: false }, '2026-05-31T00:00:00.000Z');
    const extract = () => buildJournalExtract(p.room.h.core.db, ROOM_STATION, ROOM, EXAM_DATE, 'Asia/Novokuznetsk');
    const send = (payload: Record<string, unknown>) => p.room.service.write(ACTOR, p.drive, { receiver: { type: 'hq' }, kind: 'room.journal_extract', examDate: EXAM_DATE, payload });
    const kept = () => p.hq.h.core.db.prepare('SELECT station, seq, hash FROM room_journal_entry ORDER BY seq').all();

    const good = extract();
    expect(good.entries.length).toBeGreaterThan(1);
    await send(good);
    const first = await hq.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(first.refused).toEqual([]);
    expect(kept()).toHaveLength(good.entries.length);
    const keptBefore = kept();

    // An entry's words changed, its hash left: the recomputed hash disagrees.
    const edited = extract();
    edited.entries[1] = { ...edited.entries[1]!, actorName: 'кто-то другой' };
    await send(edited);
    // The whole chain recomputed after an edit: it holds by itself, but not against what HQ already keeps.
    const { entryHash } = await import('../../main/journal/journal-entry');
    const recomputed = extract();
    let prev = recomputed.entries[0]!.prevHash;
    recomputed.entries = recomputed.entries.map((e, i) => {
      const changed = i === 1 ? { ...e, actorName: 'кто-то другой' } : e;
      const hash = entryHash({ at: changed.at, actor_staff_id: changed.actorStaffId, actor_name: changed.actorName, actor_role_code: changed.actorRoleCode, station: changed.station, action: changed.action, payload: changed.payload, prev_hash: prev });
      const out = { ...changed, prevHash: prev, hash };
      prev = hash;
      return out;
    });
    recomputed.head = { seq: recomputed.entries.at(-1)!.seq, hash: prev };
    await send(recomputed);
    // Another station's journal passed off as the sender's.
    await send({ ...extract(), station: '0412109' });
    const report = await hq.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(report.refused.map((r) => [r.error.code, r.error.params.seq ?? r.error.params.reason])).toEqual([
      ['TRANSFER_JOURNAL_BROKEN', good.entries[1]!.seq],
      ['TRANSFER_JOURNAL_BROKEN', good.entries[1]!.seq],
      ['TRANSFER_CONTENT_INVALID', 'station'],
    ]);
    expect(kept()).toEqual(keptBefore);
  });

  it('a room.package naming another manifest, a planted link, or an exam the room does not hold is refused, nothing recorded', async () => {
    const db = p.room.h.core.db;
    const subjectCode = db.prepare<[string], { subject_code: number }>("SELECT subject_code FROM exam WHERE exam_date = ? AND form = 'EGE' ORDER BY id").get(EXAM_DATE)!.subject_code;
    const source = join(p.drive, 'downloaded-at-hq'); // removed with the drive's temp folder
    const { manifest } = buildPackage(
      source,
      { regionCode: '42', ppeCode: '0412', exam: { date: EXAM_DATE, subjectCode, form: 'EGE', dayKind: 'main' }, rooms: [{ auditoriumCode: ROOM, kits: 3 }], reserveKits: 1, bytesPerKit: 1024 },
      loadDemoSigningKey(),
    );
    const text = readFileSync(join(source, MANIFEST_FILE), 'utf8');
    const genuine = roomPackagePayload(manifest, createHash('sha256').update(text).digest('hex'));
    await writePackage(source, manifest, text, { folder: join(p.drive, ...genuine.folder.split('/')), root: p.drive, freeBytes: 1e9, fileSystem: 'fat32' });
    symlinkSync(join(p.drive, ...genuine.folder.split('/')), join(p.drive, 'PPE-PACKAGES', 'planted'));
    const send = (payload: Record<string, unknown>) =>
      p.hq.service.write(ACTOR, p.drive, { receiver: { type: 'room', code: ROOM }, kind: 'room.package', examDate: EXAM_DATE, payload });
    await send({ ...genuine, manifestSha256: '0'.repeat(64) });
    await send({ ...genuine, folder: 'PPE-PACKAGES/planted' });
    await send({ ...genuine, exam: { ...genuine.exam, subjectCode: 999 } });
    const service = new TransferService(p.room.ctx, p.room.setup, { 'room.package': applyRoomPackage }, { 'room.package': roomPackageCheck(p.room.ctx, defaultCryptoSuite) });
    const report = await service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => r.error.code)).toEqual(['DRIVE_COPY_OTHER_PACKAGE', 'DRIVE_COPY_NOT_REGULAR', 'TRANSFER_CONTENT_INVALID']);
    expect(db.prepare('SELECT count(*) AS n FROM room_package').get()).toEqual({ n: 0 });
    expect(p.room.ledger()).toEqual([]);

    // The genuine one, named as it is: checked through and recorded.
    await send(genuine);
    const good = await service.importFromDrive(ACTOR, p.drive, [EXAM_DATE]);
    expect(good.taken.map((t) => t.seq)).toEqual([4]);
    expect(db.prepare('SELECT package_id AS id, kits FROM room_package').all()).toEqual([{ id: manifest.packageId, kits: 3 }]);
  });
});
