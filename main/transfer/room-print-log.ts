import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CryptoSuite } from '../crypto/crypto-suite';
import type { Db } from '../db/open-database';
import { newestReserveKey } from '../exam-keys/key-store';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import type { Work } from '../kernel/unit-of-work';
import { kitOwners, type KitOwner } from '../kits/kit-pack-format';
import { assertRealFolder, readRegularCapped } from '../packages/drive-fs';
import { MANIFEST_FILE, MANIFEST_MAX_BYTES } from '../packages/package-format';
import { readManifest, type ExpectedPackage } from '../packages/read-manifest';
import type { PrintLog, PrintLogKit } from '../printing/print-log-format';
import type { MessageHeader } from './message-format';
import type { TransferCheck, TransferService } from './transfer-service';

/**
 * `room.print_log` (FORMAT.md «Kinds»): a room station writes its whole print log of an exam for HQ
 * (`writeRoomPrintLog`, beside its journal extract); HQ checks it against what it knows and against every other
 * station's current log of the same package, and keeps it (`keepPrintLog`, the kind's applier). The forms at HQ
 * (ППЭ-14-02, ППЭ-13-02-МАШ) read the current logs (`currentPrintLogs`).
 */

/** The counters a log's kits add up to; HQ refuses a log whose own counters say otherwise. `remaining` is the
 * station's alone (its reserve grants and the room's kits): HQ keeps it as written. */
export interface PrintLogCounts {
  printed: number;
  spoiled: number;
  replaced: number;
  reserveUsed: number;
}

/**
 * How the counters follow from the kits — one definition for the station that writes them and HQ that checks them:
 * printed, the kits that came out whole and were handed out; spoiled, the kits marked spoiled; replaced, the kits
 * started in place of a spoiled one (in any state: a replacement waiting to be printed again is still the spoiled
 * kit's replacement); reserve used, every reserve kit the station started (its numbers are the station's from then
 * on). The room station counts the same way (main/printing/print-queue.ts `countersOf`).
 */
export function printLogCounts(kits: readonly PrintLogKit[]): PrintLogCounts {
  let printed = 0;
  let spoiled = 0;
  let replaced = 0;
  let reserveUsed = 0;
  for (const k of kits) {
    if (k.state === 'printed') printed++;
    if (k.state === 'spoiled') spoiled++;
    if (k.replacementOf !== null) replaced++;
    if (k.source === 'reserve') reserveUsed++;
  }
  return { printed, spoiled, replaced, reserveUsed };
}

/** A room station: its print log onto the transfer drive for HQ, sealed to HQ's stations. */
export function writeRoomPrintLog(service: TransferService, actor: Actor, driveRoot: string, log: PrintLog): Promise<{ file: string; seq: number }> {
  return service.write(actor, driveRoot, { receiver: { type: 'hq' }, kind: 'room.print_log', examDate: log.exam.date, payload: log });
}

/** What HQ's check learned from the package it holds: whose each kit is (KITS.md «Numbering»). */
export interface CheckedPrintLog {
  owners: KitOwner[];
}

type PrintLogRefusal =
  | 'station' | 'room' | 'date' | 'exam' | 'room_data' | 'package' | 'participant' | 'kit_index' | 'replacement'
  | 'kit_not_this_room' | 'kit_not_reserve' | 'reserve_not_granted';

/**
 * HQ's check of a `room.print_log` before the act: the manifest of the package the log names, read from HQ's own
 * downloaded copy (`<data>/packages/<id>/manifest.json`, through drive-fs: no link followed, nothing past the cap)
 * and verified as HQ verifies a held manifest (package-service.ts `localManifest`): the hash HQ recorded at download,
 * RCOI's signature, this PPE and an exam on its schedule. A package HQ does not hold as downloaded is the applier's
 * to refuse ('package'); one it holds but cannot read back whole and genuine is refused here, the same way.
 */
