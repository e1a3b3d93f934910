import { generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../main/kernel/app-error';
import type { CoreContext } from '../../main/kernel/context';
import { EventBus } from '../../main/kernel/event-bus';
import { TokenDevices } from '../../main/tokens/token-devices';
import { TokenService } from '../../main/tokens/token-service';
import { SimulatedTokenProvider } from '../../native/token/simulated-token';
import { openHarness, type Harness } from '../support/core-harness';
import { createSoftHsmStore, SOFTHSM_LIBRARY } from '../support/softhsm';

// The simulated token is a training aid: its signature proves nothing about a person. Outside training mode it is
// never offered, never registered and never accepted, whatever hands it to the service. And the PKCS#11 library the
// app loads into its own process is named by a path the technical specialist sets: absolute, the file itself (not a
// link that could be re-pointed), a regular file, present — each refusal said in its own words.

let h: Harness | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
};

/** A real PPE (not training, an RCOI key of its own) with one GEK member, on the harness's database. */
function makeRealPpe(hh: Harness): { ctx: CoreContext; member: number } {
  const db = hh.core.db;
  const key = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  db.prepare("INSERT INTO region (code, name) VALUES ('42', 'Кемеровская область')").run();
  db.prepare(
    `INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
     VALUES (1, '42', '0412', 'ППЭ', 'адрес', 'Asia/Novokuznetsk', ?, NULL, 0)`,
  ).run(key);
  const member = Number(
    db.prepare("INSERT INTO staff (external_id, last_name, first_name, role_code) VALUES ('W-1', 'Михайлова', 'Анна', 5)").run().lastInsertRowid,
  );
  const ctx: CoreContext = { db, clock: hh.clock, events: new EventBus(), stationNumber: () => '0412001', outboxChanged: () => {} };
  return { ctx, member };
}

describe('the simulated token outside training mode', () => {
  it('is never offered on a real PPE: the simulated provider is not even made, and no training key is written', async () => {
    h = await openHarness({ demo: false });
    makeRealPpe(h);
    const dataDir = mkdtempSync(join(tmpdir(), 'ppe-tokens-real-'));
    dirs.push(dataDir);
    const devices = new TokenDevices({}, { dataDir, training: () => false, setting: () => null });
    const { tokens } = await devices.list();
    expect(tokens.filter((t) => t.info.simulated)).toEqual([]);
    expect(await codeOf(devices.open('SIM-0001').then(() => undefined, (e) => Promise.reject(e)))).not.toBe('resolved');
    const training = new TokenDevices({}, { dataDir, training: () => true, setting: () => null });
    expect((await training.list()).tokens.map((t) => t.info.serial)).toEqual(['SIM-0001', 'SIM-0002']);
    await devices.close();
    await training.close();
  });

  it('a simulated token cannot be registered on a real PPE, even by writing the row directly', async () => {
    h = await openHarness({ demo: false });
    const { member } = makeRealPpe(h);
    expect(() =>
      h!.core.db
        .prepare(
          `INSERT INTO gek_token (staff_id, serial, algorithm, public_key, simulated, source, bundle_id, registered_at)
           VALUES (?, 'SIM-0001', 'ECDSA-P256-SHA256', 'a2V5', 1, 'bundle', 'B1', '2026-06-01T00:00:00.000Z')`,
        )
        .run(member),
    ).toThrow(/simulated_token_outside_training/);
  });

  it('a signature by a simulated token is refused outside training, even when its key is the registered one', async () => {
    h = await openHarness({ demo: false });
    const { ctx, member } = makeRealPpe(h);
    // Whatever hands the service a simulated token (a wrong build, a test seam): the service still refuses it.
    const sim = new SimulatedTokenProvider({ serial: 'SIM-0001', pin: '123456' });
    const token = await sim.open('SIM-0001');
    const spki = (await token.publicKey()).spkiDer.toString('base64');
    h.core.db
      .prepare(
        `INSERT INTO gek_token (staff_id, serial, algorithm, public_key, simulated, source, bundle_id, registered_at)
         VALUES (?, 'SIM-0001', 'ECDSA-P256-SHA256', ?, 0, 'bundle', 'B1', '2026-06-01T00:00:00.000Z')`,
      )
      .run(member, spki);
    const dataDir = mkdtempSync(join(tmpdir(), 'ppe-tokens-real-'));
    dirs.push(dataDir);
    const devices = new TokenDevices(
      { libraryPath: SOFTHSM_LIBRARY, interpose: () => sim },
      { dataDir, training: () => false, setting: () => null },
    );
    const service = new TokenService(ctx, devices);
    const actor = { staffId: member, name: 'Михайлова Анна', roleCode: 5 };
    expect(await codeOf(service.sign(actor, member, '123456', Buffer.from('запрос ключа')))).toBe('TOKEN_SIMULATED_OUTSIDE_TRAINING');
    await devices.close();
  });

  it('in training mode the simulated tokens are offered, marked, and work end to end', async () => {
    h = await openHarness();
    await h.signInAs('tech', 7);
    const overview = await h.call('tech', 'tokens/overview', {});
    expect(overview.training).toBe(true);
    expect(overview.trainingPin).toBe('123456');
    const sim = overview.tokens.filter((t) => t.simulated);
    expect(sim.map((t) => t.serial)).toEqual(['SIM-0001', 'SIM-0002']);
    const head = overview.heads[0]!.staffId;
    const member = overview.members[0]!.staffId;
    const registration = await h.call('tech', 'tokens/enrol', {
      staffId: member,
      serial: 'SIM-0001',
      tokenPin: '123456',
      confirmation: { staffId: head, pin: '1111' },
      replace: false,
    });
    expect(registration.simulated).toBe(true);
    await h.call('tech', 'tokens/check', { staffId: member, tokenPin: '123456' });
    // The training key survives a restart: the registration still verifies.
    await h.reopen();
    await h.signInAs('tech', 7);
    await h.call('tech', 'tokens/check', { staffId: member, tokenPin: '123456' });
  });
});

