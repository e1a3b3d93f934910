import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anchorBytes, type AnchorFacts } from '../../main/anchors/anchor-bytes';
import { ownAnchors } from '../../main/anchors/anchor-store';
import { anchorsAppliers } from '../../main/anchors/room-anchors';
import { writePendingAnchors } from '../../main/anchors/anchor-service';
import { defaultStationCrypto, generateStationKeys, type StationKeyPairs } from '../../main/crypto/station-crypto';
import type { Actor, CoreContext } from '../../main/kernel/context';
import { pinPeer } from '../../main/stations/peers';
import { ensureStationKeys } from '../../main/stations/station-keys';
import { fileKeyProtector } from '../../main/sync/key-store';
import type { PinnedPeer, StationIdentity } from '../../main/transfer/station-identity';
import { TransferService } from '../../main/transfer/transfer-service';
import { openHarness, type Harness } from '../support/core-harness';

// A room station's journal anchors travel to HQ on the transfer drive (`room.journal_anchor`), and HQ keeps each
// one only if its own signature holds under the room station's pinned key. Two real cores, each its own SQLite
// file and sealed key, and a temp folder standing for the drive.

const HQ = '0412001';
const ROOM_STATION = '0412101';
const ROOM = '0101';
const ACTOR: Actor = { staffId: null, name: 'технический специалист', roleCode: 7 };

interface Side {
  h: Harness;
  ctx: CoreContext;
  identity: StationIdentity;
  service: TransferService;
}

let drive: string;
let hq: Side;
let room: Side;

const peerOf = (i: StationIdentity): PinnedPeer => ({
  station: i.station,
  role: i.role,
  room: i.room,
  signingKey: i.keys.signing.publicKeySpkiBase64,
  agreementKey: i.keys.agreement.publicKeySpkiBase64,
});

async function openSide(station: string, role: 'hq' | 'room', roomCode: string | null, keys: (h: Harness) => StationKeyPairs) {
  const h = await openHarness();
  // The training PPE stands in for a real one; this station takes the number it has in the exchange.
  h.core.db.prepare("UPDATE setting SET value = ? WHERE key = 'station_number'").run(station);
  const ctx: CoreContext = { db: h.core.db, clock: h.clock, events: h.core.events, stationNumber: () => station, outboxChanged: () => {} };
  const identity: StationIdentity = { ppe: { region: '42', code: '0412' }, station, role, room: roomCode, keys: keys(h) };
  return { h, ctx, identity };
}

beforeEach(async () => {
  drive = mkdtempSync(join(tmpdir(), 'ppe-anchor-drive-'));
  // The room station signs its anchors with its own sealed key: the same key its transfer messages are signed with.
  const r = await openSide(ROOM_STATION, 'room', ROOM, (h) => ensureStationKeys({ db: h.core.db, clock: h.clock }, fileKeyProtector(h.dataDir)));
  const q = await openSide(HQ, 'hq', null, () => generateStationKeys());
  // HQ pinned the room station at set-up (item 1): its pinned key is what the anchors are checked against.
  pinPeer(q.h.core.db, { ...peerOf(r.identity), isReserve: false }, '2026-05-31T08:00:00.000Z');
  hq = { ...q, service: new TransferService(q.ctx, { identity: q.identity, peers: [peerOf(r.identity)], crypto: defaultStationCrypto }, anchorsAppliers()) };
  room = { ...r, service: new TransferService(r.ctx, { identity: r.identity, peers: [peerOf(q.identity)], crypto: defaultStationCrypto }) };
});
afterEach(async () => {
  await hq.h.close();
  await room.h.close();
  rmSync(drive, { recursive: true, force: true });
});

const received = () =>
  hq.h.core.db
    .prepare<[], { station: string; anchor_no: number; seq: number; entry_hash: string; signature: string }>(
      "SELECT station, anchor_no, seq, entry_hash, signature FROM journal_anchor WHERE origin = 'received' ORDER BY anchor_no",
    )
    .all();
const journal = (s: Side, action: string) =>
  s.h.core.db
    .prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq')
    .all(action)
    .map((r) => JSON.parse(r.payload) as Record<string, unknown>);

/** A room.journal_anchor message written by the room station with anchors made by hand (a forger's). */
function writeForged(anchors: (AnchorFacts & { signingKey: string; signature: string })[]) {
  return room.service.write(ACTOR, drive, {
    receiver: { type: 'hq' },
    kind: 'room.journal_anchor',
    examDate: null,
    payload: { anchors: anchors.map((a) => ({ ...a, reason: 'manual' })) },
  });
}

function signedBy(keys: StationKeyPairs, facts: AnchorFacts) {
  return {
    ...facts,
    signingKey: keys.signing.publicKeySpkiBase64,
    signature: defaultStationCrypto.sign(keys.signing.privateKey, anchorBytes(facts)).toString('base64'),
  };
}