export function printLogCheck(ctx: Pick<CoreContext, 'db'>, crypto: CryptoSuite, pinnedRcoiKey: () => string, folderOf: (packageId: string) => string, expected: () => ExpectedPackage): TransferCheck {
  return async ({ payload, file }): Promise<CheckedPrintLog | null> => {
    const log = payload as unknown as PrintLog;
    const row = ctx.db
      .prepare<[string], { state: string; manifest_sha256: string | null }>('SELECT state, manifest_sha256 FROM internet_package WHERE package_id = ?')
      .get(log.packageId);
    if (!row || row.state !== 'downloaded' || row.manifest_sha256 === null) return null;
    const refuse = () => new AppError('PRINT_LOG_UNKNOWN_TO_HQ', { file, room: log.roomCode, reason: 'package' });
    const folder = folderOf(log.packageId);
    let bytes: Buffer;
    try {
      await assertRealFolder(folder, log.packageId);
      bytes = await readRegularCapped(join(folder, MANIFEST_FILE), MANIFEST_FILE, MANIFEST_MAX_BYTES, refuse);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw refuse();
    }
    if (createHash('sha256').update(bytes).digest('hex') !== row.manifest_sha256) throw refuse();
    let owners: KitOwner[];
    try {
      const manifest = readManifest(bytes.toString('utf8'), pinnedRcoiKey(), crypto, expected());
      if (manifest.packageId !== log.packageId) throw refuse();
      owners = kitOwners(manifest);
    } catch (e) {
      if (e instanceof AppError && e.code === 'PRINT_LOG_UNKNOWN_TO_HQ') throw e;
      throw refuse();
    }
    return { owners };
  };
}

/** Every number a kit carries: its КИМ and its four blanks. */
function numbersOf(k: PrintLogKit): string[] {
  return [k.kimNumber, k.blanks.registration, k.blanks.answers1, ...k.blanks.answers2];
}

/**
 * HQ's applier for `room.print_log`. Before anything is kept the log must be one HQ can vouch for: written by the
 * station it names, pinned to the room it names, for the header's date; an exam HQ holds, for which HQ wrote that
 * room its data, with the package HQ holds downloaded, every participant one HQ seated in that room, every kit index
 * inside the package, a 'room' kit one of the room's own and a 'reserve' kit a reserve kit by the manifest HQ holds
 * (`printLogCheck`), and — where HQ holds a reserve key — a reserve kit granted to that station for that room by the
 * grant the log names; its counters what its kits add up to; and no kit index, КИМ or blank number in two kits — within
 * the log, or in another station's current log of the same package (two stations printing one kit is exactly what
 * RCOI's reconciliation must never see). Kept row by row; a newer log (higher number in the station's stream)
 * becomes the station's current one in the same act, an older one arriving late is kept and changes nothing.
 * A refusal throws; the service rolls the act back and journals `transfer.refused` with the error.
 */