describe('a training token counts down to its lock, as a real one does', () => {
  it('nine wrong PINs leave one try, the tenth locks it; the locked token is refused with what to do', async () => {
    h = await openHarness();
    await h.signInAs('tech', 7);
    const overview = await h.call('tech', 'tokens/overview', {});
    const member = overview.members[1]!.staffId;
    await h.call('tech', 'tokens/enrol', {
      staffId: member,
      serial: 'SIM-0002',
      tokenPin: '123456',
      confirmation: { staffId: overview.heads[0]!.staffId, pin: '1111' },
      replace: false,
    });
    const lefts: unknown[] = [];
    for (let i = 0; i < 9; i++) lefts.push((await h.fail('tech', 'tokens/check', { staffId: member, tokenPin: '000000' })).params.left);
    expect(lefts).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await h.fail('tech', 'tokens/check', { staffId: member, tokenPin: '000000' })).toMatchObject({ code: 'TOKEN_PIN_LOCKED' });
    // Locked stays locked, even with the right PIN; the screen shows the token as locked.
    expect(await h.fail('tech', 'tokens/check', { staffId: member, tokenPin: '123456' })).toMatchObject({ code: 'TOKEN_PIN_LOCKED' });
    const sim = (await h.call('tech', 'tokens/overview', {})).tokens.find((t) => t.serial === 'SIM-0002');
    expect(sim?.pinLocked).toBe(true);
  });
});

