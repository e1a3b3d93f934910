import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRoomProtocol } from '../documents/forms/ppe-05-02';
import { renderPpeSummary } from '../documents/forms/ppe-13-02-mash';
import { renderIssueReturnSheet } from '../documents/forms/ppe-14-02';
import { AppError } from '../kernel/app-error';
import type { CoreContext } from '../kernel/context';
import { readSetting } from '../ppe/ppe-config';
import { stationSideOf } from '../ppe/station-info';
import type { PrintLog } from '../printing/print-log-format';
import { currentPrintLogs } from '../transfer/room-print-log';
import { examRow } from './form-facts';
import { issueReturnInput, ppeSummaryInput, roomProtocolInput } from './form-inputs';

export interface FormsDeps {
  ctx: Pick<CoreContext, 'db' | 'clock'>;
  /** The data folder: forms are saved under `documents/` in it. */
  dataDir: string;
  /**
   * A room station: its newest print logs of a date, one a package (app-core hands the printing capability's
   * printLogsOn here, as it does to the transfer desk). Nothing printed yet: an empty list.
   */
  roomPrintLogs?: (examDate: string) => PrintLog[];
}

/** A form made: saved to the data folder (its path, for the person to find it) and its bytes for the screen. */
export interface SavedForm {
  path: string;
  fileName: string;
  pdfBase64: string;
}

/**
 * The forms a person asks for: built from this station's facts (form-inputs.ts), drawn by main/documents/forms, and
 * saved as PDF under `<data>/documents/`, each file named by form, exam and room so a reprint replaces it.
 * At a room station, ППЭ-05-02 of its own room from its print log; at HQ, ППЭ-05-02 of any room, ППЭ-14-02 and
 * ППЭ-13-02-МАШ from the current logs the rooms returned.
 */
export class FormsService {
  constructor(private readonly d: FormsDeps) {}

  /** ППЭ-05-02. At a room station `room` is its own (null: its own); at HQ it must name a room of the exam. */
  async roomProtocol(examId: number, room: string | null): Promise<SavedForm> {
    const { db } = this.d.ctx;
    const exam = examRow(db, examId);
    const side = stationSideOf(db);
    let logs: PrintLog[];
    let code: string;
    if (side === 'room') {
      const own = this.ownRoom();
      if (room !== null && room !== own) throw new AppError('FORM_UNKNOWN_ROOM', { room });
      code = own;
      logs = (this.d.roomPrintLogs?.(exam.date) ?? []).filter((l) => l.exam.subjectCode === exam.subjectCode && l.roomCode === own);
    } else {
      if (room === null) throw new AppError('FORM_UNKNOWN_ROOM', { room: '—' });
      code = room;
      logs = currentPrintLogs(db, exam.date, exam.subjectCode).filter((l) => l.room === room).map((l) => l.log);
    }
    const seated = db.prepare<[number, string], { n: number }>('SELECT count(*) AS n FROM seating WHERE exam_id = ? AND auditorium_code = ?').get(examId, code)!.n;
    if (seated === 0 && logs.length === 0) throw new AppError('FORM_UNKNOWN_ROOM', { room: code });
    const pdf = await renderRoomProtocol(roomProtocolInput(db, examId, code, logs));
    return this.save(`ППЭ-05-02_${exam.date}_${String(exam.subjectCode).padStart(2, '0')}_${code}.pdf`, pdf);
  }

  /** ППЭ-14-02 at HQ. */
  async issueReturn(examId: number): Promise<SavedForm> {
    const { db } = this.d.ctx;
    const exam = examRow(db, examId);
    const pdf = await renderIssueReturnSheet(issueReturnInput(db, examId, currentPrintLogs(db, exam.date, exam.subjectCode)));
    return this.save(`ППЭ-14-02_${exam.date}_${String(exam.subjectCode).padStart(2, '0')}.pdf`, pdf);
  }

  /** ППЭ-13-02-МАШ at HQ. */
  async ppeSummary(examId: number): Promise<SavedForm> {
    const { db } = this.d.ctx;
    const exam = examRow(db, examId);
    const pdf = await renderPpeSummary(ppeSummaryInput(db, examId, currentPrintLogs(db, exam.date, exam.subjectCode)));
    return this.save(`ППЭ-13-02-МАШ_${exam.date}_${String(exam.subjectCode).padStart(2, '0')}.pdf`, pdf);
  }

  /** HQ: the rooms' current print logs of the exam, what ППЭ-14-02 and ППЭ-13-02-МАШ are made from. */
  printLogs(examId: number): {
    room: string;
    station: string;
    seq: number;
    takenAt: string;
    writtenAt: string;
    present: number;
    printed: number;
    spoiled: number;
    replaced: number;
    reserveUsed: number;
    remaining: number;
  }[] {
    const exam = examRow(this.d.ctx.db, examId);
    return currentPrintLogs(this.d.ctx.db, exam.date, exam.subjectCode).map(({ room, station, seq, takenAt, log }) => ({
      room,
      station,
      seq,
      takenAt,
      writtenAt: log.writtenAt,
      present: log.participants.filter((p) => p.present).length,
      ...log.counters,
    }));
  }

  private ownRoom(): string {
    const number = readSetting(this.d.ctx.db, 'station_number');
    const room = number ? this.d.ctx.db.prepare<[string], { room: string }>('SELECT auditorium_code AS room FROM station WHERE number = ?').get(number)?.room : undefined;
    if (!room) throw new AppError('STATION_NOT_SET_UP');
    return room;
  }

  /** Written beside its final name and renamed over it: a reader never sees half a PDF. */
  private save(fileName: string, pdf: Buffer): SavedForm {
    const folder = join(this.d.dataDir, 'documents');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, fileName);
    writeFileSync(`${path}.partial`, pdf);
    renameSync(`${path}.partial`, path);
    return { path, fileName, pdfBase64: pdf.toString('base64') };
  }
}
