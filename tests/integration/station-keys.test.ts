import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fileKeyProtector } from '../../main/sync/key-store';
import { ensureStationKeys, loadStationKeys, stationFingerprint } from '../../main/stations/station-keys';
import { loadTransferSetup } from '../../main/stations/transfer-setup';
import { pinPeer, pinnedPeers, retirePeer } from '../../main/stations/peers';
import { openHarness, type Harness } from '../support/core-harness';

// The station's own transfer keys (migration 0110): made once, sealed, never replaced; the fingerprint people
// compare on two screens; pinned peers retired, never rewritten.

let h: Harness;
afterEach(async () => h?.close());

const spki = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

describe('station keys', () => {
  it('are made once, sealed at rest, and the same after a restart', async () => {
    h = await openHarness();
    const protector = fileKeyProtector(h.dataDir);
    const ctx = { db: h.core.db, clock: h.clock };
    expect(loadStationKeys(ctx, protector)).toBeNull();
    const first = ensureStationKeys(ctx, protector);
    const row = h.core.db.prepare<[], { signing_private_sealed: string; agreement_private_sealed: string }>('SELECT * FROM station_key').get()!;
    // The private halves are stored sealed: no PKCS#8 DER (which starts 0x30) in base64 ('M') and no PEM.
    for (const sealed of [row.signing_private_sealed, row.agreement_private_sealed]) {
      expect(sealed.startsWith('v1.')).toBe(true);
      expect(sealed).not.toContain('PRIVATE KEY');
    }
    await h.reopen();
    const again = ensureStationKeys({ db: h.core.db, clock: h.clock }, fileKeyProtector(h.dataDir));
    expect(again.signing.publicKeySpkiBase64).toBe(first.signing.publicKeySpkiBase64);
    expect(again.agreement.publicKeySpkiBase64).toBe(first.agreement.publicKeySpkiBase64);
    expect(() => h.core.db.prepare('DELETE FROM station_key').run()).toThrow(/never replaced/);
    expect(() => h.core.db.prepare("UPDATE station_key SET signing_public = 'x'").run()).toThrow(/never replaced/);
  });

  it('refuse a stored public key that is not the sealed private key’s (a database rewritten without the keychain)', async () => {
    h = await openHarness();
    const protector = fileKeyProtector(h.dataDir);
    ensureStationKeys({ db: h.core.db, clock: h.clock }, protector);
    // An attacker with the file (not the keychain) drops the guard and puts in a public key of their own.
    h.core.db.exec('DROP TRIGGER station_key_is_kept_update');
    h.core.db.prepare('UPDATE station_key SET signing_public = ?').run(spki());
    expect(() => loadStationKeys({ db: h.core.db }, protector)).toThrow(/do not match/);
  });

  it('give the training HQ a transfer identity with its number and no room', async () => {
    h = await openHarness();
    const setup = loadTransferSetup({ db: h.core.db, clock: h.clock }, fileKeyProtector(h.dataDir))!;
    expect(setup.identity).toMatchObject({ ppe: { region: '42', code: '0412' }, role: 'hq', room: null });
    expect(setup.identity.station).toMatch(/^\d+$/);
    expect(setup.peers).toEqual([]);
  });

  it('are not made for a station that is not set up', async () => {
    h = await openHarness({ demo: false });
    expect(loadTransferSetup({ db: h.core.db, clock: h.clock }, fileKeyProtector(h.dataDir))).toBeNull();
    expect(h.core.db.prepare('SELECT count(*) AS n FROM station_key').get()).toEqual({ n: 0 });
  });
});

describe('fingerprints', () => {
  it('are five groups of four digits, stable for a key and different for another', () => {
    const key = spki();
    const f = stationFingerprint(key);
    expect(f).toMatch(/^\d{4} \d{4} \d{4} \d{4} \d{4}$/);
    expect(stationFingerprint(key)).toBe(f);
    expect(stationFingerprint(spki())).not.toBe(f);
  });
});

describe('pinned peers', () => {
  it('are retired, never rewritten, and a number or key is pinned live once', async () => {
    h = await openHarness();
    const db = h.core.db;
    const peer = { station: '0412101', role: 'room' as const, room: '0101', isReserve: false, signingKey: spki(), agreementKey: spki() };
    pinPeer(db, peer, '2026-05-30T07:00:00.000Z');
    expect(() => pinPeer(db, { ...peer, signingKey: spki() }, '2026-05-30T07:01:00.000Z')).toThrow(/UNIQUE/);
    expect(() => pinPeer(db, { ...peer, station: '0412102' }, '2026-05-30T07:01:00.000Z')).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE station_peer SET room = '0102'").run()).toThrow(/retired, never rewritten/);
    expect(() => db.prepare('DELETE FROM station_peer').run()).toThrow(/never deleted/);
    expect(retirePeer(db, '0412101', '2026-05-30T08:00:00.000Z')).toBe(true);
    expect(retirePeer(db, '0412101', '2026-05-30T08:00:00.000Z')).toBe(false);
    expect(() => db.prepare("UPDATE station_peer SET retired_at = NULL").run()).toThrow(/retired, never rewritten/);
    // Moved: the same key pinned again under its new room.
    pinPeer(db, { ...peer, room: '0102' }, '2026-05-30T08:00:00.000Z');
    expect(pinnedPeers(db).map((p) => [p.station, p.room])).toEqual([['0412101', '0102']]);
  });
});
