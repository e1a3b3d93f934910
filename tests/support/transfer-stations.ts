import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStationCrypto, generateStationKeys, type StationKeyPairs } from '../../main/crypto/station-crypto';
import type { CoreContext, Actor } from '../../main/kernel/context';
import type { PinnedPeer, StationIdentity, TransferSetup } from '../../main/transfer/station-identity';
import { ledgerRows } from '../../main/transfer/transfer-ledger';
import { TransferService } from '../../main/transfer/transfer-service';
import { openHarness, type Harness } from './core-harness';

// Two stations of one PPE, each a real core on its own SQLite file, and a temp folder standing for the transfer
// drive they share: HQ (main station 0412001) and the organiser's station of room 0101 (0412101). Their keys are
// made here and pinned both ways, as set-up (issue 11, item 1) will do.

export const HQ = '0412001';
export const ROOM_STATION = '0412101';
export const ROOM = '0101';
export const EXAM_DATE = '2026-06-01';
export const ACTOR: Actor = { staffId: null, name: 'технический специалист', roleCode: 7 };

export interface Station {
  h: Harness;
  ctx: CoreContext;
  identity: StationIdentity;
  setup: TransferSetup;
  service: TransferService;
  /** The domain rows this station's appliers wrote: one per message applied. */
  applied(): { kind: string; seq: number; payload: string }[];
  journal(action: string): Record<string, unknown>[];
  ledger(): ReturnType<typeof ledgerRows>;
}

export interface Pair {
  drive: string;
  hq: Station;
  room: Station;
  /** A station of this PPE nobody pinned: its files are an unknown sender's. */
  strangerKeys: StationKeyPairs;
  close(): Promise<void>;
}

export function peerOf(identity: StationIdentity): PinnedPeer {
  return {
    station: identity.station,
    role: identity.role,
    room: identity.room,
    signingKey: identity.keys.signing.publicKeySpkiBase64,
    agreementKey: identity.keys.agreement.publicKeySpkiBase64,
  };
}

async function openStation(station: string, role: 'hq' | 'room', room: string | null, keys: StationKeyPairs): Promise<Omit<Station, 'setup' | 'service'>> {
  const h = await openHarness();
  h.core.db.exec('CREATE TABLE probe_applied (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL)');
  const ppe = h.core.db.prepare<[], { region_code: string; code: string }>('SELECT region_code, code FROM ppe').get()!;
  const ctx: CoreContext = { db: h.core.db, clock: h.clock, events: h.core.events, stationNumber: () => station, outboxChanged: () => {} };
  return {
    h,
    ctx,
    identity: { ppe: { region: ppe.region_code, code: ppe.code }, station, role, room, keys },
    applied: () => h.core.db.prepare<[], { kind: string; seq: number; payload: string }>('SELECT kind, seq, payload FROM probe_applied ORDER BY id').all(),
    journal: (action) =>
      h.core.db
        .prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq')
        .all(action)
        .map((r) => JSON.parse(r.payload) as Record<string, unknown>),
    ledger: () => ledgerRows(h.core.db),
  };
}

function withService(s: Omit<Station, 'setup' | 'service'>, peers: PinnedPeer[]): Station {
  const setup: TransferSetup = { identity: s.identity, peers, crypto: defaultStationCrypto };
  const apply = (kind: string) => (work: { db: CoreContext['db'] }, m: { header: { seq: number }; payload: Record<string, unknown> }) => {
    work.db.prepare('INSERT INTO probe_applied (kind, seq, payload) VALUES (?, ?, ?)').run(kind, m.header.seq, JSON.stringify(m.payload));
  };
  const service = new TransferService(s.ctx, setup, {
    'station.setup': apply('station.setup'),
    'room.data': apply('room.data'),
    'room.journal_extract': apply('room.journal_extract'),
  });
  return { ...s, setup, service };
}

export async function openPair(): Promise<Pair> {
  const drive = mkdtempSync(join(tmpdir(), 'ppe-transfer-drive-'));
  const hqBase = await openStation(HQ, 'hq', null, generateStationKeys());
  const roomBase = await openStation(ROOM_STATION, 'room', ROOM, generateStationKeys());
  const hq = withService(hqBase, [peerOf(roomBase.identity)]);
  const room = withService(roomBase, [peerOf(hqBase.identity)]);
  return {
    drive,
    hq,
    room,
    strangerKeys: generateStationKeys(),
    async close() {
      await hq.h.close();
      await room.h.close();
      rmSync(drive, { recursive: true, force: true });
    },
  };
}

/** What a refusal must leave as it was: the ledger and the domain rows. */
export function untouched(s: Station): unknown {
  return { ledger: s.ledger(), applied: s.applied() };
}

/**
 * A room.data payload of the shape its kind requires (main/transfer/room-data-format.ts) for ROOM on EXAM_DATE;
 * `marker` tells messages apart (the room's name says «Аудитория <marker>»).
 */
export function roomDataPayload(marker = 1): Record<string, unknown> {
  return {
    payloadVersion: 1,
    room: { code: ROOM, name: `Аудитория ${marker}`, seats: 15, specialConditions: false },
    exam: { date: EXAM_DATE, subjectCode: 1, subjectName: 'Русский язык', form: 'EGE', period: 'main', dayKind: 'main', startLocal: '10:00', durationMin: 210, specialExtraMin: 90 },
    participants: [
      { id: 'P-1', lastName: 'Иванова', firstName: 'Мария', middleName: 'Петровна', document: { series: '4510', number: '123456' }, seat: '1А', specialConditions: [] },
    ],
    staff: [{ id: 'S-1', lastName: 'Петров', firstName: 'Артём', middleName: 'Андреевич', roleCode: 2 }],
  };
}

/** The room's marker of a room.data payload as an applier stored it (probe_applied.payload). */
export function roomDataMarker(stored: string): string {
  return (JSON.parse(stored) as { room: { name: string } }).room.name;
}

/** An empty journal extract of ROOM_STATION for EXAM_DATE (main/transfer/journal-extract-format.ts). */
export function emptyJournalExtract(): Record<string, unknown> {
  return { payloadVersion: 1, station: ROOM_STATION, room: ROOM, examDate: EXAM_DATE, head: { seq: 0, hash: '' }, complete: true, entries: [] };
}
