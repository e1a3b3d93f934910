import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStationCrypto, generateStationKeys, type StationKeyPairs } from '../../main/crypto/station-crypto';
import type { Actor, CoreContext } from '../../main/kernel/context';
import { pinPeer } from '../../main/stations/peers';
import { ensureStationKeys } from '../../main/stations/station-keys';
import { loadTransferSetup } from '../../main/stations/transfer-setup';
import { stationsAppliers } from '../../main/stations/stations-service';
import { fileKeyProtector } from '../../main/sync/key-store';
import type { Receiver } from '../../main/transfer/message-format';
import { messageFileName } from '../../main/transfer/message-format';
import type { StationIdentity } from '../../main/transfer/station-identity';
import type { TransferKindName } from '../../main/transfer/transfer-kinds';
import { TransferService } from '../../main/transfer/transfer-service';
import { buildMessage, writeMessageFile } from '../../main/transfer/write-message';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { openHarness, type Harness } from './core-harness';
import { until } from './wait';

// HQ (the demo PPE's HQ station 100001, an authorisation station in the HQ room) and a fresh room station (its own SQLite, not set up),
// two real cores sharing one folder-backed transfer drive, as two computers share one stick (issue 11, item 1).

export const HQ = '100001';
export const TECH_ID = 'W-42-5004';
export const TECH_PIN = '2468';
export const ACTOR: Actor = { staffId: null, name: 'технический специалист', roleCode: 7 };
/** The demo's organiser's station of room 0101: a room station of the training PPE. */
export const ROOM_STATION = '100101';
export const ROOM = '0101';

