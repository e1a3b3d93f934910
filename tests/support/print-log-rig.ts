import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { defaultStationCrypto, generateStationKeys } from '../../main/crypto/station-crypto';
import type { Actor, CoreContext } from '../../main/kernel/context';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import type { PrintLog, PrintLogKit } from '../../main/printing/print-log-format';
import { pinPeer } from '../../main/stations/peers';
import { loadTransferSetup } from '../../main/stations/transfer-setup';
import { fileKeyProtector } from '../../main/sync/key-store';
import { printLogCounts, writeRoomPrintLog } from '../../main/transfer/room-print-log';
import type { TransferSetup } from '../../main/transfer/station-identity';
import { TransferService } from '../../main/transfer/transfer-service';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { buildPackage } from '../rcoi-server/package-builder';
import type { Harness } from './core-harness';
import { openPairedStations } from './room-stations';

// The demo PPE's HQ (station 100001, made the HQ station) and the organiser's station of room 0101 (100101), each a
// real core on its own SQLite file, their keys pinned both ways as set-up does, sharing one folder-backed transfer
// drive (openPairedStations); and a second room station (100102, room 0102) that HQ pinned, which writes with keys of
// its own (it needs no roster of its own to write a print log). HQ holds the exam's internet package as downloaded (its row,
// and the package the reference server's builder made, signed by the demo RCOI key, in HQ's data folder where a download
// puts it: HQ's print-log check reads its manifest), as the room.package write would need. Print logs are written the way the room station's desk writes them
// (writeRoomPrintLog over the station's own TransferService) and taken at HQ through the contract.

export const HQ = '100001';
export const ROOM_STATION = '100101';
export const ROOM = '0101';
export const OTHER_STATION = '100102';
export const OTHER_ROOM = '0102';
export const EXAM_DATE = '2026-06-01';
export const S = 'tech';
export const ACTOR: Actor = { staffId: null, name: 'технический специалист', roleCode: 7 };
/** Kits for the rooms in the package (0101 has 1–12, 0102 13–22 as KITS.md numbers them), then 4 reserve kits. */
export const ROOM_KITS = 22;
export const RESERVE_KITS = 4;

export interface PrintLogRig {
  shared: string;
  hq: Harness;
  room: Harness;
  packageId: string;
  examId: number;
  subjectCode: number;
  /** The participants HQ seated in a room for the exam, by seat: RCOI's ids. */
  seated(room: string): { id: string; seat: string; name: string; document: string }[];
  /** Writes a print log onto the drive as a room station does; `from` the station (default the room's own). */
  write(log: PrintLog, from?: 'room' | 'other'): Promise<{ file: string; seq: number }>;
  close(): Promise<void>;
}

