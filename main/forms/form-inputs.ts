import type { Db } from '../db/open-database';
import type { RoomProtocolInput } from '../documents/forms/ppe-05-02';
import type { PpeSummaryInput, RoomSummaryRow } from '../documents/forms/ppe-13-02-mash';
import type { IssueReturnInput, RoomIssueReturnRow } from '../documents/forms/ppe-14-02';
import type { SignatureLine } from '../documents/forms/form-types';
import type { PrintLog } from '../printing/print-log-format';
import { assignedStaff, examRow, formExam, formPpe, headAndGekSignatures, roomPrinting, seatedInRoom } from './form-facts';

/**
 * The forms' inputs (issue 12, item 7) from what a station holds: the room protocol ППЭ-05-02 from the room data
 * (participants, seats, organisers) and the room's print log; at HQ, ППЭ-14-02 and ППЭ-13-02-МАШ from HQ's roster and
 * the current print logs the rooms returned (main/transfer/room-print-log.ts). The renderers in main/documents/forms
 * lay them out; nothing here draws.
 */

/**
 * ППЭ-05-02 for one room: a row for each participant the log marks present, in seat order, with the КИМ and
 * registration blank numbers of the kit printed for them (the replacement, when theirs was spoiled); the room's kit
 * counts as the log counts them; the room's organisers (the first by surname as the responsible one) and the GEK
 * member to sign. No log yet: no rows and zero counts — the form to fill in by hand.
 */
export function roomProtocolInput(db: Db, examId: number, room: string, logs: readonly PrintLog[]): RoomProtocolInput {
  const exam = examRow(db, examId);
  const seated = seatedInRoom(db, examId, room);
  const printing = roomPrinting(logs);
  const organisers = assignedStaff(db, examId, 2, room);
  const signatures: SignatureLine[] = [
    ...organisers.map((name, i) => ({ role: i === 0 ? 'Ответственный организатор в аудитории' : 'Организатор в аудитории', name })),
    ...(organisers.length === 0 ? [{ role: 'Ответственный организатор в аудитории' }, { role: 'Организатор в аудитории' }] : []),
    { role: 'Член ГЭК' },
  ];
  return {
    ppe: formPpe(db),
    exam: formExam(exam),
    roomCode: room,
    assigned: seated.length,
    participants: seated
      .filter((p) => printing.present.has(p.id))
      .map((p) => {
        const kit = printing.kitOf.get(p.id);
        return { fullName: p.fullName, document: p.document, seat: p.seat, kimNumber: kit?.kimNumber ?? '', registrationBlank: kit?.blanks.registration ?? '' };
      }),
    counts: printing.counts,
    signatures,
  };
}

/** The rooms of an exam at HQ: every room the roster seats anyone in, and every room a print log came from. */
function roomsOf(db: Db, examId: number, logs: readonly { room: string }[]): string[] {
  const seated = db
    .prepare<[number], { room: string }>('SELECT DISTINCT auditorium_code AS room FROM seating WHERE exam_id = ?')
    .all(examId)
    .map((r) => r.room);
  return [...new Set([...seated, ...logs.map((l) => l.room)])].sort();
}

function logsOfRoom(logs: readonly { room: string; log: PrintLog }[], room: string): PrintLog[] {
  return logs.filter((l) => l.room === room).map((l) => l.log);
}

/**
 * ППЭ-14-02 at HQ: a row per room with its responsible organiser (the first organiser by surname), what its print logs
 * say it printed, spoiled and took from the reserve, and as «returned» the kits that come back with answers — every kit
 * printed whole and handed out (spoiled kits go back in their own envelope, not with answers). Times are left to
 * write by hand.
 */
export function issueReturnInput(db: Db, examId: number, logs: readonly { room: string; log: PrintLog }[]): IssueReturnInput {
  const exam = examRow(db, examId);
  const rows: RoomIssueReturnRow[] = roomsOf(db, examId, logs).map((room) => {
    const { counts } = roomPrinting(logsOfRoom(logs, room));
    return { roomCode: room, organiser: assignedStaff(db, examId, 2, room)[0] ?? '', kits: counts, kitsReturned: counts.printed };
  });
  return { ppe: formPpe(db), exam: formExam(exam), rows, signatures: headAndGekSignatures(db, examId) };
}

/**
 * ППЭ-13-02-МАШ at HQ: per room the participants HQ seated there, those the print logs mark present, and the logs'
 * kit counts. Removed and not completed come with the acts (ППЭ-21, ППЭ-22): zero until then.
 */
export function ppeSummaryInput(db: Db, examId: number, logs: readonly { room: string; log: PrintLog }[]): PpeSummaryInput {
  const exam = examRow(db, examId);
  const rows: RoomSummaryRow[] = roomsOf(db, examId, logs).map((room) => {
    const printing = roomPrinting(logsOfRoom(logs, room));
    return { roomCode: room, assigned: seatedInRoom(db, examId, room).length, present: printing.present.size, removed: 0, notCompleted: 0, kits: printing.counts };
  });
  return { ppe: formPpe(db), exam: formExam(exam), rows, signatures: headAndGekSignatures(db, examId) };
}
