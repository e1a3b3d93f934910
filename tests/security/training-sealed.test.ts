import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_RCOI_KEY_ID, isDemoKey } from '../../main/ppe/demo-keys';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { publicKeySpkiBase64 } from '../rcoi-server/bundle-signer';
import { repoFile } from '../rcoi-server/repo-files';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BundleService } from '../../main/bundles/bundle-service';
import { readPpeConfig } from '../../main/ppe/ppe-config';
import { SYSTEM_ACTOR, type CoreContext } from '../../main/kernel/context';
import { EventBus } from '../../main/kernel/event-bus';
import { defaultCryptoSuite } from '../../main/crypto/crypto-suite';
import { isAppError } from '../../main/kernel/app-error';
import { buildDemoBundles, loadDemoDataset } from '../rcoi-server/demo-bundles';
import { loadDemoSigningKey, signBundle } from '../rcoi-server/bundle-signer';
import { openHarness, type Harness } from '../support/core-harness';
import { until } from '../support/wait';
import { DriveService } from '../../main/packages/drive-service';
import { SyncWorker } from '../../main/sync/sync-worker';

// Item 6: training mode is sealed off. A fresh install is "not set up" (no PPE, no key pinned); training mode is an
// explicit, journaled choice; the demo RCOI key, whose private half is in this repository, is trusted only there.

const TODAY = '2026-06-01'; // the local date of EXAM_MORNING in the demo PPE's zone
const dataset = loadDemoDataset();
const DEMO_KEY = dataset.rcoiPublicKey;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const ppeRows = (hh: Harness) => hh.core.db.prepare('SELECT * FROM ppe').all();
const errorCodeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
};
const ctxOf = (hh: Harness): CoreContext => ({
  db: hh.core.db,
  clock: hh.clock,
  events: new EventBus(),
  stationNumber: () => 'test',
  outboxChanged: () => {},
});
const demoSignedBundle = () => signBundle(buildDemoBundles(dataset, { today: TODAY })[2]!, loadDemoSigningKey());

describe('a fresh station is not set up', () => {
  it('opens without a PPE, without any key pinned, and says so on app/info', async () => {
    h = await openHarness({ demo: false });
    expect(ppeRows(h)).toEqual([]);
    const info = await h.call('anyone', 'app/info', {});
    expect(info.setup).toBe('notSetUp');
    expect(info.ppe).toBeNull();
    expect(await h.call('anyone', 'auth/staffList', {})).toEqual([]);
  });

  it('answers STATION_NOT_SET_UP, not INTERNAL, where a PPE is needed', async () => {
    h = await openHarness({ demo: false });
    expect(await h.fail('anyone', 'auth/signIn', { staffId: 1, pin: '1111' })).toMatchObject({ code: 'STATION_NOT_SET_UP' });
    expect(errorCodeOf(() => readPpeConfig(h!.core.db))).toBe('STATION_NOT_SET_UP');
  });

  it('becomes a training station only when someone chooses training mode, and the journal says so', async () => {
    h = await openHarness({ demo: false });
    await h.call('anyone', 'setup/startTraining', {});
    const info = await h.call('anyone', 'app/info', {});
    expect(info.setup).toBe('training');
    expect(info.ppe?.trainingMode).toBe(true);
    expect((await h.call('anyone', 'auth/staffList', {})).length).toBeGreaterThan(0);
    const seeded = h.core.db
      .prepare<[], { payload: string }>("SELECT payload FROM journal WHERE action = 'demo.seeded'")
      .all();
    expect(seeded).toHaveLength(1);
    expect(JSON.parse(seeded[0]!.payload)).toMatchObject({ training: true, demoKeyId: defaultCryptoSuite.keyId(DEMO_KEY) });
    // Once set up, the choice is not offered again.
    expect(await h.fail('anyone', 'setup/startTraining', {})).toMatchObject({ code: 'STATION_ALREADY_SET_UP' });
  });
});

