import { fullName } from '../auth/pin-attempts';
import { hashPin, PIN_PATTERN } from '../auth/pin-hash';
import { isTrivialPin } from '../auth/pin-policy';
import { defaultStationCrypto } from '../crypto/station-crypto';
import { AppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type Actor, type CoreContext } from '../kernel/context';
import { act, recordAct, type Work } from '../kernel/unit-of-work';
import { assertKeyAllowed } from '../ppe/demo-keys';
import { readSetupState } from '../ppe/ppe-config';
import type { KeyProtector } from '../sync/key-store';
import { receiverKey, type MessageHeader } from '../transfer/message-format';
import type { StationSetupPayload } from '../transfer/station-setup-payloads';
import { insertLedgerRow } from '../transfer/transfer-ledger';
import { TransferService } from '../transfer/transfer-service';
import type { AppErrorPayload } from '../ipc/errors';
import { pinPeer } from './peers';
import { readSetupFile, type SetupFileRead } from './room-setup-files';
import { ensureStationKeys, stationFingerprint } from './station-keys';
import { loadTransferSetup } from './transfer-setup';

/** What the person chose on the room set-up screen. */
export interface RoomSetupRequest {
  driveRoot: string;
  /** The set-up file, by its path under PPE-TRANSFER/. */
  file: string;
  /** The HQ fingerprint the person compared with HQ's screen: the file must still carry that key. */
  hqFingerprint: string;
  /** Who sets the station up: a technical specialist listed in the file, who chooses their PIN here. */
  staffExternalId: string;
  pin: string;
}

export interface RoomSetupResult {
  station: string;
  room: string;
  isReserve: boolean;
  /** This station's own fingerprint: HQ's screen shows the same once it has taken the reply. */
  fingerprint: string;
  hqFingerprint: string;
  /** The reply on the drive for HQ, or why it could not be written (the station is set up all the same). */
  reply: { file: string } | { problem: AppErrorPayload };
}

/** The setting that remembers which set-up this station took: its reply quotes it. */
export const SETUP_ID_SETTING = 'station_setup_id';

/**
 * A fresh room station set up from HQ's set-up file (issue 11, item 1), with no network at all. The file was
 * verified against the HQ key it carries; the person compared that key's fingerprint with HQ's screen and confirmed.
 * Then ONE act writes the region, the PPE, the room and HQ's room, the station rows, this station's number, the
 * technical specialists (the one setting it up with the PIN they chose), HQ's pinned keys, the set-up file's ledger
 * row (so a later import finds it taken), this station's own keys, and the journal entry. After it, the reply with
 * this station's public keys goes to the drive for HQ.
 */
