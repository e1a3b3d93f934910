import { z } from 'zod';
import { channel } from '../channel';
import { code4, doneSchema, emptySchema, isoInstant, localDate, problemSchema } from './common';

/**
 * The transfer drive between HQ and the rooms (main/transfer/, FORMAT.md): the «Флешка для переноса» screen. What
 * the drive holds for this station is listed from the files' headers only (nothing verified or applied until a
 * person takes them); taking and writing are acts of the technical specialist.
 */

const stationNumber = z.string();

export const transferFileSchema = z.object({
  /** The file's path under PPE-TRANSFER/ (what a person finds on the drive). */
  file: z.string(),
  sender: stationNumber.nullable(),
  kind: z.string().nullable(),
  seq: z.number().int().nullable(),
  examDate: localDate.nullable(),
  createdAt: isoInstant.nullable(),
  /** new: not yet taken; taken: already in the ledger; unreadable: not a message this version can read. */
  state: z.enum(['new', 'taken', 'unreadable']),
});

export const transferGapSchema = z.object({
  sender: stationNumber,
  /** 'station:<number>', 'room:<code>' or 'hq'. */
  receiver: z.string(),
  count: z.number().int(),
  /** The first missing numbers (at most 100). */
  seqs: z.array(z.number().int()),
});

export const transferRefusalSchema = z.object({ file: z.string(), error: problemSchema });

export const transferImportSchema = z.object({
  taken: z.array(z.object({ file: z.string(), sender: stationNumber, kind: z.string(), seq: z.number().int(), late: z.boolean() })),
  already: z.array(z.object({ file: z.string(), sender: stationNumber, seq: z.number().int() })),
  refused: z.array(transferRefusalSchema),
  missing: z.array(transferGapSchema),
  leftUnread: z.number().int(),
});
export type TransferImport = z.infer<typeof transferImportSchema>;

const ledgerLineSchema = z.object({
  sender: stationNumber,
  receiver: z.string(),
  kind: z.string(),
  seq: z.number().int(),
  examDate: localDate.nullable(),
  file: z.string(),
  recordedAt: isoInstant,
});

export const transferOverviewSchema = z.object({
  /** This station on the drive; null while it has no number (not set up). */
  station: z.object({ number: stationNumber, role: z.enum(['hq', 'room']), room: code4.nullable() }).nullable(),
  /** The drives inserted now, and which of them carries the transfer role. */
  drives: z.array(z.object({ id: z.string(), label: z.string().nullable(), sizeBytes: z.number(), isTransfer: z.boolean() })),
  /** The transfer drive in use: the inserted drive most recently chosen for transfer. */
  drive: z.object({ id: z.string(), label: z.string().nullable() }).nullable(),
  /** What the drive holds for this station (headers only); null without a drive. */
  onDrive: z
    .object({ files: z.array(transferFileSchema), more: z.number().int(), problem: problemSchema.nullable() })
    .nullable(),
  taken: z.array(ledgerLineSchema),
  written: z.array(ledgerLineSchema),
  missing: z.array(transferGapSchema),
  lastImport: z.object({ at: isoInstant, report: transferImportSchema }).nullable(),
  /** HQ: the rooms with a pinned station, to write room data for. */
  rooms: z.array(z.object({ code: code4, name: z.string(), stations: z.array(stationNumber) })),
  /** HQ: the exams room data can be written for; a room station: the exams its roster holds. */
  exams: z.array(z.object({ id: z.number().int(), date: localDate, subjectCode: z.number().int(), subjectName: z.string() })),
  /** A room station: the dates its journal can be written for (today and its exams' dates). */
  journalDates: z.array(localDate),
  /** A room station: the room data it holds (from HQ, the newest per exam). */
  roomData: z.array(z.object({ examDate: localDate, subjectCode: z.number().int(), participants: z.number().int(), staff: z.number().int(), sender: stationNumber, seq: z.number().int() })),
  /** HQ: the room stations' journals it keeps (the newest extracts). */
  roomJournals: z.array(z.object({ station: stationNumber, room: z.string(), examDate: localDate, entries: z.number().int(), lastSeq: z.number().int().nullable(), takenAt: isoInstant })),
  /** A room station: the internet packages it holds from HQ, checked on the drive. */
  roomPackages: z.array(z.object({ packageId: z.string(), examDate: localDate, subjectCode: z.number().int(), fileCount: z.number().int(), verifiedAt: isoInstant })),
  /** Training mode with folder-backed drives: the screen may offer to insert a practice transfer drive. */
  simulatedDrives: z.boolean(),
  /** A read or a write running now (another person's press, or this one's). */
  busy: z.enum(['reading', 'writing']).nullable(),
});
export type TransferOverview = z.infer<typeof transferOverviewSchema>;

export const transferWrittenSchema = z.object({ files: z.array(z.object({ file: z.string(), kind: z.string(), seq: z.number().int() })) });

export const transferChannels = {
  'transfer/overview': channel({ access: 'transfer.read', request: emptySchema, response: transferOverviewSchema }),
  'transfer/chooseDrive': channel({ access: 'transfer.manage', request: z.object({ driveId: z.string().min(1).max(300) }).strict(), response: doneSchema }),
  'transfer/take': channel({ access: 'transfer.manage', request: emptySchema, response: transferImportSchema }),
  /** HQ: «Записать данные аудитории» — room.data for one room and exam, sealed to all of that room's stations. */
  'transfer/writeRoomData': channel({
    access: 'transfer.manage',
    request: z.object({ examId: z.number().int().positive(), room: code4 }).strict(),
    response: transferWrittenSchema,
  }),
  /** A room station: «Записать журнал для штаба» — room.journal_extract of one date. */
  'transfer/writeJournal': channel({ access: 'transfer.manage', request: z.object({ examDate: localDate }).strict(), response: transferWrittenSchema }),
} as const;
