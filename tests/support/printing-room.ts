import { createHash, randomUUID, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordExamKey } from '../../main/exam-keys/key-store';
import { examKeyPayloadSchema, type ExamKeyPayload, type ReserveGrant } from '../../main/exam-keys/key-file-format';
import { wrapForToken } from '../../main/exam-keys/key-wrap';
import { kitOwners } from '../../main/kits/kit-pack-format';
import type { CoreOptions } from '../../main/root/app-core';
import { MANIFEST_FILE, type PackageManifest } from '../../main/packages/package-format';
import { packageFolderOnDrive } from '../../main/packages/drive-layout';
import { Pkcs11TokenProvider } from '../../native/token/pkcs11-provider';
import { buildPackage } from '../rcoi-server/package-builder';
import { keyIdOf, loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { openHarness, type Harness } from './core-harness';
import { createSoftHsmStore, SOFTHSM_LIBRARY, type SoftHsmStore } from './softhsm';
import { until } from './wait';

// A room station of the demo PPE (station 100101, room 0101) on exam morning, for main/printing's tests: a real core on
// its own SQLite file, the reference server's package builder writing the day's package onto a folder-backed transfer
// drive (recorded as room.package records it), a real SoftHSM2 token as the GEK member's, and a key file wrapped to
// that token and signed by the demo RCOI key (the key the training PPE pins), held as room.exam_key holds one.

export const ROOM_STATION = '100101';
export const ROOM = '0101';
export const EXAM_DATE = '2026-06-01';
export const GEK_ID = 'W-42-5002';
export const TOKEN_PIN = '246810';
export const S = 'tech';

export interface PrintingRoom {
  h: Harness;
  /** A private TMPDIR for the test's run: everything the code writes to os.tmpdir() lands here. */
  tmp: string;
  drive: string;
  serial: string;
  spki: Buffer;
  manifest: PackageManifest;
  packageKey: Buffer;
  store: SoftHsmStore;
  /** Holds a key file wrapped to the token: the main key, or a reserve key carrying these grants. */
  holdKey(kind: 'main' | 'reserve', reserve?: ReserveGrant[]): ExamKeyPayload;
  reserveRange(): { firstKit: number; kits: number };
  roomRange(): { firstKit: number; kits: number };
  markPresent(count: number): Promise<string[]>;
  journal(action: string): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function openPrintingRoom(options: Partial<CoreOptions>, spec: { roomKits: number; otherRoomKits?: number; reserveKits: number; pagesPerKim?: number }): Promise<PrintingRoom> {
  const previousTmp = process.env.TMPDIR;
  const tmp = mkdtempSync(join(tmpdir(), 'ppe-printing-run-'));
  process.env.TMPDIR = tmp;
  const store = createSoftHsmStore();
  const serial = store.initToken('GEK-PRINT', TOKEN_PIN, '87654321');
  store.generateP256('GEK-PRINT', TOKEN_PIN);
  const provider = new Pkcs11TokenProvider({ libraryPath: SOFTHSM_LIBRARY });
  let spki: Buffer;
  try {
    const token = await provider.open(serial);
    await token.login(TOKEN_PIN);
    spki = (await token.publicKey()).spkiDer;
    await token.logout();
    await token.close();
  } finally {
    await provider.close();
  }
  const drives = mkdtempSync(join(tmp, 'drives-'));
  const h = await openHarness({
    drivesFolder: drives,
    drivePollMs: 30,
    printPollMs: 2,
    tokens: { libraryPath: SOFTHSM_LIBRARY, env: { SOFTHSM2_CONF: process.env.SOFTHSM2_CONF! }, simulated: false },
    ...options,
  });
  h.core.db.prepare("UPDATE setting SET value = ? WHERE key = 'station_number'").run(ROOM_STATION);
  await h.signInAs(S, 7);
  await h.call(S, 'drives/simulate', { action: 'insert', name: 'transfer' });
  const seen = await until(() => h.call(S, 'transfer/overview', {}), (o) => o.drives.length === 1, 'the transfer drive');
  await h.call(S, 'transfer/chooseDrive', { driveId: seen.drives[0]!.id });
  const drive = join(drives, 'transfer');

  const signingKey = loadDemoSigningKey();
  const rooms = [{ auditoriumCode: ROOM, kits: spec.roomKits }, ...(spec.otherRoomKits ? [{ auditoriumCode: '0102', kits: spec.otherRoomKits }] : [])];
  const exam = { date: EXAM_DATE, subjectCode: 1, form: 'EGE' as const, dayKind: 'main' as const };
  const probe = { packageId: randomUUID(), exam };
  const relative = packageFolderOnDrive(probe);
  const folder = join(drive, ...relative.split('/'));
  mkdirSync(join(drive, 'PPE-PACKAGES'), { recursive: true });
  const built = buildPackage(folder, { regionCode: '42', ppeCode: '0412', exam, rooms, reserveKits: spec.reserveKits, pagesPerKim: spec.pagesPerKim ?? 1 }, signingKey, new Date('2026-05-30T06:00:00.000Z'));
  const { manifest, packageKey } = built;
  // The folder is named by the package's id: the builder made its own, so the folder is renamed to what HQ writes.
  const finalRelative = packageFolderOnDrive(manifest);
  if (finalRelative !== relative) {
    renameSync(folder, join(drive, ...finalRelative.split('/')));
  }
  const manifestBytes = readFileSync(join(drive, ...finalRelative.split('/'), MANIFEST_FILE));
  h.core.db
    .prepare(
      `INSERT INTO room_package (package_id, exam_date, subject_code, form, manifest_sha256, folder, size, file_count, kits, reserve_kits, sender, seq, verified_at)
       VALUES (?, ?, 1, 'EGE', ?, ?, ?, ?, ?, ?, '100001', 2, ?)`,
    )
    .run(manifest.packageId, EXAM_DATE, createHash('sha256').update(manifestBytes).digest('hex'), finalRelative, manifest.files.reduce((n, f) => n + f.size, 0),
      manifest.files.length, spec.roomKits, spec.reserveKits, h.clock.now().toISOString());

  const tokenKey = createHash('sha256').update(spki).digest('hex');
  const holdKey = (kind: 'main' | 'reserve', reserve: ReserveGrant[] = []): ExamKeyPayload => {
    const keyId = randomUUID();
    const payload = examKeyPayloadSchema.parse({
      keyId,
      kind,
      sequence: kind === 'main' ? 0 : reserve.at(-1)!.sequence,
      regionCode: '42',
      ppeCode: '0412',
      packageId: manifest.packageId,
      exam,
      packageKeyId: manifest.encryption.keyId,
      issuedAt: h.clock.now().toISOString(),
      requestedBy: { staffId: GEK_ID, tokenKey },
      recipients: [wrapForToken(packageKey, { staffId: GEK_ID, tokenSerial: serial, tokenSpkiDer: spki }, keyId)],
      reserve,
    });
    const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
    const envelope = {
      format: 'ppe-exam-key',
      formatVersion: 1,
      payload: bytes.toString('base64'),
      signature: { alg: 'Ed25519', keyId: keyIdOf(signingKey), value: sign(null, bytes, signingKey).toString('base64') },
    };
    recordExamKey(h.core.db, { envelopeText: JSON.stringify(envelope), payload, source: 'transfer' }, h.clock.now());
    return payload;
  };
  const owners = kitOwners(manifest);
  return {
    h,
    tmp,
    drive,
    serial,
    spki,
    manifest,
    packageKey,
    store,
    holdKey,
    reserveRange: () => owners.find((o) => o.auditoriumCode === null)!,
    roomRange: () => owners.find((o) => o.auditoriumCode === ROOM)!,
    async markPresent(count) {
      const o = await h.call(S, 'printing/overview', {});
      const ids = o.participants.slice(0, count).map((p) => p.participantId);
      for (const participantId of ids) await h.call(S, 'printing/setPresent', { participantId, present: true });
      return ids;
    },
    journal: (action) =>
      h.core.db
        .prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq')
        .all(action)
        .map((r) => JSON.parse(r.payload) as Record<string, unknown>),
    async close() {
      await h.close();
      store.dispose();
      if (previousTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmp;
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Every regular file under `root` (links not followed), skipping what `skip` says. */
export function filesUnder(root: string, skip: (path: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (skip(path)) continue;
      let st;
      try {
        st = statSync(path, { throwIfNoEntry: false });
      } catch {
        continue;
      }
      if (!st) continue;
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) out.push(path);
    }
  };
  walk(root);
  return out;
}