export async function takeRoomSetup(ctx: CoreContext, protector: KeyProtector, request: RoomSetupRequest): Promise<RoomSetupResult> {
  if (readSetupState(ctx.db) !== 'notSetUp') throw new AppError('STATION_ALREADY_SET_UP');
  const read = await readSetupFile(defaultStationCrypto, request.driveRoot, request.file);
  const setup = acceptable(ctx, read);
  const p = setup.payload;
  if (p.station.currentKey !== null) {
    throw new AppError('STATION_SETUP_NOT_THIS_STATION', { file: request.file, reason: 'move_on_fresh' });
  }
  if (stationFingerprint(p.hq.signingKey) !== request.hqFingerprint) throw new AppError('STATION_SETUP_FINGERPRINT_CHANGED');
  const person = p.staff.find((s) => s.externalId === request.staffExternalId && s.roleCode === 7);
  if (!person) throw new AppError('STATION_SETUP_PERSON_UNKNOWN');
  if (!PIN_PATTERN.test(request.pin)) throw new AppError('PIN_FORMAT');
  if (isTrivialPin(request.pin)) throw new AppError('PIN_TOO_SIMPLE');
  // A real PPE never pins the demo RCOI key (migration 0060 would refuse the row too, less clearly).
  assertKeyAllowed(p.ppe.rcoiPublicKey, p.ppe.trainingMode);
  const pinHash = await hashPin(request.pin);
  const name = fullName({ last_name: person.lastName, first_name: person.firstName, middle_name: person.middleName });
  const actor: Actor = { staffId: null, name, roleCode: 7 };

  const fingerprint = act(ctx, actor, (work) => {
    // Looked at again inside the act: two set-ups at once, or training chosen meanwhile, set up nothing twice.
    if (readSetupState(work.db) !== 'notSetUp') throw new AppError('STATION_ALREADY_SET_UP');
    const db = work.db;
    db.prepare('INSERT INTO region (code, name) VALUES (?, ?)').run(p.ppe.regionCode, p.ppe.regionName);
    db.prepare(
      `INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
       VALUES (1, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    ).run(p.ppe.regionCode, p.ppe.code, p.ppe.name, p.ppe.address, p.ppe.timeZone, p.ppe.rcoiPublicKey, p.ppe.trainingMode ? 1 : 0);
    const room = db.prepare('INSERT INTO auditorium (code, name, seats, is_headquarters, special_conditions) VALUES (?, ?, ?, 0, ?)');
    room.run(p.room.code, p.room.name, p.room.seats, p.room.specialConditions ? 1 : 0);
    if (p.hq.room.code !== p.room.code) {
      db.prepare('INSERT INTO auditorium (code, name, seats, is_headquarters) VALUES (?, ?, 0, 1)').run(p.hq.room.code, p.hq.room.name);
    }
    const station = db.prepare('INSERT INTO station (number, role, auditorium_code, is_reserve) VALUES (?, ?, ?, ?)');
    station.run(p.station.number, 'organizer', p.room.code, p.station.isReserve ? 1 : 0);
    station.run(p.hq.station, 'hq', p.hq.room.code, 0);
    db.prepare("INSERT INTO setting (key, value) VALUES ('station_number', ?)").run(p.station.number);
    db.prepare('INSERT INTO setting (key, value) VALUES (?, ?)').run(SETUP_ID_SETTING, p.setupId);
    const staff = db.prepare('INSERT INTO staff (external_id, last_name, first_name, middle_name, role_code, pin_hash) VALUES (?, ?, ?, ?, ?, ?)');
    let staffId = 0;
    for (const s of p.staff) {
      const own = s.externalId === person.externalId;
      const id = Number(staff.run(s.externalId, s.lastName, s.firstName, s.middleName, s.roleCode, own ? pinHash : null).lastInsertRowid);
      if (own) staffId = id;
    }
    pinPeer(db, { station: p.hq.station, role: 'hq', room: null, isReserve: false, signingKey: p.hq.signingKey, agreementKey: p.hq.agreementKey }, work.at.toISOString());
    recordSetupTaken(work, setup, read);
    const keys = ensureStationKeys({ db, clock: ctx.clock }, protector);
    const own = stationFingerprint(keys.signing.publicKeySpkiBase64);
    work.record('station.set_up', {
      setupId: p.setupId,
      station: p.station.number,
      room: p.room.code,
      isReserve: p.station.isReserve,
      ppeCode: p.ppe.code,
      training: p.ppe.trainingMode,
      hqStation: p.hq.station,
      hqFingerprint: stationFingerprint(p.hq.signingKey),
      fingerprint: own,
      staffId,
      staffName: name,
    });
    work.changed('stations', 'staff', 'roster');
    return own;
  });

  const reply = await writeStationReply(ctx, protector, { ...actor }, request.driveRoot).then(
    (r) => ({ file: r.file }),
    (e: unknown) => ({ problem: (e instanceof AppError ? e : new AppError('INTERNAL', { detail: String(e) })).toPayload() }),
  );
  return { station: p.station.number, room: p.room.code, isReserve: p.station.isReserve, fingerprint, hqFingerprint: stationFingerprint(p.hq.signingKey), reply };
}

/** A set-up file that verified; a refused one is journaled (transfer.refused) and its error thrown. */
export function acceptable(ctx: CoreContext, read: SetupFileRead): Extract<SetupFileRead['verdict'], { ok: true }> {
  const v = read.verdict;
  if (v.ok) return v;
  if (v.error.code !== 'STATION_SETUP_GONE') {
    recordAct(ctx, SYSTEM_ACTOR, 'transfer.refused', {
      file: read.file.slice(0, 200),
      ...v.claimed,
      sha256: read.sha256,
      error: v.error.toPayload(),
    });
  }
  throw v.error;
}

/** The set-up file as taken in the transfer ledger (and its journal line), so a later import finds it taken. */
export function recordSetupTaken(
  work: Work,
  setup: { header: MessageHeader; payload: StationSetupPayload },
  read: SetupFileRead,
): void {
  const receiver = receiverKey(setup.header.receiver);
  insertLedgerRow(work.db, {
    direction: 'received',
    sender: setup.header.sender,
    seq: setup.header.seq,
    receiver,
    kind: 'station.setup',
    examDate: null,
    createdAt: setup.header.createdAt,
    sha256: read.sha256!,
    fileName: read.file,
    recordedAt: work.at.toISOString(),
  });
  work.record('transfer.received', {
    file: read.file,
    sender: setup.header.sender,
    receiver,
    kind: 'station.setup',
    seq: setup.header.seq,
    examDate: null,
    createdAt: setup.header.createdAt,
    sha256: read.sha256!,
    late: false,
    missing: 0,
  });
}

/**
 * This station's reply to the set-up it took: its public keys, signed with its own new key, in PPE-TRANSFER/hq/.
 * Written again by hand if the first write failed (the drive was pulled); HQ takes one reply per set-up.
 */
export async function writeStationReply(ctx: CoreContext, protector: KeyProtector, actor: Actor, driveRoot: string): Promise<{ file: string }> {
  const setup = loadTransferSetup(ctx, protector);
  const setupId = ctx.db.prepare<[string], { value: string }>('SELECT value FROM setting WHERE key = ?').get(SETUP_ID_SETTING)?.value;
  if (!setup || !setupId || setup.identity.role !== 'room' || setup.identity.room === null) throw new AppError('STATION_NOT_SET_UP');
  const own = ctx.db
    .prepare<[string], { is_reserve: number }>('SELECT is_reserve FROM station WHERE number = ?')
    .get(setup.identity.station)!;
  const written = await new TransferService(ctx, setup).write(actor, driveRoot, {
    receiver: { type: 'hq' },
    kind: 'station.reply',
    examDate: null,
    payload: {
      payloadVersion: 1,
      setupId,
      room: setup.identity.room,
      station: {
        number: setup.identity.station,
        isReserve: own.is_reserve === 1,
        signingKey: setup.identity.keys.signing.publicKeySpkiBase64,
        agreementKey: setup.identity.keys.agreement.publicKeySpkiBase64,
      },
      repliedAt: ctx.clock.now().toISOString(),
    },
  });
  return { file: written.file };
}