export function keepPrintLog(work: Work, message: { header: MessageHeader; payload: Record<string, unknown>; file: string; sha256: string; checked?: unknown }): void {
  const { header, file, sha256 } = message;
  const log = message.payload as PrintLog;
  const db = work.db;
  const room = log.roomCode;
  const unknown = (reason: PrintLogRefusal) => new AppError('PRINT_LOG_UNKNOWN_TO_HQ', { file, room, reason });

  if (log.stationNumber !== header.sender) throw unknown('station');
  const pinned = db.prepare<[string], { room: string | null }>("SELECT room FROM station_peer WHERE station = ? AND role = 'room' AND retired_at IS NULL").get(header.sender);
  if (!pinned || pinned.room !== room) throw unknown('room');
  if (header.examDate !== log.exam.date) throw unknown('date');
  const exams = db
    .prepare<[string, number], { id: number }>('SELECT id FROM exam WHERE exam_date = ? AND subject_code = ?')
    .all(log.exam.date, log.exam.subjectCode);
  if (exams.length === 0) throw unknown('exam');
  const wroteRoomData = db
    .prepare<[string, string], { n: number }>("SELECT count(*) AS n FROM transfer_message WHERE direction = 'sent' AND kind = 'room.data' AND receiver = ? AND exam_date = ?")
    .get(`room:${room}`, log.exam.date)!.n;
  if (wroteRoomData === 0) throw unknown('room_data');
  const pkg = db
    .prepare<[string], { exam_id: number; state: string; kits: number | null; reserve_kits: number | null }>(
      'SELECT exam_id, state, kits, reserve_kits FROM internet_package WHERE package_id = ?',
    )
    .get(log.packageId);
  if (!pkg || pkg.state !== 'downloaded' || !exams.some((e) => e.id === pkg.exam_id)) throw unknown('package');

  const seated = new Set(
    db
      .prepare<[number, string], { id: string }>('SELECT p.external_id AS id FROM seating s JOIN participant p ON p.id = s.participant_id WHERE s.exam_id = ? AND s.auditorium_code = ?')
      .all(pkg.exam_id, room)
      .map((r) => r.id),
  );
  if (log.participants.some((p) => !seated.has(p.participantId))) throw unknown('participant');
  const listed = new Set(log.participants.map((p) => p.participantId));
  if (log.kits.some((k) => k.participantId !== null && !listed.has(k.participantId))) throw unknown('participant');
  const total = pkg.kits !== null && pkg.reserve_kits !== null ? pkg.kits + pkg.reserve_kits : null;
  if (total !== null && log.kits.some((k) => k.kitIndex > total)) throw unknown('kit_index');
  const byIndex = new Map(log.kits.map((k) => [k.kitIndex, k]));
  if (log.kits.some((k) => k.replacementOf !== null && byIndex.get(k.replacementOf)?.state !== 'spoiled')) throw unknown('replacement');

  const counted = printLogCounts(log.kits);
  for (const counter of ['printed', 'spoiled', 'replaced', 'reserveUsed'] as const) {
    if (counted[counter] !== log.counters[counter]) {
      throw new AppError('PRINT_LOG_COUNTS_DISAGREE', { file, room, counter, logged: log.counters[counter], counted: counted[counter] });
    }
  }

  // No kit and no number twice: first within the log, then against every other station's current log of the package.
  const twice = (k: PrintLogKit, number: string, otherRoom: string, otherStation: string) =>
    new AppError('PRINT_LOG_KIT_TWICE', { file, room, otherRoom, number, kitIndex: k.kitIndex, otherStation });
  const seenIndex = new Set<number>();
  const seenNumber = new Set<string>();
  for (const k of log.kits) {
    if (seenIndex.has(k.kitIndex)) throw twice(k, k.kimNumber, room, header.sender);
    seenIndex.add(k.kitIndex);
    for (const n of numbersOf(k)) {
      if (seenNumber.has(n)) throw twice(k, n, room, header.sender);
      seenNumber.add(n);
    }
  }
  const others = db
    .prepare<[string, string], { station: string; room: string; payload: string }>(
      `SELECT l.station, l.room, l.payload FROM room_print_log_current c JOIN room_print_log l ON l.id = c.log_id
       WHERE l.package_id = ? AND c.station <> ? ORDER BY l.station`,
    )
    .all(log.packageId, header.sender);
  for (const other of others) {
    const theirs = (JSON.parse(other.payload) as PrintLog).kits;
    const theirIndex = new Set(theirs.map((k) => k.kitIndex));
    const theirNumbers = new Set(theirs.flatMap(numbersOf));
    for (const k of log.kits) {
      if (theirIndex.has(k.kitIndex)) throw twice(k, k.kimNumber, other.room, other.station);
      const shared = numbersOf(k).find((n) => theirNumbers.has(n));
      if (shared !== undefined) throw twice(k, shared, other.room, other.station);
    }
  }

  // Whose each kit is, by the manifest HQ holds (printLogCheck): a 'room' kit is this room's own, a 'reserve' kit one
  // of the package's reserve kits — asked after the kits twice, which is what RCOI must hear of first. Without the
  // check's answer HQ cannot vouch for the log.
  const checked = message.checked as CheckedPrintLog | null | undefined;
  if (!checked) throw unknown('package');
  const within = (o: KitOwner | undefined, i: number) => o !== undefined && i >= o.firstKit && i < o.firstKit + o.kits;
  const own = checked.owners.find((o) => o.auditoriumCode === room);
  const reserve = checked.owners.find((o) => o.auditoriumCode === null);
  if (log.kits.some((k) => k.source === 'room' && !within(own, k.kitIndex))) throw unknown('kit_not_this_room');
  if (log.kits.some((k) => k.source === 'reserve' && !within(reserve, k.kitIndex))) throw unknown('kit_not_reserve');
  // Where HQ holds a reserve key (the newest carries every grant so far), a reserve kit is one granted to this
  // station's number for this room, by the grant the log names.
  const reserveKey = newestReserveKey(db, log.packageId);
  if (reserveKey) {
    const granted = (k: PrintLogKit) =>
      reserveKey.payload.reserve.some(
        (g) => g.sequence === k.reserveSequence && g.stationNumber === header.sender && g.roomCode === room && g.kitIndices.includes(k.kitIndex),
      );
    if (log.kits.some((k) => k.source === 'reserve' && !granted(k))) throw unknown('reserve_not_granted');
  }

  const current = db
    .prepare<[string, string, number], { seq: number }>(
      `SELECT l.seq FROM room_print_log_current c JOIN room_print_log l ON l.id = c.log_id
       WHERE c.station = ? AND c.exam_date = ? AND c.subject_code = ?`,
    )
    .get(header.sender, log.exam.date, log.exam.subjectCode);
  const isCurrent = !current || current.seq < header.seq;
  const { id } = db
    .prepare<[string, string, string, number, string, number, string, string, string, number, number, number, number, number, number, string], { id: number }>(
      `INSERT INTO room_print_log (station, room, exam_date, subject_code, package_id, seq, sha256, written_at, taken_at, kits,
         printed, spoiled, replaced, reserve_used, remaining, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      header.sender,
      room,
      log.exam.date,
      log.exam.subjectCode,
      log.packageId,
      header.seq,
      sha256,
      log.writtenAt,
      work.at.toISOString(),
      log.kits.length,
      counted.printed,
      counted.spoiled,
      counted.replaced,
      counted.reserveUsed,
      log.counters.remaining,
      JSON.stringify(log),
    )!;
  if (isCurrent) {
    // RCOI learns the room's counters as HQ now holds them (a late, older log tells it nothing new).
    work.send('printing.log_received', {
      room,
      station: header.sender,
      examDate: log.exam.date,
      subjectCode: log.exam.subjectCode,
      packageId: log.packageId,
      writtenAt: log.writtenAt,
      present: log.participants.filter((p) => p.present).length,
      kits: log.kits.length,
      ...counted,
      remaining: log.counters.remaining,
    });
    db.prepare(
      `INSERT INTO room_print_log_current (station, exam_date, subject_code, log_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (station, exam_date, subject_code) DO UPDATE SET log_id = excluded.log_id`,
    ).run(header.sender, log.exam.date, log.exam.subjectCode, id);
  }
  work.record('transfer.print_log_kept', {
    station: header.sender,
    room,
    examDate: log.exam.date,
    subjectCode: log.exam.subjectCode,
    packageId: log.packageId,
    seq: header.seq,
    kits: log.kits.length,
    ...counted,
    current: isCurrent,
  });
  work.changed('transfer');
}

export interface KeptPrintLog {
  station: string;
  room: string;
  seq: number;
  takenAt: string;
  log: PrintLog;
}

/** HQ: each room station's current print log of one exam, by room then station. */
export function currentPrintLogs(db: Db, examDate: string, subjectCode: number): KeptPrintLog[] {
  return db
    .prepare<[string, number], { station: string; room: string; seq: number; takenAt: string; payload: string }>(
      `SELECT l.station, l.room, l.seq, l.taken_at AS takenAt, l.payload FROM room_print_log_current c JOIN room_print_log l ON l.id = c.log_id
       WHERE c.exam_date = ? AND c.subject_code = ? ORDER BY l.room, l.station`,
    )
    .all(examDate, subjectCode)
    .map((r) => ({ station: r.station, room: r.room, seq: r.seq, takenAt: r.takenAt, log: JSON.parse(r.payload) as PrintLog }));
}