describe('the PKCS#11 library path setting', () => {
  it('refuses a link, a relative path, a folder and an absent file, each in its own words; keeps a real file, journaled', async () => {
    // A private SoftHSM store (SOFTHSM2_CONF), so that loading the copied library reads nothing of the system's.
    const store = createSoftHsmStore();
    dirs.push(store.dir);
    h = await openHarness({ tokens: { simulated: false } });
    await h.signInAs('tech', 7);
    const dir = mkdtempSync(join(tmpdir(), 'ppe-token-lib-'));
    dirs.push(dir);
    const real = realpathSync(SOFTHSM_LIBRARY);
    const copy = join(dir, 'librtpkcs11ecp.so');
    copyFileSync(real, copy);
    const link = join(dir, 'link.so');
    symlinkSync(copy, link);
    mkdirSync(join(dir, 'folder.so'));

    expect(await h.fail('tech', 'tokens/setLibraryPath', { path: link })).toMatchObject({
      code: 'TOKEN_LIBRARY_PATH_BAD',
      params: { path: link, reason: 'link' },
    });
    expect(await h.fail('tech', 'tokens/setLibraryPath', { path: 'lib/librtpkcs11ecp.so' })).toMatchObject({
      code: 'TOKEN_LIBRARY_PATH_BAD',
      params: { reason: 'not_absolute' },
    });
    expect(await h.fail('tech', 'tokens/setLibraryPath', { path: join(dir, 'folder.so') })).toMatchObject({
      code: 'TOKEN_LIBRARY_PATH_BAD',
      params: { reason: 'not_file' },
    });
    const absent = join(dir, 'absent.so');
    expect(await h.fail('tech', 'tokens/setLibraryPath', { path: absent })).toMatchObject({ code: 'TOKEN_LIBRARY_MISSING', params: { path: absent } });
    expect(h.core.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'token.library_set'").get()).toEqual({ n: 0 });

    const library = await h.call('tech', 'tokens/setLibraryPath', { path: copy });
    expect(library).toMatchObject({ path: copy, source: 'setting', setting: copy, problem: null });
    const entries = h.core.db.prepare<[], { payload: string }>("SELECT payload FROM journal WHERE action = 'token.library_set'").all();
    expect(entries.map((e) => JSON.parse(e.payload))).toEqual([{ path: copy, previous: null }]);

    // The file goes away later: the screen names the missing path and the setting, instead of failing.
    rmSync(copy);
    const overview = await h.call('tech', 'tokens/overview', {});
    expect(overview.library.problem).toEqual({ code: 'TOKEN_LIBRARY_MISSING', params: { path: copy } });
    expect(overview.tokens).toEqual([]);
    // Back to the known places.
    expect(await h.call('tech', 'tokens/setLibraryPath', { path: null })).toMatchObject({ setting: null });
  });

  it('a library that hangs is a clear «token does not answer», and the app keeps answering', async () => {
    // A valid PKCS#11 module whose every call but C_Initialize blocks forever (as tests/integration/token-hung-library).
    const dir = mkdtempSync(join(tmpdir(), 'ppe-hung-lib-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'hung.c'),
      `#include <unistd.h>
typedef unsigned long CK_RV;
static CK_RV ok(void) { return 0; }
static CK_RV hang(void) { for (;;) pause(); return 0; }
static struct { unsigned char major, minor; void *fns[68]; } list;
CK_RV C_GetFunctionList(void **out) {
  list.major = 2; list.minor = 40;
  for (int i = 0; i < 68; i++) list.fns[i] = (void *)hang;
  list.fns[0] = (void *)ok; list.fns[1] = (void *)ok;
  *out = &list; return 0;
}
`,
    );
    const library = join(dir, 'libhung-pkcs11.so');
    execFileSync('cc', ['-shared', '-fPIC', '-o', library, join(dir, 'hung.c')], { stdio: 'pipe' });
    h = await openHarness({ tokens: { simulated: false, timeoutMs: 300 } });
    await h.signInAs('tech', 7);
    const view = await h.call('tech', 'tokens/setLibraryPath', { path: library });
    expect(view).toMatchObject({ path: library, source: 'setting', problem: { code: 'TOKEN_TIMEOUT' } });
    expect((await h.call('tech', 'tokens/overview', {})).library.problem).toMatchObject({ code: 'TOKEN_TIMEOUT' });
    // Main still answers other channels at once.
    expect((await h.call('tech', 'app/info', {})).setup).toBe('training');
  });

  it('only the technical specialist changes it; the PPE head may not', async () => {
    h = await openHarness({ tokens: { simulated: false } });
    await h.signInAs('head', 1);
    expect(await h.fail('head', 'tokens/setLibraryPath', { path: null })).toMatchObject({ code: 'FORBIDDEN' });
  });
});
