import { sign } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateStationKeys } from '../../main/crypto/station-crypto';
import { stationsAppliers } from '../../main/stations/stations-service';
import { loadTransferSetup } from '../../main/stations/transfer-setup';
import { fileKeyProtector } from '../../main/sync/key-store';
import { frameMessage, messageFileName, TRANSFER_FOLDER, unframeMessage } from '../../main/transfer/message-format';
import { TransferService } from '../../main/transfer/transfer-service';
import { ACTOR, forgeMessage, HQ, openRoomStations, setupPayloadFrom, TECH_ID, TECH_PIN, type RoomStations } from '../support/room-stations';

// Issue 11, item 1: the two kinds that travel before a key is pinned (station.setup, station.reply) are verified
// against the key they carry, and nothing but the set-up flow — a person comparing fingerprints — ever pins a key.
// Hostile drives: a set-up from an HQ nobody pinned, a signature by another key than the one carried, claims that
// disagree, a path out of the drive, a planted link, a reply for a pinned number with a new key.

let s: RoomStations;
beforeEach(async () => {
  s = await openRoomStations();
});
afterEach(async () => {
  await s.close();
});

const NUMBER = '100104';
const pins = (h: RoomStations['hq']) => h.core.db.prepare('SELECT station, retired_at FROM station_peer ORDER BY id').all();

async function setUpRoom() {
  await s.hq.signInAs('hq', 7);
  const issued = await s.hq.call('hq', 'stations/prepare', { driveId: s.driveId, room: '0101', number: NUMBER, isReserve: false });
  const done = await s.room.call('room', 'roomSetup/take', { driveId: s.driveId, file: issued.file, hqFingerprint: issued.hqFingerprint, staffExternalId: TECH_ID, pin: TECH_PIN });
  return { issued, done };
}

/** The room station's ordinary import (as the transfer desk runs it), with the stations' appliers. */
function roomImport() {
  const ctx = s.ctxOf(s.room, NUMBER);
  return new TransferService(ctx, loadTransferSetup(ctx, fileKeyProtector(s.room.dataDir))!, stationsAppliers()).importFromDrive(ACTOR, s.drive, []);
}

/** Re-signs a message's exact bytes with another key: the header and payload unchanged, the signature a stranger's. */
function resign(path: string): void {
  const framed = unframeMessage(readFileSync(path));
  if (!framed.ok) throw new Error('not a message');
  const stranger = generateStationKeys();
  writeFileSync(path, frameMessage(framed.header, framed.body, (signed) => sign(null, signed, stranger.signing.privateKey)));
}