export async function openPrintLogRig(): Promise<PrintLogRig> {
  const { shared, hq, room, hqKeys, close } = await openPairedStations({ tmpPrefix: 'ppe-print-log-drives-', clearRoomRoster: true, session: S });
  const otherKeys = generateStationKeys();
  // The second room station's keys, pinned at HQ only: it writes to HQ and takes nothing.
  pinPeer(hq.core.db, { station: OTHER_STATION, role: 'room', room: OTHER_ROOM, isReserve: false, signingKey: otherKeys.signing.publicKeySpkiBase64, agreementKey: otherKeys.agreement.publicKeySpkiBase64 }, '2026-05-31T00:00:00.000Z');
  const driveRoot = join(shared, 'transfer');

  const exam = hq.core.db
    .prepare<[string], { id: number; subject_code: number }>("SELECT id, subject_code FROM exam WHERE exam_date = ? AND subject_name = 'Русский язык'")
    .get(EXAM_DATE)!;
  // HQ writes both rooms their data (the print log must answer room data HQ wrote).
  await hq.call(S, 'transfer/writeRoomData', { examId: exam.id, room: ROOM });
  await hq.call(S, 'transfer/writeRoomData', { examId: exam.id, room: OTHER_ROOM });
  const { form } = hq.core.db.prepare<[number], { form: 'EGE' | 'GVE' }>('SELECT form FROM exam WHERE id = ?').get(exam.id)!;
  const packages = join(hq.dataDir, 'packages');
  mkdirSync(packages, { recursive: true });
  const { manifest } = buildPackage(
    join(packages, 'building'),
    { regionCode: '42', ppeCode: '0412', exam: { date: EXAM_DATE, subjectCode: exam.subject_code, form, dayKind: 'main' }, rooms: [{ auditoriumCode: ROOM, kits: 12 }, { auditoriumCode: OTHER_ROOM, kits: ROOM_KITS - 12 }], reserveKits: RESERVE_KITS, pagesPerKim: 1 },
    loadDemoSigningKey(),
    new Date('2026-05-30T00:00:00.000Z'),
  );
  const packageId = manifest.packageId;
  renameSync(join(packages, 'building'), join(packages, packageId));
  const manifestSha256 = createHash('sha256').update(readFileSync(join(packages, packageId, MANIFEST_FILE))).digest('hex');
  hq.core.db
    .prepare(
      `INSERT INTO internet_package (package_id, exam_id, size, file_count, available_from, listed_at, state, manifest_sha256, kits, reserve_kits, downloaded_at)
       VALUES (?, ?, 1000, 6, ?, ?, 'downloaded', ?, ?, ?, ?)`,
    )
    .run(packageId, exam.id, EXAM_DATE, '2026-05-30T00:00:00.000Z', manifestSha256, ROOM_KITS, RESERVE_KITS, '2026-05-30T01:00:00.000Z');

  const ctxOf = (h: Harness, number: string): CoreContext => ({ db: h.core.db, clock: h.clock, events: h.core.events, stationNumber: () => number, outboxChanged: () => {} });
  const roomSetup = () => loadTransferSetup(ctxOf(room, ROOM_STATION), fileKeyProtector(room.dataDir))!;
  const otherSetup: TransferSetup = {
    identity: { ...roomSetup().identity, station: OTHER_STATION, room: OTHER_ROOM, keys: otherKeys },
    peers: [{ station: HQ, role: 'hq', room: null, signingKey: hqKeys.signing.publicKeySpkiBase64, agreementKey: hqKeys.agreement.publicKeySpkiBase64 }],
    crypto: defaultStationCrypto,
  };
  // Each station's service lives as long as the rig, as a desk's does for one use: its writes take numbers in turn.
  const services = {
    room: new TransferService(ctxOf(room, ROOM_STATION), roomSetup()),
    other: new TransferService(ctxOf(room, OTHER_STATION), otherSetup),
  };
  return {
    shared,
    hq,
    room,
    packageId,
    examId: exam.id,
    subjectCode: exam.subject_code,
    seated: (code) =>
      hq.core.db
        .prepare<[number, string], { id: string; seat: string; name: string; document: string }>(
          `SELECT p.external_id AS id, s.seat, p.last_name || ' ' || p.first_name || ' ' || p.middle_name AS name,
                  trim(p.document_series || ' ' || p.document_number) AS document
           FROM seating s JOIN participant p ON p.id = s.participant_id WHERE s.exam_id = ? AND s.auditorium_code = ? ORDER BY s.seat, p.external_id`,
        )
        .all(exam.id, code),
    write: (log, from = 'room') => writeRoomPrintLog(services[from], ACTOR, driveRoot, log),
    close,
  };
}

/** A kit's numbers, derived from its index (unique by construction, as the reference builder's are). */
export function kitNumbers(index: number): Pick<PrintLogKit, 'kimNumber' | 'blanks'> {
  const pad = (lead: number) => `${lead}${String(index).padStart(12, '0')}`;
  return { kimNumber: String(10_000_000 + index), blanks: { registration: pad(2), answers1: pad(3), answers2: [pad(4), pad(5)] } };
}

export interface LogSpec {
  room: string;
  station: string;
  packageId: string;
  subjectCode: number;
  /** Participants present (by id and seat), absent ones too. */
  participants: { participantId: string; seat: string; present: boolean }[];
  /** Kits in the order printed: index, whom for, and what became of it. */
  kits: { index: number; participantId: string | null; seat: string | null; state?: PrintLogKit['state']; source?: 'room' | 'reserve'; replacementOf?: number }[];
  writtenAt?: string;
  remaining?: number;
}

/** A print log of the shape main/printing/print-log-format.ts requires, its counters as the kits add up. */
export function printLogOf(spec: LogSpec): PrintLog {
  const at = spec.writtenAt ?? '2026-06-01T03:30:00.000Z';
  const kits: PrintLogKit[] = spec.kits.map((k) => {
    const state = k.state ?? 'printed';
    return {
      kitIndex: k.index,
      ...kitNumbers(k.index),
      source: k.source ?? 'room',
      reserveSequence: (k.source ?? 'room') === 'reserve' ? 1 : null,
      state,
      participantId: k.participantId,
      seat: k.seat,
      attempts: state === 'failed' ? 1 : 1,
      printedAt: state === 'failed' ? null : '2026-06-01T03:05:00.000Z',
      spoiled: state === 'spoiled' ? { reason: 'misprint', note: '', at: '2026-06-01T03:10:00.000Z', by: 'Организатор' } : null,
      replacementOf: k.replacementOf ?? null,
    };
  });
  return {
    payloadVersion: 1,
    roomCode: spec.room,
    stationNumber: spec.station,
    packageId: spec.packageId,
    exam: { date: EXAM_DATE, subjectCode: spec.subjectCode },
    writtenAt: at,
    participants: spec.participants,
    kits,
    counters: { ...printLogCounts(kits), remaining: spec.remaining ?? 0 },
  };
}
