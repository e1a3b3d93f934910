import { randomUUID } from 'node:crypto';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import { readPpeConfig, readSetting } from '../ppe/ppe-config';
import type { KeyProtector } from '../sync/key-store';
import type { StationsOverview } from '../ipc/slices/stations';
import type { TransferSetup } from '../transfer/station-identity';
import type { StationSetupPayload } from '../transfer/station-setup-payloads';
import { TransferService } from '../transfer/transfer-service';
import { pinnedPeers, retirePeer } from './peers';
import { ensureStationKeys, stationFingerprint } from './station-keys';
import type { StationDrives } from './station-drives';
import { insertSetup, listSetups, numberTaken } from './station-setups';
import { loadTransferSetup } from './transfer-setup';

export { stationsAppliers } from './station-reply';

export interface IssueRequest {
  driveId: string;
  room: string;
  number: string;
  isReserve: boolean;
}

/**
 * The stations of the PPE as HQ keeps them (issue 11, item 1): it prepares a room station's set-up file on the
 * transfer drive (a new station, or a station moved to another room or number), and lists what it pinned and what
 * still awaits a reply. The reply itself is taken by the transfer drive's import, through `stationsAppliers`
 * (station-reply.ts), which pins the station's keys in the act that takes it.
 */
export class StationsService {
  /** Set-ups are issued one at a time: two at once must not both take one number. */
  private issuing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: CoreContext,
    private readonly protector: KeyProtector,
    private readonly drives: StationDrives,
  ) {}

  overview(): StationsOverview {
    const { db } = this.ctx;
    const roomNames = new Map(
      db.prepare<[], { code: string; name: string }>('SELECT code, name FROM auditorium').all().map((r) => [r.code, r.name]),
    );
    const number = readSetting(db, 'station_number');
    const own = number
      ? db.prepare<[string], { role: string; auditorium_code: string }>('SELECT role, auditorium_code FROM station WHERE number = ?').get(number)
      : undefined;
    // HQ and a training station make their keys the first time they need them: showing the fingerprint is one.
    const keys = own ? ensureStationKeys(this.ctx, this.protector) : null;
    // As loadTransferSetup has it: an organiser's station serves a room, every other station works in the HQ.
    const hq = own ? own.role !== 'organizer' : false;
    return {
      thisStation:
        number && own
          ? { number, role: hq ? 'hq' : 'room', room: hq ? null : own.auditorium_code, fingerprint: keys ? stationFingerprint(keys.signing.publicKeySpkiBase64) : null }
          : null,
      peers: pinnedPeers(db).map((p) => ({
        station: p.station,
        role: p.role,
        room: p.room,
        roomName: p.room ? (roomNames.get(p.room) ?? null) : null,
        isReserve: p.isReserve,
        fingerprint: stationFingerprint(p.signingKey),
        pinnedAt: p.pinnedAt,
      })),
      setups: listSetups(db).map((s) => ({
        setupId: s.setupId,
        station: s.station,
        room: s.room,
        roomName: roomNames.get(s.room) ?? null,
        isReserve: s.isReserve,
        movedFrom: s.movedFrom,
        issuedAt: s.issuedAt,
        file: s.file,
        answeredAt: s.answeredAt,
        fingerprint: s.answerKey ? stationFingerprint(s.answerKey) : null,
      })),
      rooms: db
        .prepare<[], { code: string; name: string }>('SELECT code, name FROM auditorium WHERE is_headquarters = 0 ORDER BY code')
        .all(),
    };
  }

  /** A new room station: its set-up file on the transfer drive, recorded and journaled. */
  prepare(actor: Actor, request: IssueRequest): Promise<{ setupId: string; file: string; hqFingerprint: string }> {
    return this.serially(() => this.issue(actor, request, null));
  }

  /**
   * Moves a pinned room station to another room or number: its pin is retired (what it signed before stays
   * attributable), and a set-up naming its current key is written for it; the station takes it over its existing
   * identity and replies, and HQ pins it again at its new place.
   */
  move(actor: Actor, station: string, request: IssueRequest): Promise<{ setupId: string; file: string; hqFingerprint: string }> {
    return this.serially(() => {
      // A station whose move is still unanswered (its file lost, say) is moved again with the key that move named.
      const peer = pinnedPeers(this.ctx.db).find((p) => p.station === station && p.role === 'room') ?? pendingMove(this.ctx.db, station);
      if (!peer) throw new AppError('STATION_NOT_PINNED', { station });
      return this.issue(actor, request, peer);
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.issuing.then(work);
    this.issuing = run.catch(() => undefined);
    return run;
  }

  private async issue(
    actor: Actor,
    request: IssueRequest,
    moving: Moving | null,
  ): Promise<{ setupId: string; file: string; hqFingerprint: string }> {
    const setup = this.hqSetup();
    const { db } = this.ctx;
    const room = db
      .prepare<[string], { code: string; name: string; seats: number; special_conditions: number }>(
        'SELECT code, name, seats, special_conditions FROM auditorium WHERE code = ? AND is_headquarters = 0',
      )
      .get(request.room);
    if (!room) throw new AppError('STATION_ROOM_UNKNOWN', { room: request.room });
    // A move may keep its number (another room); any other number must be new to the PPE.
    const keepsNumber = moving !== null && (moving.station === request.number || moving.pendingNumber === request.number);
    if (!keepsNumber && numberTaken(db, request.number)) throw new AppError('STATION_NUMBER_TAKEN', { number: request.number });
    const driveRoot = await this.drives.mountPathOf(request.driveId);

    const setupId = randomUUID();
    const payload = this.setupPayload(setup, setupId, room, request, moving?.signingKey ?? null);
    const transfer = new TransferService(this.ctx, setup);
    const written = await transfer.write(actor, driveRoot, {
      receiver: { type: 'station', number: request.number },
      kind: 'station.setup',
      examDate: null,
      payload,
    });
    const hqFingerprint = stationFingerprint(setup.identity.keys.signing.publicKeySpkiBase64);
    act(this.ctx, actor, (work) => {
      const at = work.at.toISOString();
      insertSetup(work.db, {
        setupId,
        station: request.number,
        room: room.code,
        isReserve: request.isReserve,
        movesKey: moving?.signingKey ?? null,
        movedFrom: moving?.station ?? null,
        issuedAt: at,
        issuedBy: actor.staffId,
        file: written.file,
      });
      if (moving) {
        retirePeer(work.db, moving.station, at);
        work.record('station.move_issued', {
          setupId,
          fromStation: moving.station,
          fromRoom: moving.room,
          station: request.number,
          room: room.code,
          isReserve: request.isReserve,
          fingerprint: stationFingerprint(moving.signingKey),
          file: written.file,
        });
      } else {
        work.record('station.setup_issued', { setupId, station: request.number, room: room.code, isReserve: request.isReserve, file: written.file });
      }
      work.changed('stations');
    });
    return { setupId, file: written.file, hqFingerprint };
  }

  /** This station's transfer set-up, as HQ: only HQ prepares room stations. */
  private hqSetup(): TransferSetup {
    const setup = loadTransferSetup(this.ctx, this.protector);
    if (!setup) throw new AppError('STATION_NOT_SET_UP');
    if (setup.identity.role !== 'hq') throw new AppError('STATION_NOT_HQ');
    return setup;
  }

  private setupPayload(
    setup: TransferSetup,
    setupId: string,
    room: { code: string; name: string; seats: number; special_conditions: number },
    request: IssueRequest,
    currentKey: string | null,
  ): StationSetupPayload {
    const { db } = this.ctx;
    const ppe = readPpeConfig(db);
    const hqRoom = db
      .prepare<[string], { code: string; name: string }>(
        'SELECT a.code, a.name FROM station s JOIN auditorium a ON a.code = s.auditorium_code WHERE s.number = ?',
      )
      .get(setup.identity.station)!;
    // The technical specialists may set the room station up and sign in on it first: names and role codes only.
    const staff = db
      .prepare<[], { external_id: string; last_name: string; first_name: string; middle_name: string; role_code: number }>(
        'SELECT external_id, last_name, first_name, middle_name, role_code FROM staff WHERE role_code = 7 AND from_bundle = 0 ORDER BY last_name, first_name LIMIT 200',
      )
      .all()
      .map((s) => ({ externalId: s.external_id, lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name, roleCode: s.role_code }));
    return {
      payloadVersion: 1,
      setupId,
      issuedAt: this.ctx.clock.now().toISOString(),
      ppe: {
        regionCode: ppe.regionCode,
        regionName: ppe.regionName,
        code: ppe.code,
        name: ppe.name,
        address: ppe.address,
        timeZone: ppe.timeZone,
        rcoiPublicKey: ppe.rcoiPublicKey,
        trainingMode: ppe.trainingMode,
      },
      room: { code: room.code, name: room.name, seats: room.seats, specialConditions: room.special_conditions === 1 },
      station: { number: request.number, isReserve: request.isReserve, currentKey },
      hq: {
        station: setup.identity.station,
        room: hqRoom,
        signingKey: setup.identity.keys.signing.publicKeySpkiBase64,
        agreementKey: setup.identity.keys.agreement.publicKeySpkiBase64,
      },
      staff,
    };
  }
}

/** A station being moved: where it is pinned (or was, before a move still unanswered), and its key. */
interface Moving {
  station: string;
  room: string | null;
  signingKey: string;
  /** The number an unanswered move gave it: issuing the move again may name it again. */
  pendingNumber?: string;
}

/** The latest unanswered move of a station (by the number it had), with the key that move named. */
function pendingMove(db: CoreContext['db'], station: string): Moving | null {
  const row = db
    .prepare<[string], { station: string; moves_key: string }>(
      `SELECT station, moves_key FROM station_setup WHERE moved_from = ? AND moves_key IS NOT NULL AND answered_at IS NULL
       ORDER BY issued_at DESC, rowid DESC LIMIT 1`,
    )
    .get(station);
  if (!row) return null;
  const was = db
    .prepare<[string, string], { room: string | null }>('SELECT room FROM station_peer WHERE station = ? AND signing_key = ? ORDER BY id DESC LIMIT 1')
    .get(station, row.moves_key);
  return { station, room: was?.room ?? null, signingKey: row.moves_key, pendingNumber: row.station };
}
