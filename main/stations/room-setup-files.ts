import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { StationCrypto } from '../crypto/station-crypto';
import { AppError } from '../kernel/app-error';
import { DriveEntryError, readRegularCapped } from '../packages/drive-fs';
import { MESSAGE_SUFFIX, TRANSFER_FOLDER } from '../transfer/message-format';
import { readSetupMessage, type SetupVerdict } from '../transfer/read-message';
import { stationFingerprint } from './station-keys';

/** A set-up file is small (a few KiB: the PPE, a room, keys, a few names); anything far bigger is refused unread. */
export const MAX_SETUP_FILE_BYTES = 1024 * 1024;
/** At most this many set-up files are read from one drive: a drive flooded with names must not hold the screen. */
export const MAX_SETUP_FILES = 100;
/** And at most this many station folders are looked into (a drive planted with a million folders). */
const MAX_SETUP_FOLDERS = 1000;

const SETUP_SUFFIX = `-station.setup${MESSAGE_SUFFIX}`;
/** `station-<number>/<sender>-<seq>-station.setup.ppex`: the only names a set-up file may have under PPE-TRANSFER. */
const SETUP_PATH = /^station-([0-9]{4,12})\/([0-9]{4,12}-[0-9]{1,16}-station\.setup\.ppex)$/;

export interface SetupFileRead {
  /** Its path under PPE-TRANSFER/, e.g. `station-100104/100001-00000001-station.setup.ppex`. */
  file: string;
  verdict: SetupVerdict;
  sha256: string | null;
}

/**
 * The set-up files on a transfer drive (PPE-TRANSFER/station-<number>/), each read capped, without following a
 * link, and verified as a station that trusts no key yet can (readSetupMessage). Reading applies and journals
 * nothing: the screen lists them, a person picks one.
 */
export async function readSetupFiles(crypto: StationCrypto, driveRoot: string): Promise<{ files: SetupFileRead[]; more: number }> {
  const top = join(driveRoot, TRANSFER_FOLDER);
  const st = await lstat(top).catch(() => null);
  if (!st?.isDirectory()) return { files: [], more: 0 };
  const names: string[] = [];
  const folders = (await readdir(top)).filter((f) => /^station-[0-9]{4,12}$/.test(f)).sort();
  for (const folder of folders.slice(0, MAX_SETUP_FOLDERS)) {
    const dir = await lstat(join(top, folder)).catch(() => null);
    // A link where a station's folder belongs is not followed.
    if (!dir?.isDirectory()) continue;
    for (const name of (await readdir(join(top, folder))).sort()) if (name.endsWith(SETUP_SUFFIX)) names.push(`${folder}/${name}`);
  }
  const files: SetupFileRead[] = [];
  for (const file of names.slice(0, MAX_SETUP_FILES)) files.push(await readSetupFile(crypto, driveRoot, file));
  return { files, more: Math.max(0, names.length - MAX_SETUP_FILES) };
}

/** One set-up file by its path under PPE-TRANSFER/ (as the screen names it): a name of another shape is refused. */
export async function readSetupFile(crypto: StationCrypto, driveRoot: string, file: string): Promise<SetupFileRead> {
  const m = SETUP_PATH.exec(file);
  const refused = (error: AppError): SetupFileRead => ({ file, verdict: { ok: false, error, claimed: { sender: null, kind: null, seq: null } }, sha256: null });
  if (!m) return refused(new AppError('STATION_SETUP_GONE', { file }));
  let bytes: Buffer;
  try {
    bytes = await readRegularCapped(join(driveRoot, TRANSFER_FOLDER, `station-${m[1]!}`, m[2]!), file, MAX_SETUP_FILE_BYTES, () =>
      new AppError('TRANSFER_MALFORMED', { file, reason: 'too_large' }),
    );
  } catch (e) {
    if (e instanceof DriveEntryError) return refused(new AppError('TRANSFER_NOT_REGULAR', { file, kind: e.kind }));
    if (e instanceof AppError) return refused(e);
    return refused(new AppError('STATION_SETUP_GONE', { file }));
  }
  return { file, verdict: readSetupMessage(crypto, bytes, file, m[2]!), sha256: crypto.sha256Hex(bytes) };
}

/** What the room set-up screen shows of one file: what it offers, or why it is refused. */
export function describeSetupFile(read: SetupFileRead) {
  const v = read.verdict;
  if (!v.ok) return { file: read.file, problem: v.error.toPayload(), offer: null };
  const p = v.payload;
  return {
    file: read.file,
    problem: null,
    offer: {
      room: { code: p.room.code, name: p.room.name },
      station: { number: p.station.number, isReserve: p.station.isReserve },
      move: p.station.currentKey !== null,
      ppe: { code: p.ppe.code, name: p.ppe.name, regionName: p.ppe.regionName, trainingMode: p.ppe.trainingMode },
      hq: { station: p.hq.station, fingerprint: stationFingerprint(p.hq.signingKey) },
      issuedAt: p.issuedAt,
      staff: p.staff
        .filter((s) => s.roleCode === 7)
        .map((s) => ({ externalId: s.externalId, name: [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ') })),
    },
  };
}
