import { z } from 'zod';
import { channel } from '../channel';
import { code4, isoInstant } from './common';

/**
 * The ППЭ forms made from what the stations hold (main/forms): the room protocol ППЭ-05-02 (a room station from its
 * own print log; HQ for any room from the log the room returned), and at HQ ППЭ-14-02 and ППЭ-13-02-МАШ from the
 * rooms' current print logs. Each call draws the PDF in main, saves it under the data folder's `documents/` and
 * answers with its path (for the person to open or print it) and its bytes.
 */

const examId = z.number().int().positive();

export const savedFormSchema = z.object({
  /** Where the PDF was saved on this computer. */
  path: z.string(),
  fileName: z.string(),
  pdfBase64: z.string(),
});
export type SavedFormDto = z.infer<typeof savedFormSchema>;

/** A room station's print log as HQ keeps it: the current one of each station of the exam. */
export const keptPrintLogSchema = z.object({
  room: code4,
  station: z.string(),
  seq: z.number().int(),
  takenAt: isoInstant,
  writtenAt: isoInstant,
  present: z.number().int(),
  printed: z.number().int(),
  spoiled: z.number().int(),
  replaced: z.number().int(),
  reserveUsed: z.number().int(),
  remaining: z.number().int(),
});

export const formsChannels = {
  'forms/roomProtocol': channel({
    access: 'printing.read',
    // A room station: its own room (room null or its own). HQ: the room to make it for.
    request: z.object({ examId, room: code4.nullable() }).strict(),
    response: savedFormSchema,
  }),
  'forms/issueReturn': channel({ access: 'transfer.read', request: z.object({ examId }).strict(), response: savedFormSchema }),
  'forms/ppeSummary': channel({ access: 'transfer.read', request: z.object({ examId }).strict(), response: savedFormSchema }),
  // HQ: the rooms' current print logs of the exam, what the two HQ forms are made from.
  'forms/printLogs': channel({ access: 'transfer.read', request: z.object({ examId }).strict(), response: z.array(keptPrintLogSchema) }),
} as const;
