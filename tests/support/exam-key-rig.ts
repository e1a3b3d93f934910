import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../main/kernel/clock';
import { zonedToUtc } from '../../main/ipc/zoned-time';
import type { ExamKeyRequest } from '../../main/exam-keys/key-file-format';
import { examKeyRequestBytes } from '../../main/exam-keys/key-request';
import { tokenKeyId } from '../../main/exam-keys/key-wrap';
import { askRcoiForExamKey, type RcoiKeyClientDeps } from '../../main/exam-keys/rcoi-key-client';
import type { PackageManifest } from '../../main/packages/package-format';
import { fileKeyProtector } from '../../main/sync/key-store';
import { Pkcs11TokenProvider } from '../../native/token/pkcs11-provider';
import type { Token, TokenPublicKey } from '../../native/token/token';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { startRcoiServer, type RcoiServer } from '../rcoi-server/server';
import { openHarness, type Harness } from './core-harness';
import { createSoftHsmStore, SOFTHSM_LIBRARY, type SoftHsmStore } from './softhsm';

// Exam morning at HQ against the reference RCOI on loopback (issue 12, items 2 and 8): real SoftHSM2 tokens for the
// GEK members, the real server with its clock under the test's hand, and a real HQ core whose sync key is enrolled at
// RCOI for the PPE under test (a station's PPE at RCOI is the one it enrolled for).

export const PIN = '246810';
export const SO_PIN = '13579111';
export const EXAM_DATE = '2026-06-15';

export interface PpeFixture {
  regionCode: string;
  ppeCode: string;
  zone: string;
  packageId: string;
  manifest: PackageManifest;
  /** The package's folder as the server built it. */
  folder: string;
  roomKits: number;
  reserveKits: number;
}

export interface Member {
  staffId: string;
  serial: string;
  token: Token;
  pub: TokenPublicKey;
  tokenKey: string;
}

export interface ExamKeyRig {
  server: RcoiServer;
  clock: ManualClock;
  hq: Harness;
  hsm: SoftHsmStore;
  provider: Pkcs11TokenProvider;
  ppe: Record<'kaliningrad' | 'kamchatka', PpeFixture>;
  /** The serial of a token made at start (openExamKeyRig's `tokens`). */
  serial(label: string): string;
  /**
   * A token made at start, opened and logged in, as a GEK member; registered at RCOI for the PPE and date if
   * `registerFor` is given.
   */
  member(label: string, staffId: string, registerFor?: PpeFixture): Promise<Member>;
  /** Makes the HQ core's sync key a station enrolled at RCOI for this PPE. */
  enrolHqFor(ppe: PpeFixture): void;
  deps(): RcoiKeyClientDeps;
  /** The request a member's token signs, for this PPE's package, signed now by the server's clock. */
  request(ppe: PpeFixture, member: Member, ask: ExamKeyRequest['ask'], overrides?: Partial<ExamKeyRequest>): ExamKeyRequest;
  sign(member: Member, request: ExamKeyRequest): Promise<{ requestBytes: Buffer; tokenSignature: Buffer }>;
  /** Signs and asks in one go: what HQ does. */
  ask(ppe: PpeFixture, member: Member, ask: ExamKeyRequest['ask'], overrides?: Partial<ExamKeyRequest>): ReturnType<typeof askRcoiForExamKey>;
  /** The server's clock at a PPE-local time of the exam date (or another date). */
  at(ppe: PpeFixture, localTime: string, date?: string): void;
  close(): Promise<void>;
}

/**
 * `tokens`: every SoftHSM token the tests will use, made before the library is first loaded (SoftHSM sees the tokens
 * of its store as they were at C_Initialize, and the fixture cannot initialise it a second time in this process).
 */
