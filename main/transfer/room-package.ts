import type { CryptoSuite } from '../crypto/crypto-suite';
import type { Db } from '../db/open-database';
import { AppError } from '../kernel/app-error';
import type { CoreContext } from '../kernel/context';
import type { Work } from '../kernel/unit-of-work';
import type { AppErrorPayload, ErrorCode } from '../ipc/errors';
import { readPpeConfig } from '../ppe/ppe-config';
import { checkPackageFolder } from '../packages/check-drive';
import { packageFolderOnDrive } from '../packages/drive-layout';
import type { PackageManifest } from '../packages/package-format';
import type { MessageHeader } from './message-format';
import type { RoomPackage } from './room-package-format';
import type { TransferCheck } from './transfer-service';

/**
 * `room.package` (FORMAT.md «Kinds»): HQ writes the exam's downloaded internet package onto the transfer drive in the
 * packages' own layout and names it in the message (`roomPackagePayload`); the room station reads the folder through
 * before the act — the manifest signed by the RCOI key it pinned at set-up, byte for byte the one HQ named, every
 * file's hash, as the packages capability checks a drive (`roomPackageCheck`) — and records it (`applyRoomPackage`).
 */

/** What HQ puts in the message for a package it downloaded and verified. */
export function roomPackagePayload(manifest: PackageManifest, manifestSha256: string): RoomPackage {
  return {
    payloadVersion: 1,
    packageId: manifest.packageId,
    manifestSha256,
    folder: packageFolderOnDrive(manifest),
    exam: { date: manifest.exam.date, subjectCode: manifest.exam.subjectCode, form: manifest.exam.form },
    size: manifest.files.reduce((n, f) => n + f.size, 0),
    fileCount: manifest.files.length,
  };
}

/** What the check learned of the package, for the applier to record. */
interface CheckedPackage {
  kits: number | null;
  reserveKits: number | null;
}

/**
 * The room station's check of a `room.package` on the drive, before the act: the exam must be one its roster holds
 * (room data comes first, in the same stream), the message's date its exam's, and the folder a whole, genuine copy of
 * exactly the package HQ named. A refusal is the drive check's own words (DRIVE_COPY_…: «запишите пакет ещё раз»).
 */
export function roomPackageCheck(ctx: Pick<CoreContext, 'db'>, crypto: CryptoSuite): TransferCheck {
  return async ({ header, payload, file }, driveRoot): Promise<CheckedPackage> => {
    const p = payload as RoomPackage;
    if (header.examDate !== p.exam.date) throw new AppError('TRANSFER_CONTENT_INVALID', { file, reason: 'date' });
    const exams = ctx.db
      .prepare<[], { date: string; subjectCode: number; form: string }>('SELECT exam_date AS date, subject_code AS subjectCode, form FROM exam')
      .all();
    if (!exams.some((e) => e.date === p.exam.date && e.subjectCode === p.exam.subjectCode && e.form === p.exam.form)) {
      throw new AppError('TRANSFER_CONTENT_INVALID', { file, reason: 'exam' });
    }
    const ppe = readPpeConfig(ctx.db);
    const result = await checkPackageFolder(driveRoot, p.folder, ppe.rcoiPublicKey, crypto, { regionCode: ppe.regionCode, ppeCode: ppe.code, exams }, undefined, {
      written: { packageId: p.packageId, manifestSha256: p.manifestSha256 },
    });
    if (!result.ok || !result.manifest) throw problemError(result.problem);
    const m = result.manifest;
    if (m.exam.date !== p.exam.date || m.exam.subjectCode !== p.exam.subjectCode || m.exam.form !== p.exam.form) {
      throw new AppError('TRANSFER_CONTENT_INVALID', { file, reason: 'exam' });
    }
    // This room's kits, as the signed manifest counts them; the reserve kits are the PPE's.
    const room = header.receiver.type === 'room' ? header.receiver.code : null;
    return { kits: m.rooms.find((r) => r.auditoriumCode === room)?.kits ?? null, reserveKits: m.reserveKits };
  };
}

function problemError(problem: AppErrorPayload | null): AppError {
  if (!problem) return new AppError('DRIVE_IO', {});
  // The drive check's problems are catalog codes with their params (check-drive.ts): raised as they are.
  return new AppError(problem.code as ErrorCode as 'DRIVE_IO', problem.params as { osCode?: string });
}

/** The room station's applier for `room.package`: the package, checked before the act, recorded once. */
export function applyRoomPackage(work: Work, message: { header: MessageHeader; payload: Record<string, unknown>; checked?: unknown }): void {
  const p = message.payload as RoomPackage;
  const checked = (message.checked ?? { kits: null, reserveKits: null }) as CheckedPackage;
  work.db
    .prepare(
      `INSERT INTO room_package (package_id, exam_date, subject_code, form, manifest_sha256, folder, size, file_count, kits, reserve_kits, sender, seq, verified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (package_id) DO NOTHING`,
    )
    .run(p.packageId, p.exam.date, p.exam.subjectCode, p.exam.form, p.manifestSha256, p.folder, p.size, p.fileCount, checked.kits, checked.reserveKits, message.header.sender, message.header.seq, work.at.toISOString());
  work.record('transfer.room_package_verified', {
    packageId: p.packageId,
    examDate: p.exam.date,
    subjectCode: p.exam.subjectCode,
    files: p.fileCount,
    sender: message.header.sender,
    seq: message.header.seq,
  });
}

/** The packages a room station holds from HQ, newest exam first. */
export function roomPackages(db: Db): { packageId: string; examDate: string; subjectCode: number; fileCount: number; verifiedAt: string }[] {
  return db
    .prepare<[], { packageId: string; examDate: string; subjectCode: number; fileCount: number; verifiedAt: string }>(
      `SELECT package_id AS packageId, exam_date AS examDate, subject_code AS subjectCode, file_count AS fileCount, verified_at AS verifiedAt
       FROM room_package ORDER BY exam_date DESC, subject_code`,
    )
    .all();
}
