import type { CryptoSuite } from '../crypto/crypto-suite';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import type { Work } from '../kernel/unit-of-work';
import { readPpeConfig } from '../ppe/ppe-config';
import { currentPackages } from '../packages/package-rows';
import { roomExamKeySchema, type RoomExamKey } from '../transfer/room-exam-key-format';
import type { TransferApplier, TransferService } from '../transfer/transfer-service';
import type { TransferKindName } from '../transfer/transfer-kinds';
import { heldExamKeys, recordExamKey } from './key-store';
import { readExamKeyFile } from './read-key-file';

const KIND = 'room.exam_key' satisfies TransferKindName;

/**
 * `room.exam_key` (main/transfer/FORMAT.md «Kinds»): the key files HQ holds for an exam travel to each room of it on
 * the transfer drive, one message per file, in the same visit as the room's data and package («Записать данные
 * аудитории»: the transfer desk calls `writeRoomExamKeys` after them, so a room station takes the package before
 * the key that belongs to it). The room station takes a key file only as RCOI signed it for its own PPE and for a
 * package it holds; activation with a GEK member's token is the printing capability's.
 */

/** HQ: every key file held for the exam's package (the main key, each reserve key), written for one room. */
export async function writeRoomExamKeys(
  ctx: Pick<CoreContext, 'db'>,
  service: TransferService,
  actor: Actor,
  driveRoot: string,
  to: { examId: number; room: string; examDate: string },
): Promise<{ files: { file: string; kind: string; seq: number }[] }> {
  const pkg = currentPackages(ctx.db).get(to.examId);
  if (!pkg) return { files: [] };
  const files: { file: string; kind: string; seq: number }[] = [];
  for (const key of heldExamKeys(ctx.db, pkg.packageId)) {
    const payload: RoomExamKey = { payloadVersion: 1, envelope: key.envelopeText };
    const written = await service.write(actor, driveRoot, { receiver: { type: 'room', code: to.room }, kind: KIND, examDate: to.examDate, payload });
    files.push({ file: written.file, kind: KIND, seq: written.seq });
  }
  return { files };
}

/** The room station's applier for `room.exam_key` (app-core hands it to the transfer desk). */
export function examKeysAppliers(crypto: CryptoSuite): Partial<Record<TransferKindName, TransferApplier>> {
  return { [KIND]: (work, message) => applyRoomExamKey(work, message, crypto) };
}

/**
 * Checks the key file against the RCOI key this station pinned at set-up, its own region and PPE, the message's exam
 * date and a package it holds from HQ (room_package); then records it and journals `key.loaded`. Any refusal is
 * an AppError: the act (ledger row, journal entry) is rolled back and the file refused, left on the drive — a key
 * that came before its package is taken on the next import, once the package is.
 */
function applyRoomExamKey(work: Work, message: Parameters<TransferApplier>[1], crypto: CryptoSuite): void {
  const { envelope } = roomExamKeySchema.parse(message.payload);
  const ppe = readPpeConfig(work.db);
  const key = readExamKeyFile(envelope, ppe.rcoiPublicKey, crypto, { regionCode: ppe.regionCode, ppeCode: ppe.code });
  const p = key.payload;
  if (message.header.examDate !== p.exam.date) throw new AppError('TRANSFER_CONTENT_INVALID', { file: message.file, reason: 'date' });
  const held = work.db
    .prepare<[string], { examDate: string; subjectCode: number; form: string }>(
      'SELECT exam_date AS examDate, subject_code AS subjectCode, form FROM room_package WHERE package_id = ?',
    )
    .get(p.packageId);
  if (!held) throw new AppError('EXAM_KEY_PACKAGE_NOT_HERE', { file: message.file });
  if (held.examDate !== p.exam.date || held.subjectCode !== p.exam.subjectCode || held.form !== p.exam.form) {
    throw new AppError('EXAM_KEY_FILE_INVALID', { reason: 'other_package' });
  }
  const fresh = recordExamKey(work.db, { ...key, source: 'transfer' }, work.at);
  work.changed('examKeys');
  work.record('key.loaded', {
    packageId: p.packageId,
    keyId: p.keyId,
    kind: p.kind,
    sequence: p.sequence,
    examDate: p.exam.date,
    subjectCode: p.exam.subjectCode,
    sender: message.header.sender,
    seq: message.header.seq,
    fresh,
  });
}
