import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { examKeyPayloadSchema, type ReserveGrant } from '../../main/exam-keys/key-file-format';
import { recordExamKey } from '../../main/exam-keys/key-store';
import { TRANSFER_FOLDER } from '../../main/transfer/message-format';
import { currentPrintLogs } from '../../main/transfer/room-print-log';
import { EXAM_DATE, OTHER_ROOM, OTHER_STATION, openPrintLogRig, printLogOf, ROOM, ROOM_STATION, S, type LogSpec, type PrintLogRig } from '../support/print-log-rig';

// Issue 12, items 6 and 7: the room's print log travels to HQ on the transfer drive (room.print_log). Two real cores
// (HQ and the room station of 0101) and a second room station (0102) pinned at HQ; HQ takes each log through the
// contract (transfer/take) with the desk's applier, keeps it, replaces a station's log with its newer one, and refuses
// a log it cannot vouch for — counters that disagree, a kit or a number another room printed, another room's station,
// a tampered file — journaling the refusal and changing nothing.

let rig: PrintLogRig;
beforeEach(async () => {
  rig = await openPrintLogRig();
});
afterEach(async () => rig.close());

/** Room 0101's log: its first participants present (the last absent), one kit each from the room's range 1–12. */
function roomLog(kits = 3, extra: Partial<LogSpec> = {}): LogSpec {
  const seated = rig.seated(ROOM);
  const present = seated.slice(0, kits);
  return {
    room: ROOM,
    station: ROOM_STATION,
    packageId: rig.packageId,
    subjectCode: rig.subjectCode,
    participants: seated.map((p, i) => ({ participantId: p.id, seat: p.seat, present: i < kits })),
    kits: present.map((p, i) => ({ index: i + 1, participantId: p.id, seat: p.seat })),
    ...extra,
  };
}

function otherLog(indices: number[]): LogSpec {
  const seated = rig.seated(OTHER_ROOM);
  return {
    room: OTHER_ROOM,
    station: OTHER_STATION,
    packageId: rig.packageId,
    subjectCode: rig.subjectCode,
    participants: seated.map((p, i) => ({ participantId: p.id, seat: p.seat, present: i < indices.length })),
    kits: indices.map((index, i) => ({ index, participantId: seated[i]!.id, seat: seated[i]!.seat })),
  };
}

/**
 * HQ holds a reserve key of the package carrying these grants (as an RCOI key file is recorded once verified; the
 * applier reads only its grants, so the recipient is a well-formed stand-in).
 */
function holdReserveKey(grants: Omit<ReserveGrant, 'kits' | 'grantedAt'>[]): void {
  const db = rig.hq.core.db;
  const { form } = db.prepare<[number], { form: string }>('SELECT form FROM exam WHERE id = ?').get(rig.examId)!;
  const payload = examKeyPayloadSchema.parse({
    keyId: randomUUID(),
    kind: 'reserve',
    sequence: grants.at(-1)!.sequence,
    regionCode: '42',
    ppeCode: '0412',
    packageId: rig.packageId,
    exam: { date: EXAM_DATE, subjectCode: rig.subjectCode, form, dayKind: 'main' },
    packageKeyId: '0123456789abcdef',
    issuedAt: '2026-06-01T02:00:00.000Z',
    requestedBy: { staffId: 'W-42-5002', tokenKey: 'b'.repeat(64) },
    recipients: [{ staffId: 'W-42-5002', tokenSerial: null, tokenKey: 'b'.repeat(64), ephemeralKey: 'AAAA', wrappedKey: 'AAAA' }],
    reserve: grants.map((g) => ({ ...g, kits: g.kitIndices.length, grantedAt: '2026-06-01T02:00:00.000Z' })),
  });
  const envelope = { format: 'ppe-exam-key', formatVersion: 1, payload: Buffer.from(JSON.stringify(payload)).toString('base64'), signature: null };
  recordExamKey(db, { envelopeText: JSON.stringify(envelope), payload, source: 'rcoi' }, new Date('2026-06-01T02:00:00.000Z'));
}