describe('a room station’s anchors at HQ', () => {
  it('go on the drive once each, and HQ keeps them (checked against the pinned key) and forwards them to RCOI', async () => {
    room.h.core.anchors.anchorNow(ACTOR, 'manual');
    const first = await writePendingAnchors(room.h.core.anchors, room.service, ACTOR, drive);
    expect(first).toMatchObject({ written: 1, files: [{ file: `hq/${ROOM_STATION}-00000001-room.journal_anchor.ppex`, seq: 1 }] });
    // Writing is itself a handover: its anchor is made right after and waits for the next write.
    expect(ownAnchors(room.h.core.db).map((a) => [a.anchorNo, a.reason])).toEqual([
      [1, 'manual'],
      [2, 'handover'],
    ]);

    const report = await hq.service.importFromDrive(ACTOR, drive, []);
    expect(report.refused).toEqual([]);
    expect(report.taken).toMatchObject([{ kind: 'room.journal_anchor', sender: ROOM_STATION, seq: 1 }]);
    const mine = ownAnchors(room.h.core.db);
    expect(received()).toEqual([{ station: ROOM_STATION, anchor_no: 1, seq: mine[0]!.seq, entry_hash: mine[0]!.entryHash, signature: mine[0]!.signature }]);
    expect(journal(hq, 'journal.anchor_received')).toEqual([
      { station: ROOM_STATION, anchorNo: 1, seq: mine[0]!.seq, entryHash: mine[0]!.entryHash, signedAt: mine[0]!.signedAt },
    ]);
    const forwarded = hq.h.core.db
      .prepare<[], { payload: string }>("SELECT payload FROM outbox WHERE kind = 'journal.anchor'")
      .all()
      .map((r) => JSON.parse(r.payload) as { station: string; anchorNo: number });
    expect(forwarded.filter((a) => a.station === ROOM_STATION).map((a) => a.anchorNo)).toEqual([1]);

    // The next write carries only what was not written yet.
    const second = await writePendingAnchors(room.h.core.anchors, room.service, ACTOR, drive);
    expect(second).toMatchObject({ written: 1, files: [{ file: `hq/${ROOM_STATION}-00000002-room.journal_anchor.ppex`, seq: 2 }] });
    await hq.service.importFromDrive(ACTOR, drive, []);
    expect(received().map((a) => a.anchor_no)).toEqual([1, 2]);
    // The same drive again: already taken, nothing new.
    const again = await hq.service.importFromDrive(ACTOR, drive, []);
    expect(again.taken).toEqual([]);
    expect(received()).toHaveLength(2);
  });

  it('an anchor with a bad signature, another key or another station’s number is refused, journaled and not kept', async () => {
    const keys = ensureStationKeys({ db: room.h.core.db, clock: room.h.clock }, fileKeyProtector(room.h.dataDir));
    const facts: AnchorFacts = {
      region: '42',
      ppeCode: '0412',
      station: ROOM_STATION,
      anchorNo: 1,
      seq: 5,
      entryHash: 'ab'.repeat(32),
      signedAt: '2026-06-01T01:00:00.000Z',
    };
    const good = signedBy(keys, facts);
    const stranger = generateStationKeys();
    await writeForged([
      // The room's key named, but the signature does not hold for these fields (its seq was changed after signing).
      { ...good, seq: 6 },
      // Signed, but by a key HQ never pinned for this station.
      signedBy(stranger, { ...facts, anchorNo: 2 }),
      // Another station's anchor carried in this station's message.
      signedBy(keys, { ...facts, anchorNo: 3, station: '0412102' }),
      // Another PPE's.
      signedBy(keys, { ...facts, anchorNo: 4, ppeCode: '0999' }),
    ]);
    const report = await hq.service.importFromDrive(ACTOR, drive, []);
    // The message itself is the room station's, signed and pinned: it is taken; its bad anchors are not.
    expect(report.taken).toHaveLength(1);
    expect(received()).toEqual([]);
    expect(journal(hq, 'journal.anchor_refused')).toEqual([
      { station: ROOM_STATION, anchorNo: 1, seq: 6, reason: 'bad_signature' },
      { station: ROOM_STATION, anchorNo: 2, seq: 5, reason: 'unknown_key' },
      { station: '0412102', anchorNo: 3, seq: 5, reason: 'not_sender' },
      { station: ROOM_STATION, anchorNo: 4, seq: 5, reason: 'other_ppe' },
    ]);
    expect(journal(hq, 'journal.anchor_received')).toEqual([]);

    // The good one is kept; the same number later with other content (a rewritten room journal) is a conflict.
    await writeForged([good]);
    await hq.service.importFromDrive(ACTOR, drive, []);
    expect(received().map((a) => [a.anchor_no, a.seq])).toEqual([[1, 5]]);
    await writeForged([signedBy(keys, { ...facts, seq: 9, entryHash: 'cd'.repeat(32) })]);
    await hq.service.importFromDrive(ACTOR, drive, []);
    expect(received().map((a) => [a.anchor_no, a.seq])).toEqual([[1, 5]]);
    expect(journal(hq, 'journal.anchor_refused').at(-1)).toEqual({ station: ROOM_STATION, anchorNo: 1, seq: 9, reason: 'conflict' });
  });
});