export async function openExamKeyRig(tokens: { label: string; derive?: boolean }[]): Promise<ExamKeyRig> {
  const hsm = createSoftHsmStore();
  const serials = new Map<string, string>();
  for (const t of tokens) {
    serials.set(t.label, hsm.initToken(t.label, PIN, SO_PIN));
    hsm.generateP256(t.label, PIN, { derive: t.derive ?? true });
  }
  const provider = new Pkcs11TokenProvider({ libraryPath: SOFTHSM_LIBRARY });
  const dir = mkdtempSync(join(tmpdir(), 'ppe-exam-key-'));
  const dbFile = join(dir, 'rcoi.sqlite');
  const clock = new ManualClock(new Date(`${EXAM_DATE}T00:00:00.000Z`));
  const server = await startRcoiServer({ dbFile, port: 0, signingKey: loadDemoSigningKey(), clock });
  const hq = await openHarness({ rcoiUrl: server.url, clock, sync: false }, clock.now());
  const keys = fileKeyProtector(hq.dataDir);
  const opened: Token[] = [];
  const serialOf = (label: string): string => {
    const serial = serials.get(label);
    if (serial === undefined) throw new Error(`no token ${label} was made at start`);
    return serial;
  };

  const publish = (regionCode: string, ppeCode: string, zone: string): PpeFixture => {
    const roomKits = 3 + 2;
    const reserveKits = 6;
    const { packageId, manifest } = server.publishPackage({
      regionCode,
      ppeCode,
      exam: { date: EXAM_DATE, subjectCode: 2, form: 'EGE', dayKind: 'main' },
      rooms: [{ auditoriumCode: '0101', kits: 3 }, { auditoriumCode: '0102', kits: 2 }],
      reserveKits,
      availableFrom: '2026-06-08',
      timeZone: zone,
    });
    return { regionCode, ppeCode, zone, packageId, manifest, folder: join(server.packages.root, packageId), roomKits, reserveKits };
  };
  const ppe = {
    kaliningrad: publish('39', '0101', 'Europe/Kaliningrad'),
    kamchatka: publish('41', '0201', 'Asia/Kamchatka'),
  };

  const rig: ExamKeyRig = {
    server,
    clock,
    hq,
    hsm,
    provider,
    ppe,
    serial: serialOf,
    async member(label, staffId, registerFor) {
      const serial = serialOf(label);
      const token = await provider.open(serial);
      opened.push(token);
      await token.login(PIN);
      const pub = await token.publicKey();
      if (registerFor) {
        server.registerGekToken({
          regionCode: registerFor.regionCode,
          ppeCode: registerFor.ppeCode,
          date: EXAM_DATE,
          staffId,
          publicKey: pub.spkiDer.toString('base64'),
          serial,
        });
      }
      return { staffId, serial, token, pub, tokenKey: tokenKeyId(pub.spkiDer) };
    },
    enrolHqFor(p) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      const code = server.createEnrolmentCode(p.regionCode, p.ppeCode).code;
      const { stationId } = server.sync.stations.enrol({ regionCode: p.regionCode, ppeCode: p.ppeCode, stationNumber: 1, enrolmentCode: code, publicKey: spki });
      hq.core.db
        .prepare(
          `INSERT INTO sync_station (id, enrolment_code, station_id, public_key, private_key_sealed, created_at, enrolled_at)
           VALUES (1, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET enrolment_code = excluded.enrolment_code, station_id = excluded.station_id,
             public_key = excluded.public_key, private_key_sealed = excluded.private_key_sealed, enrolled_at = excluded.enrolled_at`,
        )
        .run(code, stationId, spki, keys.seal(privateKey.export({ type: 'pkcs8', format: 'der' })), clock.now().toISOString(), clock.now().toISOString());
    },
    deps: () => ({ db: hq.core.db, clock, keys }),
    request(p, member, ask, overrides = {}) {
      return {
        purpose: 'ppe-exam-key-request',
        regionCode: p.regionCode,
        ppeCode: p.ppeCode,
        packageId: p.packageId,
        examDate: EXAM_DATE,
        staffId: member.staffId,
        tokenKey: member.tokenKey,
        signedAt: clock.now().toISOString(),
        nonce: randomBytes(16).toString('hex'),
        ask,
        ...overrides,
      };
    },
    async sign(member, request) {
      const requestBytes = examKeyRequestBytes(request);
      const signed = await member.token.sign(requestBytes);
      return { requestBytes, tokenSignature: signed.signature };
    },
    async ask(p, member, ask, overrides) {
      const signed = await rig.sign(member, rig.request(p, member, ask, overrides));
      return askRcoiForExamKey(rig.deps(), signed, { regionCode: p.regionCode, ppeCode: p.ppeCode, packageId: p.packageId });
    },
    at(p, localTime, date = EXAM_DATE) {
      clock.set(zonedToUtc(date, localTime, p.zone));
    },
    async close() {
      for (const t of opened) await t.close().catch(() => undefined);
      await provider.close();
      await hq.close();
      await server.close();
      hsm.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}