const take = () => rig.hq.call(S, 'transfer/take', {});
/** A refused file stays on the drive (the next import reads it again): the tests take it away once seen. */
const drop = (file: string) => rmSync(join(rig.shared, 'transfer', TRANSFER_FOLDER, file));
const journal = (action: string) =>
  rig.hq.core.db
    .prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq')
    .all(action)
    .map((r) => JSON.parse(r.payload) as Record<string, unknown>);
const history = () => rig.hq.core.db.prepare('SELECT station, room, seq, kits, printed, spoiled, replaced, reserve_used AS reserveUsed FROM room_print_log ORDER BY id').all();
const current = () => currentPrintLogs(rig.hq.core.db, EXAM_DATE, rig.subjectCode).map((c) => ({ station: c.station, room: c.room, seq: c.seq, kits: c.log.kits.length }));

describe('room.print_log: the room station writes its print log, HQ takes it', () => {
  it('HQ takes a log, keeps it as the station\'s current one, and a newer log from the same station replaces it; an older one arriving late changes nothing', async () => {
    expect(rig.seated(ROOM).length).toBeGreaterThanOrEqual(4);
    const first = await rig.write(printLogOf(roomLog(2)));
    expect(first.file).toBe(`hq/${ROOM_STATION}-00000001-room.print_log.ppex`);
    const taken = await take();
    expect(taken.refused).toEqual([]);
    expect(taken.taken.map((t) => [t.sender, t.kind, t.seq])).toEqual([[ROOM_STATION, 'room.print_log', 1]]);
    expect(current()).toEqual([{ station: ROOM_STATION, room: ROOM, seq: 1, kits: 2 }]);
    // The whole log is kept as written: the forms read it back.
    expect(currentPrintLogs(rig.hq.core.db, EXAM_DATE, rig.subjectCode)[0]!.log).toEqual(printLogOf(roomLog(2)));

    // A spoiled kit and its replacement, one more participant: the newer log replaces the older whole.
    const spoiled = roomLog(3);
    spoiled.kits = [...spoiled.kits.slice(0, 2), { ...spoiled.kits[2]!, state: 'spoiled' }, { index: 4, participantId: spoiled.kits[2]!.participantId, seat: spoiled.kits[2]!.seat, replacementOf: 3 }];
    await rig.write(printLogOf(spoiled));
    expect((await take()).refused).toEqual([]);
    expect(current()).toEqual([{ station: ROOM_STATION, room: ROOM, seq: 2, kits: 4 }]);
    expect(history()).toEqual([
      { station: ROOM_STATION, room: ROOM, seq: 1, kits: 2, printed: 2, spoiled: 0, replaced: 0, reserveUsed: 0 },
      { station: ROOM_STATION, room: ROOM, seq: 2, kits: 4, printed: 3, spoiled: 1, replaced: 1, reserveUsed: 0 },
    ]);

    // Numbers 3 and 4 written; 3 goes missing on the way and comes after 4: kept in the history, not current.
    await rig.write(printLogOf(roomLog(3, { kits: [...spoiled.kits] })));
    await rig.write(printLogOf(roomLog(4, { kits: [...spoiled.kits, { index: 5, participantId: rig.seated(ROOM)[3]!.id, seat: rig.seated(ROOM)[3]!.seat }] })));
    const hqFolder = join(rig.shared, 'transfer', TRANSFER_FOLDER, 'hq');
    const aside = join(rig.shared, 'aside.ppex');
    renameSync(join(hqFolder, `${ROOM_STATION}-00000003-room.print_log.ppex`), aside);
    expect((await take()).taken.map((t) => t.seq)).toEqual([4]);
    renameSync(aside, join(hqFolder, `${ROOM_STATION}-00000003-room.print_log.ppex`));
    expect((await take()).taken).toEqual([expect.objectContaining({ seq: 3, late: true })]);
    expect(current()).toEqual([{ station: ROOM_STATION, room: ROOM, seq: 4, kits: 5 }]);
    expect(history().map((h) => (h as { seq: number }).seq)).toEqual([1, 2, 4, 3]);
    expect(journal('transfer.print_log_kept').map((j) => [j.seq, j.current, j.printed, j.spoiled, j.replaced])).toEqual([
      [1, true, 2, 0, 0],
      [2, true, 3, 1, 1],
      [4, true, 4, 1, 1],
      [3, false, 3, 1, 1],
    ]);

    // RCOI hears each room's counters once per log that became current (the late, older one told it nothing).
    const outbox = rig.hq.core.db
      .prepare<[], { payload: string }>("SELECT payload FROM outbox WHERE kind = 'printing.log_received' ORDER BY stream_seq")
      .all()
      .map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    expect(outbox.map((o) => [o.room, o.station, o.printed, o.spoiled, o.replaced, o.kits])).toEqual([
      [ROOM, ROOM_STATION, 2, 0, 0, 2],
      [ROOM, ROOM_STATION, 3, 1, 1, 4],
      [ROOM, ROOM_STATION, 4, 1, 1, 5],
    ]);
    expect(JSON.stringify(outbox)).not.toContain(rig.seated(ROOM)[0]!.id);

    // The other room's log of the same package beside it: both current, by room.
    await rig.write(printLogOf(otherLog([13, 14])), 'other');
    expect((await take()).refused).toEqual([]);
    expect(current()).toEqual([
      { station: ROOM_STATION, room: ROOM, seq: 4, kits: 5 },
      { station: OTHER_STATION, room: OTHER_ROOM, seq: 1, kits: 2 },
    ]);
  });

  it('«Записать журнал для штаба» at the room station carries its print log (built from its printing rows) beside the extract; HQ takes both', async () => {
    // The room station holds the room data and the package HQ wrote; its organiser printed two kits and spoiled the
    // second, whose replacement (kit 3) came out whole. The rows are the printing service's (migration 0170).
    expect((await rig.room.call(S, 'transfer/take', {})).refused).toEqual([]);
    const db = rig.room.core.db;
    db.prepare(
      `INSERT INTO room_package (package_id, exam_date, subject_code, form, manifest_sha256, folder, size, file_count, kits, reserve_kits, sender, seq, verified_at)
       VALUES (?, ?, ?, 'EGE', ?, 'PPE-PACKAGES/x', 1000, 6, 12, 4, ?, 9, '2026-06-01T01:00:00.000Z')`,
    ).run(rig.packageId, EXAM_DATE, rig.subjectCode, 'a'.repeat(64), '100001');
    const seated = rig.seated(ROOM);
    const mark = db.prepare('INSERT INTO print_attendance (exam_date, subject_code, participant_id, present, marked_at) VALUES (?, ?, ?, ?, ?)');
    seated.forEach((p, i) => mark.run(EXAM_DATE, rig.subjectCode, p.id, i < 2 ? 1 : 0, '2026-06-01T02:50:00.000Z'));
    const kit = db.prepare(
      `INSERT INTO print_kit (package_id, kit_index, source, reserve_sequence, kim_number, registration, answers1, answers2_1, answers2_2, pages, state,
         participant_id, seat, attempts, queued_at, started_at, printed_at, problem, spoil_reason, spoil_note, spoiled_at, spoiled_by, replacement_of)
       VALUES (?, ?, 'room', NULL, ?, ?, ?, ?, ?, 3, ?, ?, ?, 1, '2026-06-01T03:00:00.000Z', '2026-06-01T03:00:00.000Z', '2026-06-01T03:01:00.000Z', NULL, ?, ?, ?, ?, ?)`,
    );
    const numbers = (i: number) => { const k = printLogOf(roomLog(3)).kits[i - 1]!; return [k.kimNumber, k.blanks.registration, k.blanks.answers1, ...k.blanks.answers2]; };
    kit.run(rig.packageId, 1, ...numbers(1), 'printed', seated[0]!.id, seated[0]!.seat, null, null, null, null, null);
    kit.run(rig.packageId, 2, ...numbers(2), 'spoiled', seated[1]!.id, seated[1]!.seat, 'misprint', '', '2026-06-01T03:05:00.000Z', 'Организатор', null);
    kit.run(rig.packageId, 3, ...numbers(3), 'printed', seated[1]!.id, seated[1]!.seat, null, null, null, null, 2);

    const written = await rig.room.call(S, 'transfer/writeJournal', { examDate: EXAM_DATE });
    expect(written.files.map((f) => f.kind)).toEqual(['room.journal_extract', 'room.print_log', 'room.journal_anchor']);
    const taken = await take();
    expect(taken.refused).toEqual([]);
    expect(taken.taken.map((t) => t.kind)).toEqual(['room.journal_extract', 'room.print_log', 'room.journal_anchor']);
    const [kept] = currentPrintLogs(rig.hq.core.db, EXAM_DATE, rig.subjectCode);
    expect(kept!.station).toBe(ROOM_STATION);
    expect(kept!.log.kits.map((k) => [k.kitIndex, k.state, k.participantId, k.replacementOf])).toEqual([
      [1, 'printed', seated[0]!.id, null],
      [2, 'spoiled', seated[1]!.id, null],
      [3, 'printed', seated[1]!.id, 2],
    ]);
    expect(kept!.log.participants.filter((p) => p.present).map((p) => p.participantId)).toEqual([seated[0]!.id, seated[1]!.id]);
    expect(journal('transfer.print_log_kept')).toEqual([expect.objectContaining({ station: ROOM_STATION, printed: 2, spoiled: 1, replaced: 1, reserveUsed: 0, current: true })]);
  });

  it('counters that disagree with the kits are refused and journaled; nothing is kept', async () => {
    const log = printLogOf(roomLog(3));
    log.counters.printed = 2;
    await rig.write(log);
    const report = await take();
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => [r.error.code, r.error.params])).toEqual([
      ['PRINT_LOG_COUNTS_DISAGREE', expect.objectContaining({ room: ROOM, counter: 'printed', logged: 2, counted: 3 })],
    ]);
    expect(history()).toEqual([]);
    expect(journal('transfer.refused').map((j) => (j.error as { code: string }).code)).toEqual(['PRINT_LOG_COUNTS_DISAGREE']);
  });

  it('a kit index or a number another room\'s current log holds is refused: one kit is never printed by two stations', async () => {
    await rig.write(printLogOf(roomLog(2)));
    expect((await take()).refused).toEqual([]);
    const before = { history: history(), current: current() };

    // Room 0102's station claims kit 2 (room 0101's, already printed there).
    const first = await rig.write(printLogOf(otherLog([13, 2])), 'other');
    const sameIndex = await take();
    expect(sameIndex.refused.map((r) => [r.error.code, r.error.params])).toEqual([
      ['PRINT_LOG_KIT_TWICE', expect.objectContaining({ room: OTHER_ROOM, otherRoom: ROOM, otherStation: ROOM_STATION, kitIndex: 2 })],
    ]);
    drop(first.file);

    // Its kit 14 carries kit 1's registration blank number (the index differs, the number does not).
    const shared = printLogOf(otherLog([13, 14]));
    shared.kits[1]!.blanks.registration = printLogOf(roomLog(2)).kits[0]!.blanks.registration;
    const second = await rig.write(shared, 'other');
    const sameNumber = await take();
    expect(sameNumber.refused.map((r) => [r.error.code, r.error.params])).toEqual([
      ['PRINT_LOG_KIT_TWICE', expect.objectContaining({ room: OTHER_ROOM, otherRoom: ROOM, number: shared.kits[1]!.blanks.registration, kitIndex: 14 })],
    ]);
    drop(second.file);

    // Within one log: two kits with one КИМ number.
    const inside = printLogOf(otherLog([13, 14]));
    inside.kits[1]!.kimNumber = inside.kits[0]!.kimNumber;
    const third = await rig.write(inside, 'other');
    const twiceInside = await take();
    expect(twiceInside.refused.map((r) => [r.error.code, r.error.params])).toEqual([
      ['PRINT_LOG_KIT_TWICE', expect.objectContaining({ room: OTHER_ROOM, otherRoom: OTHER_ROOM, number: inside.kits[0]!.kimNumber })],
    ]);
    drop(third.file);
    expect({ history: history(), current: current() }).toEqual(before);
    expect(journal('transfer.refused').map((j) => (j.error as { code: string }).code)).toEqual(['PRINT_LOG_KIT_TWICE', 'PRINT_LOG_KIT_TWICE', 'PRINT_LOG_KIT_TWICE']);
  });

  it('another room\'s station, a package HQ does not hold, a participant HQ did not seat there and a tampered file are refused', async () => {
    // Room 0102's station sends a log that names room 0101.
    const foreign = printLogOf({ ...roomLog(2), station: OTHER_STATION });
    await rig.write(foreign, 'other');
    // A package HQ never downloaded.
    await rig.write(printLogOf({ ...roomLog(2), packageId: '00000000-0000-4000-8000-000000000001' }));
    // Room 0102's participant in room 0101's log.
    const stranger = roomLog(2);
    stranger.participants = [...stranger.participants.slice(0, -1), { participantId: rig.seated(OTHER_ROOM)[0]!.id, seat: '9Я', present: false }];
    await rig.write(printLogOf(stranger));
    const report = await take();
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => [r.error.code, (r.error.params as { reason?: string }).reason])).toEqual([
      ['PRINT_LOG_UNKNOWN_TO_HQ', 'package'],
      ['PRINT_LOG_UNKNOWN_TO_HQ', 'participant'],
      ['PRINT_LOG_UNKNOWN_TO_HQ', 'room'],
    ]);

    const good = await rig.write(printLogOf(roomLog(2)));
    const path = join(rig.shared, 'transfer', TRANSFER_FOLDER, good.file);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100]! ^= 0x01;
    writeFileSync(path, bytes);
    expect((await take()).refused.map((r) => r.error.code)).toContain('TRANSFER_BAD_SIGNATURE');
    expect(history()).toEqual([]);
    expect(current()).toEqual([]);
  });
  it('a kit the manifest HQ holds gives another room, claimed as the room\'s own, or a room kit claimed as reserve, is refused and nothing is kept', async () => {
    // Room 0101's station claims kit 13 (room 0102's by the manifest: 0101 has 1–12) as its own; no other log holds it.
    const foreign = roomLog(2);
    foreign.kits = [foreign.kits[0]!, { ...foreign.kits[1]!, index: 13 }];
    const first = await rig.write(printLogOf(foreign));
    // Room 0102's station calls kit 14, its own room kit, a reserve kit.
    const posing = await rig.write(printLogOf({ ...otherLog([13, 14]), kits: otherLog([13, 14]).kits.map((k, i) => (i === 1 ? { ...k, source: 'reserve' as const } : k)) }), 'other');
    const report = await take();
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => [r.error.code, r.error.params])).toEqual([
      ['PRINT_LOG_UNKNOWN_TO_HQ', expect.objectContaining({ room: ROOM, reason: 'kit_not_this_room' })],
      ['PRINT_LOG_UNKNOWN_TO_HQ', expect.objectContaining({ room: OTHER_ROOM, reason: 'kit_not_reserve' })],
    ]);
    expect(history()).toEqual([]);
    expect(current()).toEqual([]);
    expect(journal('transfer.print_log_kept')).toEqual([]);
    drop(first.file);
    drop(posing.file);

    // The room's own kits, and (no reserve key held at HQ) a reserve kit of the package's reserve range: taken.
    await rig.write(printLogOf(roomLog(3, { kits: roomLog(3).kits.map((k, i) => (i === 2 ? { ...k, index: 23, source: 'reserve' as const } : k)) })));
    expect((await take()).refused).toEqual([]);
    expect(history()).toEqual([{ station: ROOM_STATION, room: ROOM, seq: 2, kits: 3, printed: 3, spoiled: 0, replaced: 0, reserveUsed: 1 }]);
  });

  it('where HQ holds a reserve key, a reserve kit not granted to the sending station (by number, room and the grant the log names) is refused; a granted one is taken', async () => {
    // RCOI granted kits 23 and 24 to station 100101 of room 0101 (grant 1), kit 25 to station 100102 of room 0102 (grant 2).
    holdReserveKey([
      { sequence: 1, roomCode: ROOM, stationNumber: ROOM_STATION, kitIndices: [23, 24] },
      { sequence: 2, roomCode: OTHER_ROOM, stationNumber: OTHER_STATION, kitIndices: [25] },
    ]);
    const withReserve = (index: number) => roomLog(3, { kits: roomLog(3).kits.map((k, i) => (i === 2 ? { ...k, index, source: 'reserve' as const } : k)) });
    // Kit 25 is station 100102's.
    const others = await rig.write(printLogOf(withReserve(25)));
    // Kit 23 is station 100101's, but the log names grant 2.
    const wrongGrant = printLogOf(withReserve(23));
    wrongGrant.kits[2]!.reserveSequence = 2;
    const named = await rig.write(wrongGrant);
    // Station 100102 claims kit 24, granted to 100101.
    const claimed = await rig.write(printLogOf({ ...otherLog([13, 24]), kits: otherLog([13, 24]).kits.map((k, i) => (i === 1 ? { ...k, source: 'reserve' as const } : k)) }), 'other');
    const report = await take();
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => [r.error.code, (r.error.params as { reason?: string }).reason, (r.error.params as { room?: string }).room])).toEqual([
      ['PRINT_LOG_UNKNOWN_TO_HQ', 'reserve_not_granted', ROOM],
      ['PRINT_LOG_UNKNOWN_TO_HQ', 'reserve_not_granted', ROOM],
      ['PRINT_LOG_UNKNOWN_TO_HQ', 'reserve_not_granted', OTHER_ROOM],
    ]);
    expect(history()).toEqual([]);
    expect(journal('transfer.refused').map((j) => (j.error as { params: { reason: string } }).params.reason)).toEqual(['reserve_not_granted', 'reserve_not_granted', 'reserve_not_granted']);
    for (const f of [others, named, claimed]) drop(f.file);

    // Each station's own grant, named by its sequence: both taken.
    await rig.write(printLogOf(withReserve(23)));
    const own = printLogOf({ ...otherLog([13, 25]), kits: otherLog([13, 25]).kits.map((k, i) => (i === 1 ? { ...k, source: 'reserve' as const } : k)) });
    own.kits[1]!.reserveSequence = 2;
    await rig.write(own, 'other');
    expect((await take()).refused).toEqual([]);
    expect(current()).toEqual([
      { station: ROOM_STATION, room: ROOM, seq: 3, kits: 3 },
      { station: OTHER_STATION, room: OTHER_ROOM, seq: 2, kits: 2 },
    ]);
  });
  it('a package whose manifest in HQ\'s data folder no longer is the one HQ downloaded, or is gone, is refused as unknown', async () => {
    const manifestPath = join(rig.hq.dataDir, 'packages', rig.packageId, 'manifest.json');
    const original = readFileSync(manifestPath);
    writeFileSync(manifestPath, Buffer.concat([original, Buffer.from(' ')]));
    const changed = await rig.write(printLogOf(roomLog(2)));
    expect((await take()).refused.map((r) => [r.error.code, (r.error.params as { reason?: string }).reason])).toEqual([['PRINT_LOG_UNKNOWN_TO_HQ', 'package']]);
    drop(changed.file);
    rmSync(manifestPath);
    const gone = await rig.write(printLogOf(roomLog(2)));
    expect((await take()).refused.map((r) => [r.error.code, (r.error.params as { reason?: string }).reason])).toEqual([['PRINT_LOG_UNKNOWN_TO_HQ', 'package']]);
    drop(gone.file);
    expect(history()).toEqual([]);

    // Put back as downloaded: the same log is taken.
    writeFileSync(manifestPath, original);
    await rig.write(printLogOf(roomLog(2)));
    expect((await take()).refused).toEqual([]);
    expect(current()).toEqual([{ station: ROOM_STATION, room: ROOM, seq: 3, kits: 2 }]);
  });
});
