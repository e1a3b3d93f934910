import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CryptoSuite } from '../crypto/crypto-suite';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { addDays, localDateOf } from '../ipc/zoned-time';
import type { TransferImport, TransferOverview } from '../ipc/slices/transfer';
import { readPpeConfig } from '../ppe/ppe-config';
import { DriveEntryError } from '../packages/drive-fs';
import { describeDriveFailure } from '../packages/drive-problem';
import type { DriveService } from '../packages/drive-service';
import type { DriveInfo } from '../../native/drives/drive';
import { currentPackages, knownDrives } from '../packages/package-rows';
import type { PackageService } from '../packages/package-service';
import { checkTarget, writePackage } from '../packages/write-package';
import { buildJournalExtract, keepJournalExtract, keptRoomJournals } from './journal-extract';
import { applyRoomData, buildRoomData } from './room-data';
import { applyRoomPackage, roomPackageCheck, roomPackagePayload, roomPackages } from './room-package';
import { keepPrintLog, printLogCheck, writeRoomPrintLog } from './room-print-log';
import type { PrintLog } from '../printing/print-log-format';
import type { TransferSetup } from './station-identity';
import type { TransferKindName } from './transfer-kinds';
import { missingReceived } from './transfer-ledger';
import { TransferService, type TransferApplier, type TransferCheck } from './transfer-service';

export type TransferAppliers = Partial<Record<TransferKindName, TransferApplier>>;

export interface TransferDeskDeps {
  ctx: CoreContext;
  drives: DriveService;
  /** HQ's downloaded internet packages, written to the drive for a room (room.package). */
  packages: PackageService;
  /** Checks an internet package's RCOI signature (the packages' suite). */
  crypto: CryptoSuite;
  /** This station's keys and pinned peers, read afresh for each use (main/stations/transfer-setup.ts). */
  loadSetup: () => TransferSetup | null;
  /** Appliers other capabilities contribute (station.reply, room.journal_anchor, …), besides the desk's own. */
  appliers?: TransferAppliers;
  /**
   * A room station: what else goes to HQ each time it writes its journal, with the same service and drive — its
   * journal anchors (app-core hands AnchorService.writePending here; main/anchors imports this capability, so the
   * desk is told rather than importing it back).
   */
  afterRoomWrite?: (service: TransferService, actor: Actor, driveRoot: string) => Promise<{ files: { file: string; seq: number }[] }>;
  /**
   * A room station: its newest complete print log of each exam on a date, written beside the journal extract
   * (room.print_log; app-core hands the printing capability's buildPrintLog here). None yet: an empty list.
   */
  roomPrintLogs?: (examDate: string) => PrintLog[];
  /**
   * HQ: what else goes to a room after its data and package, in the same visit and with the same service — the keys
   * to the exam materials (app-core hands main/exam-keys' writeRoomExamKeys here; that capability imports this one).
   */
  afterRoomDataWrite?: (
    service: TransferService,
    actor: Actor,
    driveRoot: string,
    to: { examId: number; room: string; examDate: string },
  ) => Promise<{ files: { file: string; kind: string; seq: number }[] }>;
}

/** The drive's rows in the overview: the newest first, at most this many. */
const LEDGER_SHOWN = 30;
const MIB = 1024 * 1024;
/** A room station takes dated messages for its exams and for the coming week (room data comes before the exam). */
const DAYS_AHEAD = 7;

/**
 * The «Флешка для переноса» screen's service: which inserted drive is the transfer drive (the one a person marked
 * for transfer most recently — the drives' role, kept across restarts and journaled as `drive.assigned`), this
 * station's TransferService (built afresh from its set-up for each use, so a pin made a moment ago counts), and the
 * acts of the screen: take everything for this station, write room data (HQ), write the journal for HQ (a room).
 * The appliers: room.data at a room station and room.journal_extract at HQ are the desk's own; other capabilities
 * hand theirs to the constructor (app-core).
 */
export class TransferDesk {
  private readonly appliers: TransferAppliers;
  private readonly checks: Partial<Record<TransferKindName, TransferCheck>>;
  private lastImport: { at: string; report: TransferImport } | null = null;
  private busy: 'reading' | 'writing' | null = null;

