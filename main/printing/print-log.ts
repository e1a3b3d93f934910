import type { CoreContext } from '../kernel/context';
import { readSetting } from '../ppe/ppe-config';
import { reserveGrants } from './kit-plan';
import { countersOf, printKits } from './print-queue';
import { printLogSchema, type PrintLog, type PrintLogKit } from './print-log-format';

/**
 * The room's print log of one package (print-log-format.ts), built from this station's rows: every kit it ever sent
 * to the printer (queued kits never sent are not in it), the room's participants with whether they were marked
 * present, and the counters as the screen shows them. A kit 'printing' or 'uncertain' (the app stopped mid-job and
 * nobody has said how it came out) travels as 'failed': it waits to be printed again or resolved, never counts as
 * printed. Null when this station is not a room station or has no such package. Validated against the schema
 * before it leaves: a log HQ would refuse is a bug here.
 */
export function buildPrintLog(ctx: Pick<CoreContext, 'db'>, now: Date, packageId: string): PrintLog | null {
  const db = ctx.db;
  const stationNumber = readSetting(db, 'station_number');
  const pkg = db
    .prepare<[string], { exam_date: string; subject_code: number; form: string; kits: number | null }>(
      'SELECT exam_date, subject_code, form, kits FROM room_package WHERE package_id = ?',
    )
    .get(packageId);
  if (!stationNumber || !pkg) return null;
  const room = db.prepare<[string], { code: string; role: string }>('SELECT auditorium_code AS code, role FROM station WHERE number = ?').get(stationNumber);
  if (!room || room.role !== 'organizer') return null;
  const exam = db
    .prepare<[string, number, string], { id: number }>('SELECT id FROM exam WHERE exam_date = ? AND subject_code = ? AND form = ?')
    .get(pkg.exam_date, pkg.subject_code, pkg.form);
  const participants = exam
    ? db
        .prepare<[string, number, number, string], { participantId: string; seat: string; present: number | null }>(
          `SELECT p.external_id AS participantId, s.seat,
                  (SELECT a.present FROM print_attendance a WHERE a.exam_date = ? AND a.subject_code = ? AND a.participant_id = p.external_id) AS present
           FROM seating s JOIN participant p ON p.id = s.participant_id WHERE s.exam_id = ? AND s.auditorium_code = ? ORDER BY s.seat`,
        )
        .all(pkg.exam_date, pkg.subject_code, exam.id, room.code)
    : [];
  // Kits queued but never sent are not the log's: nothing of them reached paper.
  const rows = printKits(db, packageId).filter((r) => r.state !== 'queued' || r.attempts > 0);
  const kits: PrintLogKit[] = rows.map((r) => ({
      kitIndex: r.kitIndex,
      kimNumber: r.kimNumber,
      blanks: { registration: r.registration, answers1: r.answers1, answers2: r.answers2 },
      source: r.source,
      reserveSequence: r.reserveSequence,
      state: r.state === 'printed' ? 'printed' : r.state === 'spoiled' ? 'spoiled' : 'failed',
      participantId: r.participantId,
      seat: r.seat,
      attempts: r.attempts,
      printedAt: r.state === 'printed' || r.state === 'spoiled' ? r.printedAt : null,
      spoiled: r.spoil,
      replacementOf: r.replacementOf,
    }));
  const reserve = reserveGrants(db, packageId, stationNumber).reduce((n, g) => n + g.kitIndices.length, 0);
  return printLogSchema.parse({
    payloadVersion: 1,
    roomCode: room.code,
    stationNumber,
    packageId,
    exam: { date: pkg.exam_date, subjectCode: pkg.subject_code },
    writtenAt: now.toISOString(),
    participants: participants.map((p) => ({ participantId: p.participantId, seat: p.seat, present: p.present === 1 })),
    kits,
    counters: countersOf(rows, (pkg.kits ?? 0) + reserve),
  });
}

/** The print logs of the packages this room station holds for a date (what room.print_log carries to HQ). */
export function printLogsOn(ctx: Pick<CoreContext, 'db'>, now: Date, examDate: string): PrintLog[] {
  return ctx.db
    .prepare<[string], { id: string }>('SELECT package_id AS id FROM room_package WHERE exam_date = ? ORDER BY subject_code')
    .all(examDate)
    .map((p) => buildPrintLog(ctx, now, p.id))
    .filter((l): l is PrintLog => l !== null && l.kits.length + l.participants.filter((p) => p.present).length > 0);
}
