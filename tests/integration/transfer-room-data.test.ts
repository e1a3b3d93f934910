import { readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRANSFER_FOLDER } from '../../main/transfer/message-format';
import type { Harness } from '../support/core-harness';
import { openPairedStations, type PairedStations } from '../support/room-stations';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer } from '../rcoi-server/server';

// Issue 11, item 2, through the contract on two real cores: the demo PPE's HQ (station 100001, made the HQ station)
// and the organiser's station of room 0101 (100101), each on its own SQLite file, their keys made and pinned both
// ways as set-up does, sharing one folder-backed drive. HQ writes the room's data; the room station takes it into
// its roster; a replay, a gap, a tampered and a truncated file; the room's journal back to HQ; a refused role.

const HQ = '100001';
const ROOM_STATION = '100101';
const ROOM = '0101';
const EXAM_DATE = '2026-06-01';
const S = 'tech';

let shared: string;
let hq: Harness;
let room: Harness;
let stations: PairedStations;

// A room station's roster holds only what HQ sends it.
beforeEach(async () => {
  stations = await openPairedStations({ tmpPrefix: 'ppe-transfer-drives-', clearRoomRoster: true, session: S });
  ({ shared, hq, room } = stations);
});
afterEach(() => stations.close());

const todayExamId = (h: Harness) =>
  h.core.db.prepare<[string], { id: number }>("SELECT id FROM exam WHERE exam_date = ? AND subject_name = 'Русский язык'").get(EXAM_DATE)!.id;

/** The room's seating as a roster shows it: seat, name, document, special conditions. */
function seatingOf(h: Harness): { seat: string; name: string; doc: string; conditions: string | null }[] {
  return h.core.db
    .prepare<[string, string], { seat: string; name: string; doc: string; conditions: string | null }>(
      `SELECT s.seat, p.last_name || ' ' || p.first_name AS name, p.document_series || ' ' || p.document_number AS doc,
              (SELECT group_concat(condition) FROM (SELECT condition FROM seating_condition c WHERE c.exam_id = s.exam_id AND c.participant_id = s.participant_id ORDER BY condition)) AS conditions
       FROM seating s JOIN participant p ON p.id = s.participant_id JOIN exam e ON e.id = s.exam_id
       WHERE e.exam_date = ? AND e.subject_name = 'Русский язык' AND s.auditorium_code = ? ORDER BY s.seat`,
    )
    .all(EXAM_DATE, ROOM);
}

function staffOf(h: Harness): string[] {
  return h.core.db
    .prepare<[string, string], { who: string }>(
      `SELECT st.external_id || ':' || a.role_code AS who FROM staff_assignment a JOIN staff st ON st.id = a.staff_id JOIN exam e ON e.id = a.exam_id
       WHERE e.exam_date = ? AND e.subject_name = 'Русский язык' AND a.auditorium_code = ? ORDER BY st.external_id`,
    )
    .all(EXAM_DATE, ROOM)
    .map((r) => r.who);
}

function gekMembersOf(h: Harness): string[] {
  return h.core.db
    .prepare<[string], { who: string }>(
      `SELECT st.external_id || ':' || st.last_name || ':' || coalesce(a.auditorium_code, 'ППЭ') AS who
       FROM staff_assignment a JOIN staff st ON st.id = a.staff_id JOIN exam e ON e.id = a.exam_id
       WHERE e.exam_date = ? AND e.subject_name = 'Русский язык' AND a.role_code = 5 ORDER BY st.external_id`,
    )
    .all(EXAM_DATE)
    .map((r) => r.who);
}

const roomFolder = () => join(shared, 'transfer', TRANSFER_FOLDER, `room-${ROOM}`);
const writeRoomData = () => hq.call(S, 'transfer/writeRoomData', { examId: todayExamId(hq), room: ROOM });