  constructor(private readonly d: TransferDeskDeps) {
    const own: TransferAppliers = { 'room.data': applyRoomData, 'room.package': applyRoomPackage, 'room.journal_extract': keepJournalExtract, 'room.print_log': keepPrintLog };
    this.checks = {
      'room.package': roomPackageCheck(d.ctx, d.crypto),
      'room.print_log': printLogCheck(d.ctx, d.crypto, () => readPpeConfig(d.ctx.db).rcoiPublicKey, (id) => d.packages.folderOf(id), () => d.packages.expected()),
    };
    for (const kind of Object.keys(d.appliers ?? {})) {
      if (Object.hasOwn(own, kind)) throw new Error(`transfer desk: two appliers for ${kind}`);
    }
    this.appliers = { ...own, ...d.appliers };
  }

  /** The service for this station now; TRANSFER refusals need a station with a number and keys. */
  private service(): { setup: TransferSetup; service: TransferService } {
    const setup = this.d.loadSetup();
    if (!setup) throw new AppError('STATION_NOT_SET_UP');
    return { setup, service: new TransferService(this.d.ctx, setup, this.appliers, this.checks) };
  }

  /** The inserted drive marked for transfer most recently; null when none is in. */
  private transferDrive(): DriveInfo | null {
    const present = this.d.drives.mounted();
    const marked = knownDrives(this.d.ctx.db).filter((k) => k.role === 'transfer');
    for (const k of marked.reverse()) {
      const drive = present.find((p) => p.id === k.id);
      if (drive) return drive;
    }
    return null;
  }

  private requireDrive(): DriveInfo {
    const drive = this.transferDrive();
    if (!drive) throw new AppError('TRANSFER_NO_DRIVE');
    return drive;
  }

  async chooseDrive(actor: Actor, driveId: string): Promise<void> {
    await this.d.drives.assign(actor, driveId, 'transfer');
  }

  /** The dates this station takes dated messages for: its exams' dates, and today and the coming week. */
  private expectedDates(): string[] {
    const today = localDateOf(this.d.ctx.clock.now(), readPpeConfig(this.d.ctx.db).timeZone);
    const dates = new Set(this.d.ctx.db.prepare<[], { d: string }>('SELECT DISTINCT exam_date AS d FROM exam').all().map((r) => r.d));
    for (let i = -1; i <= DAYS_AHEAD; i++) dates.add(addDays(today, i));
    return [...dates].sort();
  }

  /** Takes everything the drive holds for this station (TransferService.importFromDrive), and keeps its report. */
  async take(actor: Actor): Promise<TransferImport> {
    const { service } = this.service();
    const drive = this.requireDrive();
    return this.running('reading', async () => {
      const report = await service.importFromDrive(actor, drive.mountPath, this.expectedDates()).catch((e: unknown) => {
        throw this.driveError(e, drive);
      });
      this.lastImport = { at: this.d.ctx.clock.now().toISOString(), report };
      return report;
    });
  }

