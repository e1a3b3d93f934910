import type { Db } from '../db/open-database';
import { entryHash, type JournalRow } from '../journal/journal-entry';
import { addDays, zonedToUtc } from '../ipc/zoned-time';
import { AppError } from '../kernel/app-error';
import type { Work } from '../kernel/unit-of-work';
import { JOURNAL_EXTRACT_MAX_ENTRIES, type JournalExtract, type JournalExtractEntry } from './journal-extract-format';
import type { MessageHeader } from './message-format';

/**
 * `room.journal_extract` (FORMAT.md «Kinds»): a room station sends HQ its journal of one exam date
 * (`buildJournalExtract`); HQ checks the hash chain and keeps the entries (`keepJournalExtract`, the kind's applier).
 */

/** The payload's entries stop short of this many characters, well inside a message's 32 MiB. */
const EXTRACT_MAX_CHARS = 24 * 1024 * 1024;


/**
 * This station's journal entries of `examDate` (the PPE's local day): every entry from the day's first to its last,
 * in order, so that the links between them can be followed. Bounded: a day longer than one extract carries is sent
 * from its first entry, `complete: false`.
 */
export function buildJournalExtract(db: Db, station: string, room: string, examDate: string, timeZone: string): JournalExtract {
  const from = zonedToUtc(examDate, '00:00', timeZone).toISOString();
  const to = zonedToUtc(addDays(examDate, 1), '00:00', timeZone).toISOString();
  const range = db
    .prepare<[string, string], { first: number | null; last: number | null }>('SELECT min(seq) AS first, max(seq) AS last FROM journal WHERE at >= ? AND at < ?')
    .get(from, to)!;
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get();
  const entries: JournalExtractEntry[] = [];
  let complete = true;
  if (range.first !== null && range.last !== null) {
    let chars = 0;
    const rows = db
      .prepare<[number, number], JournalRow>(
        `SELECT seq, at, actor_staff_id, actor_name, actor_role_code, station, action, payload, prev_hash, hash
         FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq`,
      )
      .iterate(range.first, range.last);
    for (const r of rows) {
      chars += r.payload.length + r.actor_name.length + 300;
      if (entries.length >= JOURNAL_EXTRACT_MAX_ENTRIES || chars > EXTRACT_MAX_CHARS) {
        complete = false;
        break;
      }
      entries.push({
        seq: r.seq,
        at: r.at,
        actorStaffId: r.actor_staff_id,
        actorName: r.actor_name,
        actorRoleCode: r.actor_role_code,
        station: r.station,
        action: r.action,
        payload: r.payload,
        prevHash: r.prev_hash,
        hash: r.hash,
      });
    }
  }
  return { payloadVersion: 1, station, room, examDate, head: { seq: head?.seq ?? 0, hash: head?.hash ?? '' }, complete, entries };
}

/**
 * HQ's applier for `room.journal_extract`. Before anything is kept, the extract must hold together: it is the
 * sender's own journal of the header's date, for the room the sender is pinned to; each entry's hash is recomputed
 * from what it says; each entry links to the one before it by number and hash; the head it names is not behind its
 * last entry (and is that entry when it says so); and where HQ already keeps entries of that station — from an
 * earlier extract — the two agree, entry for entry and across the seams. A history rewritten on the room station
 * after an extract was taken is therefore caught here even if its own chain was recomputed. A failure throws
 * TRANSFER_JOURNAL_BROKEN (or TRANSFER_CONTENT_INVALID); the service rolls the act back and refuses the file.
 */
export function keepJournalExtract(work: Work, message: { header: MessageHeader; payload: Record<string, unknown>; file: string; sha256: string }): void {
  const { header, file } = message;
  const extract = message.payload as JournalExtract;
  const db = work.db;
  const sender = header.sender;
  if (extract.station !== sender) throw new AppError('TRANSFER_CONTENT_INVALID', { file, reason: 'station' });
  if (extract.examDate !== header.examDate) throw new AppError('TRANSFER_CONTENT_INVALID', { file, reason: 'date' });
  const pinnedRoom = db.prepare<[string], { room: string | null }>('SELECT room FROM station_peer WHERE station = ? AND retired_at IS NULL').get(sender)?.room;
  if (pinnedRoom !== extract.room) throw new AppError('TRANSFER_CONTENT_INVALID', { file, reason: 'room' });
  const broken = (seq: number) => new AppError('TRANSFER_JOURNAL_BROKEN', { file, sender, seq });

  const { entries } = extract;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const recomputed = entryHash({
      at: e.at,
      actor_staff_id: e.actorStaffId,
      actor_name: e.actorName,
      actor_role_code: e.actorRoleCode,
      station: e.station,
      action: e.action,
      payload: e.payload,
      prev_hash: e.prevHash,
    });
    if (recomputed !== e.hash) throw broken(e.seq);
    const before = entries[i - 1];
    if (before && (e.seq !== before.seq + 1 || e.prevHash !== before.hash)) throw broken(e.seq);
  }
  const last = entries.at(-1);
  if (last && (extract.head.seq < last.seq || (extract.head.seq === last.seq && extract.head.hash !== last.hash))) throw broken(last.seq);

  const kept = db.prepare<[string, number], { hash: string; prev_hash: string }>('SELECT hash, prev_hash FROM room_journal_entry WHERE station = ? AND seq = ?');
  const first = entries[0];
  if (first) {
    const previous = kept.get(sender, first.seq - 1);
    if (previous && previous.hash !== first.prevHash) throw broken(first.seq);
  }
  if (last) {
    const next = kept.get(sender, last.seq + 1);
    if (next && next.prev_hash !== last.hash) throw broken(last.seq + 1);
  }
  const insert = db.prepare(
    `INSERT INTO room_journal_entry (station, seq, at, actor_staff_id, actor_name, actor_role_code, entry_station, action, payload, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of entries) {
    const already = kept.get(sender, e.seq);
    if (already) {
      if (already.hash !== e.hash) throw broken(e.seq);
      continue;
    }
    insert.run(sender, e.seq, e.at, e.actorStaffId, e.actorName, e.actorRoleCode, e.station, e.action, e.payload, e.prevHash, e.hash);
  }
  db.prepare(
    `INSERT INTO room_journal_extract (station, room, exam_date, sha256, first_seq, last_seq, entries, head_seq, head_hash, complete, taken_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(sender, extract.room, extract.examDate, message.sha256, first?.seq ?? null, last?.seq ?? null, entries.length, extract.head.seq, extract.head.hash, extract.complete ? 1 : 0, work.at.toISOString());
  work.record('transfer.journal_extract_kept', {
    station: sender,
    room: extract.room,
    examDate: extract.examDate,
    entries: entries.length,
    firstSeq: first?.seq ?? null,
    lastSeq: last?.seq ?? null,
    complete: extract.complete,
  });
}

/** The room stations' journals HQ keeps: per station, how many entries and up to which number. */
export function keptRoomJournals(db: Db): { station: string; room: string; examDate: string; entries: number; lastSeq: number | null; takenAt: string }[] {
  return db
    .prepare<[], { station: string; room: string; examDate: string; entries: number; lastSeq: number | null; takenAt: string }>(
      `SELECT station, room, exam_date AS examDate, entries, last_seq AS lastSeq, taken_at AS takenAt
       FROM room_journal_extract ORDER BY id DESC LIMIT 50`,
    )
    .all();
}