describe('room data and the room journal on the transfer drive, through the contract', () => {
  it('HQ writes the room data; the room station sees it waiting, takes it, and its roster is the room of HQ', async () => {
    expect(seatingOf(hq).length).toBeGreaterThan(0);
    expect(seatingOf(room)).toEqual([]);
    const written = await writeRoomData();
    expect(written.files).toEqual([{ file: `room-${ROOM}/${HQ}-00000001-room.data.ppex`, kind: 'room.data', seq: 1 }]);
    const atHq = await hq.call(S, 'transfer/overview', {});
    expect(atHq.written.map((w) => [w.receiver, w.kind, w.seq])).toEqual([[`room:${ROOM}`, 'room.data', 1]]);
    expect(atHq.rooms).toEqual([{ code: ROOM, name: expect.any(String), stations: [ROOM_STATION] }]);

    // Waiting on the drive, read from its header only: nothing applied yet.
    const before = await room.call(S, 'transfer/overview', {});
    expect(before.station).toEqual({ number: ROOM_STATION, role: 'room', room: ROOM });
    expect(before.onDrive?.files.map((f) => [f.sender, f.kind, f.seq, f.state])).toEqual([[HQ, 'room.data', 1, 'new']]);
    expect(seatingOf(room)).toEqual([]);

    const report = await room.call(S, 'transfer/take', {});
    expect(report.refused).toEqual([]);
    expect(report.taken.map((t) => [t.sender, t.kind, t.seq])).toEqual([[HQ, 'room.data', 1]]);
    expect(seatingOf(room)).toEqual(seatingOf(hq));
    expect(staffOf(room)).toEqual(staffOf(hq));
    // The exam's GEK members come too, by name, with their duty the whole PPE (not this room): the room station names
    // the member who activates the key.
    expect(gekMembersOf(room)).toEqual(gekMembersOf(hq));
    expect(gekMembersOf(room).length).toBeGreaterThan(0);
    // The roster answers through the contract as it does at HQ (the PPE head of the room station).
    await room.signInAs('head', 1);
    const search = (h: Harness) => h.call('head', 'participants/search', { examId: todayExamId(h), query: '', auditoriumCode: ROOM, limit: 100 });
    await hq.signInAs('head', 1);
    const names = (r: Awaited<ReturnType<typeof search>>) => JSON.stringify(r).match(/"lastName":"[^"]+"/g)?.sort();
    expect(names(await search(room))).toEqual(names(await search(hq)));

    const after = await room.call(S, 'transfer/overview', {});
    expect(after.onDrive?.files.map((f) => f.state)).toEqual(['taken']);
    expect(after.taken.map((t) => [t.sender, t.kind, t.seq])).toEqual([[HQ, 'room.data', 1]]);
    expect(after.lastImport?.report.taken).toHaveLength(1);
    expect(after.roomData).toEqual([expect.objectContaining({ examDate: EXAM_DATE, participants: seatingOf(hq).length, sender: HQ, seq: 1 })]);
    const applied = room.core.db.prepare("SELECT payload FROM journal WHERE action = 'transfer.room_data_applied'").all() as { payload: string }[];
    expect(applied.map((a) => JSON.parse(a.payload) as Record<string, unknown>)).toEqual([expect.objectContaining({ room: ROOM, seq: 1, outdated: false })]);
  });

  it('the same drive again is «already taken»; a gap is shown; a tampered and a truncated file are refused and change nothing', async () => {
    await writeRoomData();
    await room.call(S, 'transfer/take', {});
    const again = await room.call(S, 'transfer/take', {});
    expect(again.taken).toEqual([]);
    expect(again.already.map((a) => a.seq)).toEqual([1]);

    // Numbers 2 and 3 written; 2 goes missing on the way.
    await writeRoomData();
    await writeRoomData();
    const aside = join(shared, 'aside.ppex');
    renameSync(join(roomFolder(), `${HQ}-00000002-room.data.ppex`), aside);
    const withGap = await room.call(S, 'transfer/take', {});
    expect(withGap.taken.map((t) => t.seq)).toEqual([3]);
    expect(withGap.missing).toEqual([{ sender: HQ, receiver: `room:${ROOM}`, count: 1, seqs: [2] }]);
    expect((await room.call(S, 'transfer/overview', {})).missing).toEqual(withGap.missing);
    renameSync(aside, join(roomFolder(), `${HQ}-00000002-room.data.ppex`));
    const late = await room.call(S, 'transfer/take', {});
    expect(late.taken).toEqual([expect.objectContaining({ seq: 2, late: true })]);
    expect(late.missing).toEqual([]);
    // The late, older message was taken but changed nothing: the roster is number 3's.
    const outdated = room.core.db.prepare("SELECT payload FROM journal WHERE action = 'transfer.room_data_applied' ORDER BY seq").all() as { payload: string }[];
    expect(outdated.map((a) => (JSON.parse(a.payload) as { seq: number; outdated: boolean }).outdated)).toEqual([false, false, true]);

    const roster = { seating: seatingOf(room), staff: staffOf(room) };
    const ledger = room.core.db.prepare('SELECT count(*) AS n FROM transfer_message').get();
    const tampered = await writeRoomData();
    const path = join(shared, 'transfer', TRANSFER_FOLDER, tampered.files[0]!.file);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100]! ^= 0x01;
    writeFileSync(path, bytes);
    const refusedTampered = await room.call(S, 'transfer/take', {});
    expect(refusedTampered.refused.map((r) => r.error.code)).toEqual(['TRANSFER_BAD_SIGNATURE']);
    rmSync(path);

    const truncated = await writeRoomData();
    const cut = join(shared, 'transfer', TRANSFER_FOLDER, truncated.files[0]!.file);
    truncateSync(cut, readFileSync(cut).length - 10);
    const refusedCut = await room.call(S, 'transfer/take', {});
    expect(refusedCut.refused.map((r) => r.error.code)).toEqual(['TRANSFER_TRUNCATED']);
    expect({ seating: seatingOf(room), staff: staffOf(room) }).toEqual(roster);
    expect(room.core.db.prepare('SELECT count(*) AS n FROM transfer_message').get()).toEqual(ledger);
    const overview = await room.call(S, 'transfer/overview', {});
    expect(overview.lastImport?.report.refused.map((r) => r.error.code)).toEqual(['TRANSFER_TRUNCATED']);
    expect(overview.onDrive?.files.find((f) => f.seq === 5)?.state).toBe('new');
  });

  it('the room station writes its journal for HQ; HQ takes it and keeps the entries after checking their chain', async () => {
    await writeRoomData();
    await room.call(S, 'transfer/take', {});
    const written = await room.call(S, 'transfer/writeJournal', { examDate: EXAM_DATE });
    // The extract, then the room's signed anchors written in the same visit.
    expect(written.files).toEqual([
      { file: `hq/${ROOM_STATION}-00000001-room.journal_extract.ppex`, kind: 'room.journal_extract', seq: 1 },
      { file: `hq/${ROOM_STATION}-00000002-room.journal_anchor.ppex`, kind: 'room.journal_anchor', seq: 2 },
    ]);
    const taken = await hq.call(S, 'transfer/take', {});
    expect(taken.refused).toEqual([]);
    // The room's signed journal anchors follow the extract on the same drive (issue 11, item 4).
    expect(taken.taken.map((t) => [t.sender, t.kind])).toEqual([
      [ROOM_STATION, 'room.journal_extract'],
      [ROOM_STATION, 'room.journal_anchor'],
    ]);
    const kept = hq.core.db.prepare<[string], { seq: number; hash: string; action: string }>('SELECT seq, hash, action FROM room_journal_entry WHERE station = ? ORDER BY seq').all(ROOM_STATION);
    const own = room.core.db
      .prepare<[], { seq: number; hash: string; action: string }>("SELECT seq, hash, action FROM journal WHERE at >= '2026-05-31T17:00:00.000Z' ORDER BY seq")
      .all();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(own.slice(0, kept.length));
    expect(kept.map((k) => k.action)).toContain('transfer.room_data_applied');
    const overview = await hq.call(S, 'transfer/overview', {});
    expect(overview.roomJournals).toEqual([expect.objectContaining({ station: ROOM_STATION, room: ROOM, examDate: EXAM_DATE, entries: kept.length })]);
  });

  it('with the exam\'s internet package downloaded at HQ, the package goes too; a damaged copy is refused, a good one recorded', async () => {
    const server = await startRcoiServer({ dbFile: join(shared, 'rcoi.sqlite'), port: 0, signingKey: loadDemoSigningKey() });
    try {
      hq.core.db.prepare('UPDATE ppe SET rcoi_url = ?').run(server.url);
      const exam = hq.core.db.prepare<[number], { subject_code: number }>('SELECT subject_code FROM exam WHERE id = ?').get(todayExamId(hq))!;
      const { packageId } = server.publishPackage({
        regionCode: '42',
        ppeCode: '0412',
        exam: { date: EXAM_DATE, subjectCode: exam.subject_code, form: 'EGE', dayKind: 'main' },
        rooms: [{ auditoriumCode: ROOM, kits: 12 }, { auditoriumCode: '0102', kits: 9 }],
        reserveKits: 4,
        bytesPerKit: 8 * 1024,
      });
      await hq.call(S, 'packages/refresh', {});
      let task: Promise<void> = Promise.resolve();
      hq.core.packages.startDownload({ staffId: null, name: 'test', roleCode: 7 }, packageId, (t) => (task = t));
      await task;

      const first = await writeRoomData();
      expect(first.files.map((f) => [f.kind, f.seq])).toEqual([['room.data', 1], ['room.package', 2]]);
      // One byte of one pack changed on the drive: the room station reads the package through and refuses it.
      const folder = join(shared, 'transfer', 'PPE-PACKAGES', readdirSync(join(shared, 'transfer', 'PPE-PACKAGES'))[0]!);
      const pack = join(folder, readdirSync(folder).find((n) => n !== 'manifest.json' && !n.startsWith('.'))!);
      const target = readdirSync(pack, { recursive: true, withFileTypes: true }).find((e) => e.isFile());
      const damaged = target ? join(target.parentPath, target.name) : pack;
      const bytes = readFileSync(damaged);
      bytes[0]! ^= 0x01;
      writeFileSync(damaged, bytes);
      const refused = await room.call(S, 'transfer/take', {});
      expect(refused.taken.map((t) => t.kind)).toEqual(['room.data']);
      expect(refused.refused.map((r) => r.error.code)).toEqual(['DRIVE_COPY_FILE_CORRUPT']);
      expect(room.core.db.prepare('SELECT count(*) AS n FROM room_package').get()).toEqual({ n: 0 });

      // Written again (the folder rewritten whole): the refused message, still on the drive, now names a good copy
      // and is taken (in its order, before 3); the new pair is taken too; the package is recorded once, with this room's kits.
      const second = await writeRoomData();
      expect(second.files.map((f) => [f.kind, f.seq])).toEqual([['room.data', 3], ['room.package', 4]]);
      const taken = await room.call(S, 'transfer/take', {});
      expect(taken.refused).toEqual([]);
      expect(taken.taken.map((t) => [t.kind, t.seq, t.late])).toEqual([['room.package', 2, false], ['room.data', 3, false], ['room.package', 4, false]]);
      expect(taken.missing).toEqual([]);
      expect(room.core.db.prepare('SELECT package_id AS id, kits, reserve_kits AS reserve, seq FROM room_package').all()).toEqual([{ id: packageId, kits: 12, reserve: 4, seq: 2 }]);
      const overview = await room.call(S, 'transfer/overview', {});
      expect(overview.roomPackages.map((r) => r.packageId)).toEqual([packageId]);
    } finally {
      await server.close();
    }
  });

  it('a role that may not write: the organiser is refused room data, the GEK member may read but not take', async () => {
    await hq.signInAs('organiser', 2);
    expect((await hq.fail('organiser', 'transfer/writeRoomData', { examId: todayExamId(hq), room: ROOM })).code).toBe('FORBIDDEN');
    expect((await hq.fail('organiser', 'transfer/overview', {})).code).toBe('FORBIDDEN');
    await room.signInAs('gek', 5);
    await room.call('gek', 'transfer/overview', {});
    expect((await room.fail('gek', 'transfer/take', {})).code).toBe('FORBIDDEN');
    // Each station does only its own side: a room station writes no room data, HQ writes no room journal.
    expect((await room.fail(S, 'transfer/writeRoomData', { examId: todayExamId(room), room: ROOM })).code).toBe('TRANSFER_HQ_ONLY');
    expect((await hq.fail(S, 'transfer/writeJournal', { examDate: EXAM_DATE })).code).toBe('TRANSFER_ROOM_ONLY');
    expect((await hq.fail(S, 'transfer/writeRoomData', { examId: todayExamId(hq), room: '0102' })).code).toBe('TRANSFER_NO_ROOM_STATION');
  });
});