  /**
   * HQ: «Записать данные аудитории» — room.data of one exam for one room, sealed to all of its pinned stations, and
   * then, when HQ holds the exam's internet package downloaded and verified, the package folder and room.package;
   * then what `afterRoomDataWrite` adds (the exam keys HQ holds: room.exam_key).
   */
  async writeRoomData(actor: Actor, examId: number, room: string): Promise<{ files: { file: string; kind: string; seq: number }[] }> {
    const { setup, service } = this.service();
    if (setup.identity.role !== 'hq') throw new AppError('TRANSFER_HQ_ONLY');
    if (!setup.peers.some((p) => p.role === 'room' && p.room === room)) throw new AppError('TRANSFER_NO_ROOM_STATION', { room });
    const data = buildRoomData(this.d.ctx.db, examId, room);
    if (!data) throw new AppError('TRANSFER_NO_ROOM_STATION', { room });
    const drive = this.requireDrive();
    const pkg = currentPackages(this.d.ctx.db).get(examId);
    const local = pkg?.state === 'downloaded' && this.d.packages.hasLocalCopy(pkg.packageId) ? this.d.packages.localManifest(pkg.packageId) : null;
    return this.running('writing', async () => {
      const files: { file: string; kind: string; seq: number }[] = [];
      try {
        const written = await service.write(actor, drive.mountPath, { receiver: { type: 'room', code: room }, kind: 'room.data', examDate: data.exam.date, payload: data });
        files.push({ file: written.file, kind: 'room.data', seq: written.seq });
        if (local) {
          // The package folder first, read back; the message that names it after: a drive pulled in between leaves
          // a package nobody named, never a message naming a package that is not there.
          const payload = roomPackagePayload(local.manifest, createHash('sha256').update(local.text).digest('hex'));
          const target = { folder: join(drive.mountPath, ...payload.folder.split('/')), root: drive.mountPath, freeBytes: drive.freeBytes, fileSystem: drive.fileSystem };
          const refusal = checkTarget(local.manifest, Buffer.byteLength(local.text), target);
          if (refusal?.reason === 'FULL') throw new AppError('DRIVE_FULL', { role: 'transfer', neededMib: Math.ceil(refusal.needed / MIB), freeMib: Math.floor(refusal.free / MIB) });
          if (refusal?.reason === 'FILE_TOO_LARGE') throw new AppError('DRIVE_FILE_TOO_LARGE', { role: 'transfer', path: refusal.path });
          const verification = await writePackage(this.d.packages.folderOf(local.manifest.packageId), local.manifest, local.text, target);
          if (!verification.ok) throw new AppError('DRIVE_COPY_FILE_CORRUPT', { path: verification.problems[0]?.path ?? payload.folder, others: Math.max(0, verification.problems.length - 1) });
          const named = await service.write(actor, drive.mountPath, { receiver: { type: 'room', code: room }, kind: 'room.package', examDate: data.exam.date, payload });
          files.push({ file: named.file, kind: 'room.package', seq: named.seq });
        }
        // After the package: a room station takes the key only for a package it holds, and takes in order.
        const after = await this.d.afterRoomDataWrite?.(service, actor, drive.mountPath, { examId, room, examDate: data.exam.date });
        files.push(...(after?.files ?? []));
      } catch (e) {
        throw this.driveError(e, drive);
      }
      return { files };
    });
  }

  /** A room station: «Записать журнал для штаба» — its journal of one date, sealed to HQ's stations. */
  async writeJournal(actor: Actor, examDate: string): Promise<{ files: { file: string; kind: string; seq: number }[] }> {
    const { setup, service } = this.service();
    const { identity } = setup;
    if (identity.role !== 'room' || identity.room === null) throw new AppError('TRANSFER_ROOM_ONLY');
    // Nothing to seal it to: this room station has not pinned HQ yet (its set-up is not finished).
    if (!setup.peers.some((p) => p.role === 'hq')) throw new AppError('STATION_NOT_SET_UP');
    const drive = this.requireDrive();
    const payload = buildJournalExtract(this.d.ctx.db, identity.station, identity.room, examDate, readPpeConfig(this.d.ctx.db).timeZone);
    const printLogs = this.d.roomPrintLogs?.(examDate) ?? [];
    return this.running('writing', async () => {
      try {
        const written = await service.write(actor, drive.mountPath, { receiver: { type: 'hq' }, kind: 'room.journal_extract', examDate, payload });
        // The print logs beside the extract (each the station's whole log of an exam: the newest replaces at HQ).
        const logs: { file: string; seq: number }[] = [];
        for (const log of printLogs) logs.push(await writeRoomPrintLog(service, actor, drive.mountPath, log));
        // The anchors after the extract: the extract's write is a handover, and the anchor signed right after it
        // (the head the extract ends at, or later) goes on the drive in the same visit.
        const after = await this.d.afterRoomWrite?.(service, actor, drive.mountPath);
        return {
          files: [
            { file: written.file, kind: 'room.journal_extract', seq: written.seq },
            ...logs.map((f) => ({ file: f.file, kind: 'room.print_log', seq: f.seq })),
            // What the same visit wrote after it (the anchors): the person is told every file now on the drive.
            ...(after?.files ?? []).map((f) => ({ file: f.file, kind: 'room.journal_anchor', seq: f.seq })),
          ],
        };
      } catch (e) {
        throw this.driveError(e, drive);
      }
    });
  }

