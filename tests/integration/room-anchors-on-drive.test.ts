import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ownAnchors } from '../../main/anchors/anchor-store';
import { TRANSFER_FOLDER } from '../../main/transfer/message-format';
import type { Harness } from '../support/core-harness';
import { openPairedStations, openRoomStations, TECH_ID, TECH_PIN, type PairedStations, type RoomStations } from '../support/room-stations';

// Issue 11, item 4, wired: a room station's journal anchors leave with its journal on «Флешка для переноса»
// (transfer/writeJournal), sealed and signed by the same service, on the same drive; HQ takes both and keeps the
// room's anchors. And a room station (the organiser's station of a room) never talks to RCOI: nothing of its own
// waits in its outbox, in training too — after its set-up from the drive, after anchoring, after writing to HQ.
// Two real cores, each its own SQLite file and sealed key, sharing one folder-backed drive.

const ROOM_STATION = '100101';
const ROOM = '0101';
const EXAM_DATE = '2026-06-01';
const S = 'tech';

const outbox = (h: Harness) => h.core.db.prepare<[], { kind: string; payload: string }>('SELECT kind, payload FROM outbox ORDER BY stream, stream_seq').all();
const queuedFor = async (h: Harness) => (await h.call(S, 'sync/status', {})).queue.reduce((n, q) => n + q.pending, 0);

describe('a room station writes its journal for HQ: its anchors go on the drive too', () => {
  let shared: string;
  let hq: Harness;
  let room: Harness;
  let stations: PairedStations;
  afterEach(() => stations.close());

  it('HQ takes the extract and the anchors, keeps the anchors as the room signed them and forwards them; the room queues nothing', async () => {
    // The demo's organiser's station of room 0101, a room station of the training PPE, keeps the demo's roster here.
    stations = await openPairedStations({ tmpPrefix: 'ppe-room-anchors-', clearRoomRoster: false, session: S });
    ({ shared, hq, room } = stations);
    // The room's own anchor, asked for on its journal screen: kept, and not queued for RCOI.
    const manual = await room.call(S, 'journal/anchor', {});
    expect(manual).toBeTruthy();
    expect(ownAnchors(room.core.db)).toHaveLength(1);
    expect(outbox(room)).toEqual([]);

    const written = await room.call(S, 'transfer/writeJournal', { examDate: EXAM_DATE });
    // The person is told both files the visit wrote: the extract and, after it, the anchors.
    expect(written.files).toEqual([
      { file: `hq/${ROOM_STATION}-00000001-room.journal_extract.ppex`, kind: 'room.journal_extract', seq: 1 },
      { file: `hq/${ROOM_STATION}-00000002-room.journal_anchor.ppex`, kind: 'room.journal_anchor', seq: 2 },
    ]);
    // The anchors in the next message, to the same receiver on the same drive: the manual one and the one signed
    // after the extract's write (a handover), whose head is the extract's entry or later.
    const anchorFile = join(shared, 'transfer', TRANSFER_FOLDER, 'hq', `${ROOM_STATION}-00000002-room.journal_anchor.ppex`);
    expect(existsSync(anchorFile)).toBe(true);
    const mine = ownAnchors(room.core.db);
    const sentWithIt = room.core.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM journal_anchor_written').get()!.n;
    expect(sentWithIt).toBeGreaterThanOrEqual(2);
    // Written to the drive, queued for nobody: the room's RCOI marker has nothing waiting.
    expect(outbox(room)).toEqual([]);
    expect(await queuedFor(room)).toBe(0);

    const report = await hq.call(S, 'transfer/take', {});
    expect(report.refused).toEqual([]);
    expect(report.taken.map((t) => [t.sender, t.kind, t.seq])).toEqual([
      [ROOM_STATION, 'room.journal_extract', 1],
      [ROOM_STATION, 'room.journal_anchor', 2],
    ]);
    const received = hq.core.db
      .prepare<[], { anchor_no: number; seq: number; entry_hash: string; signature: string }>(
        "SELECT anchor_no, seq, entry_hash, signature FROM journal_anchor WHERE origin = 'received' AND station = '100101' ORDER BY anchor_no",
      )
      .all();
    expect(received).toEqual(
      mine.slice(0, sentWithIt).map((a) => ({ anchor_no: a.anchorNo, seq: a.seq, entry_hash: a.entryHash, signature: a.signature })),
    );
    // HQ talks to RCOI: it forwards what it took.
    const forwarded = outbox(hq)
      .filter((o) => o.kind === 'journal.anchor')
      .map((o) => JSON.parse(o.payload) as { station: string; anchorNo: number })
      .filter((a) => a.station === ROOM_STATION);
    expect(forwarded.map((a) => a.anchorNo)).toEqual(received.map((a) => a.anchor_no));
  });
});

describe('a room station set up from the drive queues nothing for RCOI', () => {
  let s: RoomStations;
  afterEach(async () => {
    await s.close();
  });

  it('after its set-up and after anchoring, its outbox is empty (training too)', async () => {
    s = await openRoomStations();
    await s.hq.signInAs('hq', 7);
    await s.hq.call('hq', 'stations/prepare', { driveId: s.driveId, room: ROOM, number: '100104', isReserve: false });
    const listed = await s.room.call('room', 'roomSetup/files', { driveId: s.driveId });
    const offer = listed.files[0]!.offer!;
    await s.room.call('room', 'roomSetup/take', { driveId: s.driveId, file: listed.files[0]!.file, hqFingerprint: offer.hq.fingerprint, staffExternalId: TECH_ID, pin: TECH_PIN });
    // Set up from the training HQ, so a training station: an organiser's station of room 0101.
    const info = await s.room.call('room', 'app/info', {});
    expect(info).toMatchObject({ setup: 'training', station: { role: 'organizer' } });
    expect(outbox(s.room)).toEqual([]);

    const staff = await s.room.call(S, 'auth/staffList', {});
    await s.room.call(S, 'auth/signIn', { staffId: staff.find((p) => p.roleCode === 7)!.id, pin: TECH_PIN });
    await s.room.call(S, 'journal/anchor', {});
    expect(ownAnchors(s.room.core.db).length).toBeGreaterThan(0);
    expect(outbox(s.room)).toEqual([]);
    expect(await queuedFor(s.room)).toBe(0);
  });
});