describe('set-up and reply files on a hostile drive', () => {
  it('a set-up from an HQ nobody pinned never pins anything through the ordinary import', async () => {
    await setUpRoom();
    const rogue = generateStationKeys();
    await forgeMessage(
      s.drive,
      { station: '100009', role: 'hq', room: null, keys: rogue },
      { receiver: { type: 'station', number: NUMBER }, kind: 'station.setup', seq: 1, payload: setupPayloadFrom({ ppe: { region: '42', code: '0412' }, station: '100009', role: 'hq', room: null, keys: rogue }, NUMBER, '0101') },
    );
    const report = await roomImport();
    // The set-up this station took is in its ledger already: left alone, not refused again.
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => r.error)).toEqual([{ code: 'TRANSFER_UNKNOWN_SENDER', params: { file: `station-${NUMBER}/${messageFileName('100009', 1, 'station.setup')}`, sender: '100009' } }]);
    expect(pins(s.room)).toEqual([{ station: HQ, retired_at: null }]);
  });

  it('a set-up signed by another key than the HQ key it carries: refused on the fresh station, nothing set up', async () => {
    await s.hq.signInAs('hq', 7);
    const issued = await s.hq.call('hq', 'stations/prepare', { driveId: s.driveId, room: '0101', number: NUMBER, isReserve: false });
    resign(join(s.drive, TRANSFER_FOLDER, issued.file));
    const listed = await s.room.call('room', 'roomSetup/files', { driveId: s.driveId });
    expect(listed.files.map((f) => f.problem?.code)).toEqual(['TRANSFER_BAD_SIGNATURE']);
    expect((await s.room.fail('room', 'roomSetup/take', { driveId: s.driveId, file: issued.file, hqFingerprint: issued.hqFingerprint, staffExternalId: TECH_ID, pin: TECH_PIN })).code).toBe(
      'TRANSFER_BAD_SIGNATURE',
    );
    expect((await s.room.call('room', 'app/info', {})).setup).toBe('notSetUp');
  });

  it('a set-up whose claims disagree (sender, station) is refused as damaged', async () => {
    const hq = generateStationKeys();
    const identity = { ppe: { region: '42', code: '0412' }, station: HQ, role: 'hq' as const, room: null, keys: hq };
    // Signed by the key it carries, but the header's sender is not the HQ the payload names.
    await forgeMessage(s.drive, { ...identity, station: '100002' }, { receiver: { type: 'station', number: NUMBER }, kind: 'station.setup', seq: 1, payload: setupPayloadFrom(identity, NUMBER, '0101') });
    // For station 100105 by its folder and header, for 100104 by its payload.
    await forgeMessage(s.drive, identity, { receiver: { type: 'station', number: '100105' }, kind: 'station.setup', seq: 1, payload: setupPayloadFrom(identity, NUMBER, '0101') });
    const listed = await s.room.call('room', 'roomSetup/files', { driveId: s.driveId });
    expect(listed.files.map((f) => [f.file.split('/')[0], f.problem?.code, f.problem?.params.reason])).toEqual([
      [`station-${NUMBER}`, 'TRANSFER_MALFORMED', 'payload'],
      ['station-100105', 'TRANSFER_MALFORMED', 'payload'],
    ]);
  });

  it('a path out of the drive, or a link where a station folder belongs, is never read', async () => {
    await s.hq.signInAs('hq', 7);
    const issued = await s.hq.call('hq', 'stations/prepare', { driveId: s.driveId, room: '0101', number: NUMBER, isReserve: false });
    for (const file of ['../../../etc/passwd', `station-${NUMBER}/../../x-1-station.setup.ppex`, `station-${NUMBER}\\..\\x.ppex`]) {
      const refused = await s.room.fail('room', 'roomSetup/take', { driveId: s.driveId, file, hqFingerprint: issued.hqFingerprint, staffExternalId: TECH_ID, pin: TECH_PIN });
      expect(refused.code).toBe('STATION_SETUP_GONE');
    }
    // A station folder that is a link to a folder holding a genuine set-up: not listed, not followed.
    const elsewhere = join(s.drives, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, messageFileName(HQ, 1, 'station.setup')), readFileSync(join(s.drive, TRANSFER_FOLDER, issued.file)));
    symlinkSync(elsewhere, join(s.drive, TRANSFER_FOLDER, 'station-100107'));
    const listed = await s.room.call('room', 'roomSetup/files', { driveId: s.driveId });
    expect(listed.files.map((f) => f.file)).toEqual([issued.file]);
    // A set-up file that is itself a link: refused by name, never opened.
    symlinkSync(join(elsewhere, messageFileName(HQ, 1, 'station.setup')), join(s.drive, TRANSFER_FOLDER, `station-${NUMBER}`, messageFileName(HQ, 9, 'station.setup')));
    const again = await s.room.call('room', 'roomSetup/files', { driveId: s.driveId });
    expect(again.files.map((f) => f.problem?.code ?? 'ok')).toEqual(['ok', 'TRANSFER_NOT_REGULAR']);
  });

  it('a reply for a pinned number with a new key, or signed by another key than it carries: nothing pinned, nothing replaced', async () => {
    const { issued, done } = await setUpRoom();
    await s.hqImport();
    expect(pins(s.hq)).toEqual([{ station: NUMBER, retired_at: null }]);
    const impostor = generateStationKeys();
    const reply = {
      payloadVersion: 1,
      setupId: issued.setupId,
      room: '0101',
      station: { number: NUMBER, isReserve: false, signingKey: impostor.signing.publicKeySpkiBase64, agreementKey: impostor.agreement.publicKeySpkiBase64 },
      repliedAt: '2026-06-01T01:00:00.000Z',
    };
    const claimed = await forgeMessage(s.drive, { station: NUMBER, role: 'room', room: '0101', keys: impostor }, { receiver: { type: 'hq' }, kind: 'station.reply', seq: 5, payload: reply });
    // Carries the genuine station's key, but signed by the impostor.
    const genuineKey = s.room.core.db.prepare<[], { signing_public: string; agreement_public: string }>('SELECT signing_public, agreement_public FROM station_key').get()!;
    const resigned = await forgeMessage(
      s.drive,
      { station: NUMBER, role: 'room', room: '0101', keys: impostor },
      { receiver: { type: 'hq' }, kind: 'station.reply', seq: 6, payload: { ...reply, station: { ...reply.station, signingKey: genuineKey.signing_public, agreementKey: genuineKey.agreement_public } } },
    );
    const report = await s.hqImport();
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => [r.file, r.error.code])).toEqual([
      [claimed, 'TRANSFER_UNKNOWN_SENDER'],
      [resigned, 'TRANSFER_BAD_SIGNATURE'],
    ]);
    const view = await s.hq.call('hq', 'stations/overview', {});
    expect(view.peers.map((p) => p.fingerprint)).toEqual([done.fingerprint]);
  });

  it('a move set-up found by the ordinary import is never taken by itself', async () => {
    await setUpRoom();
    await s.hqImport();
    const moved = await s.hq.call('hq', 'stations/move', { station: NUMBER, driveId: s.driveId, room: '0102', number: NUMBER, isReserve: false });
    const report = await roomImport();
    expect(report.taken).toEqual([]);
    expect(report.refused.map((r) => [r.file, r.error.code])).toEqual([[moved.file, 'STATION_SETUP_BY_HAND']]);
    expect((await s.room.call('room', 'app/info', {})).station?.auditoriumCode).toBe('0101');
  });
});