export interface RoomStations {
  drives: string;
  drive: string;
  driveId: string;
  hq: Harness;
  room: Harness;
  ctxOf(h: Harness, number: string): CoreContext;
  /** HQ takes what the drive holds for it, with the stations' appliers (as the transfer desk does). */
  hqImport(): ReturnType<TransferService['importFromDrive']>;
  journal(h: Harness, action: string): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function openRoomStations(): Promise<RoomStations> {
  const drives = mkdtempSync(join(tmpdir(), 'ppe-room-drives-'));
  const sim = new FolderDriveSimulator(drives);
  await sim.insert('transfer', { serial: 'TRANSFER-1', label: 'PERENOS', sizeBytes: 4 * 1024 ** 3, fileSystem: 'fat32' });
  const [info] = await sim.list();
  const hq = await openHarness({ drivesFolder: drives });
  const room = await openHarness({ demo: false, drivesFolder: drives });
  const ctxOf = (h: Harness, number: string): CoreContext => ({ db: h.core.db, clock: h.clock, events: h.core.events, stationNumber: () => number, outboxChanged: () => {} });
  return {
    drives,
    drive: info!.mountPath,
    driveId: info!.id,
    hq,
    room,
    ctxOf,
    hqImport() {
      const ctx = ctxOf(hq, HQ);
      const setup = loadTransferSetup(ctx, fileKeyProtector(hq.dataDir))!;
      return new TransferService(ctx, setup, stationsAppliers()).importFromDrive(ACTOR, info!.mountPath, []);
    },
    journal: (h, action) =>
      h.core.db
        .prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq')
        .all(action)
        .map((r) => JSON.parse(r.payload) as Record<string, unknown>),
    async close() {
      await hq.close();
      await room.close();
      rmSync(drives, { recursive: true, force: true });
    },
  };
}

/**
 * A message from a station nobody set up, signed with its own keys: what a forger (or a station of another PPE)
 * could put on the drive. Written the way stations write, so only its claims are wrong.
 */
export async function forgeMessage(
  drive: string,
  from: { station: string; role: 'hq' | 'room'; room: string | null; ppe?: { region: string; code: string }; keys?: StationKeyPairs },
  message: { receiver: Receiver; kind: TransferKindName; seq: number; payload: Record<string, unknown> },
): Promise<string> {
  const identity: StationIdentity = {
    ppe: from.ppe ?? { region: '42', code: '0412' },
    station: from.station,
    role: from.role,
    room: from.room,
    keys: from.keys ?? generateStationKeys(),
  };
  const bytes = buildMessage({ identity, peers: [], crypto: defaultStationCrypto }, { ...message, examDate: null, createdAt: new Date('2026-06-01T01:00:00.000Z') });
  return writeMessageFile(drive, message.receiver, messageFileName(from.station, message.seq, message.kind), bytes);
}

/** A well-formed set-up payload from an HQ identity (the transfer tests' own HQ), for a station of room `room`. */
export function setupPayloadFrom(hq: StationIdentity, station: string, room: string): Record<string, unknown> {
  return {
    payloadVersion: 1,
    setupId: randomUUID(),
    issuedAt: '2026-05-31T09:00:00.000Z',
    ppe: {
      regionCode: hq.ppe.region,
      regionName: 'Кемеровская область',
      code: hq.ppe.code,
      name: 'ППЭ',
      address: 'адрес',
      timeZone: 'Asia/Novokuznetsk',
      rcoiPublicKey: hq.keys.signing.publicKeySpkiBase64,
      trainingMode: true,
    },
    room: { code: room, name: `Аудитория ${room}`, seats: 15, specialConditions: false },
    station: { number: station, isReserve: false, currentKey: null },
    hq: { station: hq.station, room: { code: '7777', name: 'Штаб ППЭ' }, signingKey: hq.keys.signing.publicKeySpkiBase64, agreementKey: hq.keys.agreement.publicKeySpkiBase64 },
    staff: [],
  };
}

export interface PairedStations {
  /** The folder the simulated drives live in; the transfer drive is its `transfer` folder. */
  shared: string;
  hq: Harness;
  room: Harness;
  /** HQ's own keys, as the room pinned them. */
  hqKeys: StationKeyPairs;
  close(): Promise<void>;
}

/**
 * The demo PPE's HQ (station 100001, made the HQ station) and the organiser's station of room 0101 (100101), each a
 * real core on its own SQLite file, their keys made and pinned both ways as set-up does, sharing one folder-backed
 * drive that both stations' watchers see and each marks as its transfer drive; the technician signed in on both as
 * `session`. The room's copy of the demo roster stays unless `clearRoomRoster` (a set-up room station holds only what
 * HQ sends it; a test of the room's own journal or anchors does not need that).
 */
export async function openPairedStations(opts: { tmpPrefix: string; clearRoomRoster: boolean; session?: string }): Promise<PairedStations> {
  const session = opts.session ?? 'tech';
  const shared = mkdtempSync(join(tmpdir(), opts.tmpPrefix));
  const options = { drivesFolder: shared, drivePollMs: 30 };
  const hq = await openHarness(options);
  const room = await openHarness(options);
  hq.core.db.prepare("UPDATE station SET role = 'hq' WHERE number = ?").run(HQ);
  room.core.db.prepare("UPDATE setting SET value = ? WHERE key = 'station_number'").run(ROOM_STATION);
  if (opts.clearRoomRoster) room.core.db.exec('DELETE FROM seating; DELETE FROM staff_assignment;');
  const keysOf = (h: Harness) => ensureStationKeys({ db: h.core.db, clock: h.clock }, fileKeyProtector(h.dataDir));
  const hqKeys = keysOf(hq);
  const roomKeys = keysOf(room);
  const at = '2026-05-31T00:00:00.000Z';
  pinPeer(room.core.db, { station: HQ, role: 'hq', room: null, isReserve: false, signingKey: hqKeys.signing.publicKeySpkiBase64, agreementKey: hqKeys.agreement.publicKeySpkiBase64 }, at);
  pinPeer(hq.core.db, { station: ROOM_STATION, role: 'room', room: ROOM, isReserve: false, signingKey: roomKeys.signing.publicKeySpkiBase64, agreementKey: roomKeys.agreement.publicKeySpkiBase64 }, at);
  await hq.signInAs(session, 7);
  await room.signInAs(session, 7);
  // One stick, seen by both stations' watchers; each marks it as its transfer drive.
  await hq.call(session, 'drives/simulate', { action: 'insert', name: 'transfer' });
  for (const h of [hq, room]) {
    const seen = await until(() => h.call(session, 'transfer/overview', {}), (o) => o.drives.length === 1, 'the drive to be seen');
    await h.call(session, 'transfer/chooseDrive', { driveId: seen.drives[0]!.id });
  }
  return {
    shared,
    hq,
    room,
    hqKeys,
    async close() {
      await hq.close();
      await room.close();
      rmSync(shared, { recursive: true, force: true });
    },
  };
}
