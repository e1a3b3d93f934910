import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../main/kernel/clock';
import { localDateOf } from '../../main/ipc/zoned-time';
import { generateSigningKey } from '../rcoi-server/bundle-signer';
import { loadDemoDataset } from '../rcoi-server/demo-bundles';
import { demoPpeConfig } from '../rcoi-server/ppe-configs';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { EXAM_MORNING, openHarness, type Harness } from './core-harness';
import { makeTestCertificate, trustInThisProcess, type TestCertificate } from './tls-rcoi';

/**
 * The HQ set-up tests' rig: the reference RCOI server over real TLS on loopback, signing with a key of its own (a
 * real PPE never pins the demo key), knowing the demo PPE 42/0412 with its schedule dated from the harness's day;
 * and fresh stations that are not set up, on the same manual clock.
 */
export interface HqSetupRig {
  dir: string;
  tls: TestCertificate;
  clock: ManualClock;
  server: RcoiServer;
  dataset: ReturnType<typeof loadDemoDataset>;
  today: string;
  stations: Harness[];
  freshStation(): Promise<Harness>;
  close(): Promise<void>;
}

export async function openHqSetupRig(): Promise<HqSetupRig> {
  const dir = mkdtempSync(join(tmpdir(), 'ppe-hq-setup-'));
  const tls = makeTestCertificate(dir);
  trustInThisProcess(tls.cert);
  const clock = new ManualClock(EXAM_MORNING);
  const server = await startRcoiServer({ dbFile: join(dir, 'rcoi.sqlite'), port: 0, signingKey: generateSigningKey(), clock, tls });
  const dataset = loadDemoDataset();
  const today = localDateOf(EXAM_MORNING, dataset.ppe.timeZone);
  server.registerPpe(demoPpeConfig(dataset, today));
  const rig: HqSetupRig = {
    dir,
    tls,
    clock,
    server,
    dataset,
    today,
    stations: [],
    async freshStation() {
      const station = await openHarness({ demo: false }, clock.now());
      rig.stations.push(station);
      return station;
    },
    async close() {
      for (const s of rig.stations) await s.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** What a station that is not set up holds: counts of the tables a set-up writes. */
export function writtenRows(h: Harness): Record<string, number> {
  const count = (table: string) => (h.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    ppe: count('ppe'),
    region: count('region'),
    auditorium: count('auditorium'),
    staff: count('staff'),
    exam: count('exam'),
    station: count('station'),
    setting: count('setting'),
    sync_station: count('sync_station'),
    station_key: count('station_key'),
    setup_attempt: count('setup_attempt'),
  };
}

export const NOTHING_BUT_THE_ATTEMPT = {
  ppe: 0,
  region: 0,
  auditorium: 0,
  staff: 0,
  exam: 0,
  station: 0,
  setting: 0,
  sync_station: 0,
  station_key: 0,
  setup_attempt: 1,
};

/** The demo PPE's first technical specialist (role 7), as RCOI names them. */
export function technicianId(rig: HqSetupRig): string {
  return rig.dataset.staff.find((s) => s.roleCode === 7)!.id;
}