  async overview(): Promise<TransferOverview> {
    const { db } = this.d.ctx;
    const setup = this.d.loadSetup();
    const present = this.d.drives.mounted();
    const marked = new Set(knownDrives(db).filter((k) => k.role === 'transfer').map((k) => k.id));
    const drive = this.transferDrive();
    let onDrive: TransferOverview['onDrive'] = null;
    if (setup && drive) {
      try {
        onDrive = { ...(await new TransferService(this.d.ctx, setup).peek(drive.mountPath)), problem: null };
      } catch (e) {
        onDrive = { files: [], more: 0, problem: this.driveError(e, drive).toPayload() };
      }
    }
    const role = setup?.identity.role ?? null;
    const today = localDateOf(this.d.ctx.clock.now(), readPpeConfig(db).timeZone);
    const exams = db
      .prepare<[string], { id: number; date: string; subjectCode: number; subjectName: string }>(
        'SELECT id, exam_date AS date, subject_code AS subjectCode, subject_name AS subjectName FROM exam WHERE exam_date >= ? ORDER BY exam_date, subject_code, id',
      )
      .all(role === 'hq' ? today : '0000-00-00');
    const rooms =
      role === 'hq'
        ? groupRooms(
            setup!.peers.filter((p) => p.role === 'room' && p.room !== null).map((p) => ({ room: p.room!, station: p.station })),
            db.prepare<[], { code: string; name: string }>('SELECT code, name FROM auditorium WHERE is_headquarters = 0').all(),
          )
        : [];
    return {
      station: setup ? { number: setup.identity.station, role: setup.identity.role, room: setup.identity.room } : null,
      drives: present.map((p) => ({ id: p.id, label: p.label, sizeBytes: p.sizeBytes, isTransfer: marked.has(p.id) })),
      drive: drive ? { id: drive.id, label: drive.label } : null,
      onDrive,
      taken: ledgerLines(db, 'received'),
      written: ledgerLines(db, 'sent'),
      missing: missingReceived(db),
      lastImport: this.lastImport,
      rooms,
      exams,
      journalDates: role === 'room' ? [...new Set([today, ...exams.map((e) => e.date)])].sort().reverse() : [],
      roomData:
        role === 'room'
          ? db
              .prepare<[], TransferOverview['roomData'][number]>(
                'SELECT exam_date AS examDate, subject_code AS subjectCode, participants, staff, sender, seq FROM room_data_applied ORDER BY exam_date DESC, subject_code',
              )
              .all()
          : [],
      roomJournals: role === 'hq' ? keptRoomJournals(db) : [],
      roomPackages: role === 'room' ? roomPackages(db) : [],
      simulatedDrives: this.d.drives.simulated,
      busy: this.busy,
    };
  }

  private async running<T>(what: 'reading' | 'writing', fn: () => Promise<T>): Promise<T> {
    this.busy = what;
    this.d.ctx.events.emit('all', 'data/changed', { topics: ['transfer'] });
    try {
      return await fn();
    } finally {
      this.busy = null;
      this.d.ctx.events.emit('all', 'data/changed', { topics: ['transfer'] });
    }
  }

  /** What a drive operation's failure means to a person: a planted link, a full or pulled drive, an I/O error. */
  private driveError(e: unknown, drive: { id: string; mountPath: string }): AppError {
    if (e instanceof AppError) return e;
    if (e instanceof DriveEntryError) return new AppError('TRANSFER_NOT_REGULAR', { file: e.path, kind: e.kind });
    const now = this.d.drives.mounted().find((p) => p.id === drive.id);
    const problem = describeDriveFailure(e, { gone: !now, freeBytes: now?.freeBytes ?? 0 }, { role: 'transfer', neededBytes: 0, folder: 'PPE-TRANSFER' });
    return new AppError(problem.code as 'DRIVE_IO', problem.params as { osCode?: string });
  }
}

function ledgerLines(db: CoreContext['db'], direction: 'sent' | 'received'): TransferOverview['taken'] {
  return db
    .prepare<[string, number], TransferOverview['taken'][number]>(
      `SELECT sender, receiver, kind, seq, exam_date AS examDate, file_name AS file, recorded_at AS recordedAt
       FROM transfer_message WHERE direction = ? ORDER BY id DESC LIMIT ?`,
    )
    .all(direction, LEDGER_SHOWN);
}

function groupRooms(pins: { room: string; station: string }[], rooms: { code: string; name: string }[]): TransferOverview['rooms'] {
  const byRoom = new Map<string, string[]>();
  for (const p of pins) byRoom.set(p.room, [...(byRoom.get(p.room) ?? []), p.station]);
  return [...byRoom.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, stations]) => ({ code, name: rooms.find((r) => r.code === code)?.name ?? code, stations: stations.sort() }));
}