describe('the demo key outside training mode', () => {
  it('a PPE row that is not in training mode can never pin the demo key', async () => {
    h = await openHarness({ demo: false });
    const db = h.core.db;
    db.prepare("INSERT INTO region (code, name) VALUES ('42', 'Кемеровская область')").run();
    const insert = () =>
      db
        .prepare(
          `INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
           VALUES (1, '42', '0412', 'ППЭ', 'адрес', 'Asia/Novokuznetsk', ?, NULL, 0)`,
        )
        .run(DEMO_KEY);
    expect(insert).toThrow(/demo_key_outside_training/);
    expect(ppeRows(h)).toEqual([]);
  });

  it('a training station cannot be turned into a real one by flipping its flag', async () => {
    h = await openHarness();
    expect(() => h!.core.db.prepare('UPDATE ppe SET training_mode = 0').run()).toThrow();
    expect(readPpeConfig(h.core.db).trainingMode).toBe(true);
  });

  it('a real station found with the demo key pinned (older or tampered database) refuses to run that key', async () => {
    h = await openHarness();
    // What an older version or a hand edit could leave behind: the guards are bypassed on purpose here.
    for (const { name } of h.core.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ppe'")
      .all()) {
      h.core.db.exec(`DROP TRIGGER ${name}`);
    }
    h.core.db.prepare('UPDATE ppe SET training_mode = 0').run();
    await h.reopen();

    const info = await h.call('anyone', 'app/info', {});
    expect(info.setup).toBe('demoKeyRefused');
    expect(await h.fail('anyone', 'auth/signIn', { staffId: 1, pin: '1111' })).toMatchObject({
      code: 'DEMO_KEY_OUTSIDE_TRAINING',
    });
    expect(errorCodeOf(() => readPpeConfig(h!.core.db))).toBe('DEMO_KEY_OUTSIDE_TRAINING');
    // At import: a bundle signed with the demo key is refused, and nothing is written.
    const bundles = new BundleService(ctxOf(h), defaultCryptoSuite);
    const before = h.core.db.prepare('SELECT count(*) AS n FROM distribution_bundle').get();
    expect(errorCodeOf(() => bundles.import(SYSTEM_ACTOR, 'b.json', demoSignedBundle()))).toBe('DEMO_KEY_OUTSIDE_TRAINING');
    expect(h.core.db.prepare('SELECT count(*) AS n FROM distribution_bundle').get()).toEqual(before);
  });

  it('with another key pinned, a bundle signed by the demo key is a bad signature anyway', async () => {
    h = await openHarness({ demo: false });
    const db = h.core.db;
    const realKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    db.prepare("INSERT INTO region (code, name) VALUES ('42', 'Кемеровская область')").run();
    db.prepare(
      `INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
       VALUES (1, '42', '0412', 'ППЭ', 'адрес', 'Asia/Novokuznetsk', ?, NULL, 0)`,
    ).run(realKey);
    db.prepare("INSERT INTO auditorium (code, name, seats, is_headquarters, special_conditions) VALUES ('0101', 'А', 25, 0, 0)").run();
    const bundles = new BundleService(ctxOf(h), defaultCryptoSuite);
    expect(errorCodeOf(() => bundles.import(SYSTEM_ACTOR, 'b.json', demoSignedBundle()))).toBe('BUNDLE_BAD_SIGNATURE');
    expect(db.prepare('SELECT count(*) AS n FROM distribution_bundle').get()).toEqual({ n: 0 });
  });
});

describe('the demo key is named in one place', () => {
  it('demo-keys.ts, demo-ppe.json, the signing fixture and the 0060 guard agree', () => {
    expect(defaultCryptoSuite.keyId(DEMO_KEY)).toBe(DEMO_RCOI_KEY_ID);
    expect(publicKeySpkiBase64(loadDemoSigningKey())).toBe(DEMO_KEY);
    const guard = readFileSync(repoFile('migrations', '0060_training_sealed.sql'), 'utf8');
    expect(guard.split(`'${DEMO_KEY}'`).length - 1).toBe(2);
  });

  it('a variant spelling of the demo key is still the demo key', () => {
    expect(isDemoKey(DEMO_KEY)).toBe(true);
    expect(isDemoKey(`${DEMO_KEY.slice(0, 20)}\n${DEMO_KEY.slice(20)}`)).toBe(true);
    expect(isDemoKey(DEMO_KEY.replace(/=+$/, ''))).toBe(true);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(isDemoKey(other)).toBe(false);
  });
});

describe('background work waits for the set-up', () => {
  it('with sync on and a drive inserted, a station not set up starts nothing; training mode starts the drive check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppe-training-drives-'));
    const sim = new FolderDriveSimulator(join(dir, 'drives'));
    await sim.insert('main', { serial: 'MAIN-1' });
    const errors: unknown[] = [];
    // Pass-through spies on the real classes: they count, and change nothing.
    const driveStarts = vi.spyOn(DriveService.prototype, 'start');
    const syncStarts = vi.spyOn(SyncWorker.prototype, 'start');
    const driveLooks = vi.spyOn(FolderDriveSimulator.prototype, 'list');
    try {
      h = await openHarness({
        demo: false,
        sync: { idlePollMs: 5, baseDelayMs: 5, maxDelayMs: 5 },
        drivesFolder: sim.root,
        drivePollMs: 5,
        log: { error: (m, d) => errors.push([m, d]) },
      });
      // Background work starts while the core opens, or when training mode is chosen — never later on a timer. A
      // started drive watcher looks at the drives at once and a started worker runs at once, so "never started" is
      // checked directly instead of sleeping and hoping they would have shown themselves by then.
      expect(driveStarts).not.toHaveBeenCalled();
      expect(syncStarts).not.toHaveBeenCalled();
      expect(driveLooks).not.toHaveBeenCalled();
      expect(errors).toEqual([]);
      expect(h.core.db.prepare('SELECT count(*) AS n FROM journal').get()).toEqual({ n: 1 }); // the schema entry only
      expect(await h.fail('anyone', 'packages/overview', {})).toMatchObject({ code: 'NOT_SIGNED_IN' });

      await h.call('anyone', 'setup/startTraining', {});
      await h.signInAs('t', 7);
      await until(
        () => h!.call('t', 'packages/overview', {}),
        (o) => o.drives.some((d) => d.present && d.check?.state === 'done'),
        'a drive check after training mode started',
      );
      expect(driveStarts).toHaveBeenCalledTimes(1);
      expect(syncStarts).toHaveBeenCalledTimes(1);
      expect(errors).toEqual([]);
    } finally {
      vi.restoreAllMocks();
      await h?.close();
      h = null;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
