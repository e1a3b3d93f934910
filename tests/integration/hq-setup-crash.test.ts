import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findAppRoot } from '../../main/kernel/app-root';
import { readSetupState } from '../../main/ppe/ppe-config';
import { openHarness } from '../support/core-harness';
import { openHqSetupRig, technicianId, writtenRows, type HqSetupRig } from '../support/hq-setup-rig';

// Issue 11, item 1: «a crash during set-up leaves a state that a retry completes». A real child process asks RCOI
// with a one-time code and is killed with SIGKILL once RCOI has answered, before the set-up's act could commit. The
// station is still not set up; a retry with the same code sends the same key, and RCOI answers the same station.

const root = findAppRoot();
let rig: HqSetupRig;
let child: string;

beforeAll(async () => {
  rig = await openHqSetupRig();
  child = join(root, 'dist', 'test-child', 'hq-setup-child.mjs');
  await build({
    entryPoints: [join(root, 'tests', 'fault', 'hq-setup-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: child,
    logLevel: 'warning',
  });
});
afterAll(async () => {
  await rig?.close();
});

/** Runs the child until it says ANSWERED, then kills it with SIGKILL; resolves with what it printed. */
function answeredThenKilled(dataDir: string, code: string, stopAt: 'raw' | 'offer'): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, '--data-dir', dataDir, '--rcoi-url', rig.server.url, '--code', code, '--stop-at', stopAt], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: rig.tls.certFile },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ANSWERED')) p.kill('SIGKILL');
    });
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`child exited by itself: ${out}${err}`))));
  });
}

for (const stopAt of ['raw', 'offer'] as const) {
  it(`killed after RCOI answered (${stopAt === 'raw' ? 'answer not yet stored' : 'answer stored, no PIN yet'}): a retry with the same code completes to the same station`, async () => {
    // The station's data folder comes from a harness that is closed again, so the child owns the files alone.
    const h = await rig.freshStation();
    await h.core.close();
    const code = rig.server.createEnrolmentCode('42', '0412').code;
    const printed = await answeredThenKilled(h.dataDir, code, stopAt);
    const number = /number (\d+)/.exec(printed)![1]!;
    const stations = rig.server.stats().stations;
    const stationId = rig.server.db
      .prepare<[string], { station_id: string }>("SELECT station_id FROM station_setups WHERE station_number = ? AND ppe_code = '0412'")
      .get(number)!.station_id;

    await h.reopen();
    expect(readSetupState(h.core.db)).toBe('notSetUp');
    expect(writtenRows(h)).toMatchObject({ ppe: 0, station: 0, sync_station: 0, station_key: 0, setup_attempt: 1 });

    const offer = await h.call('s', 'setup/headquarters', { rcoiUrl: rig.server.url, ppeCode: '0412', code, kind: 'hq-main' });
    expect(offer.stationNumber).toBe(number);
    await h.call('s', 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' });
    expect(readSetupState(h.core.db)).toBe('ready');
    expect(h.core.db.prepare('SELECT station_id FROM sync_station').get()).toEqual({ station_id: stationId });
    // RCOI set up no second station for the retry, and the code stays spent by this one.
    expect(rig.server.stats().stations).toBe(stations);
    // And the other way round: a fresh station with the same code is refused.
    const other = await openHarness({ demo: false });
    try {
      expect((await other.fail('s', 'setup/headquarters', { rcoiUrl: rig.server.url, ppeCode: '0412', code, kind: 'hq-main' })).code).toBe('SETUP_CODE_USED');
    } finally {
      await other.close();
    }
  }, 60_000);
}
