import { z } from 'zod';

/**
 * The payload of `room.journal_extract` (a room → HQ, sealed, dated; FORMAT.md «Kinds»): the room station's journal
 * entries of one exam date, exactly as stored (every field its hash covers, the hash and the previous entry's hash),
 * so that HQ can recompute each hash and follow the links (journal-extract.ts). Bounded: at most
 * JOURNAL_EXTRACT_MAX_ENTRIES entries; a longer day is sent from its first entry on, `complete: false`, and the next
 * extract carries on from where this one stopped.
 */
export const JOURNAL_EXTRACT_MAX_ENTRIES = 20_000;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const journalExtractEntrySchema = z.strictObject({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  at: z.iso.datetime(),
  actorStaffId: z.number().int().nullable(),
  actorName: z.string().max(300),
  actorRoleCode: z.number().int().min(1).max(9).nullable(),
  station: z.string().max(64),
  action: z.string().max(64),
  /** The entry's payload as stored (canonical JSON): the hash covers these exact characters. */
  payload: z.string().max(64 * 1024),
  prevHash: hex64,
  hash: hex64,
});
export type JournalExtractEntry = z.infer<typeof journalExtractEntrySchema>;

export const journalExtractSchema = z.strictObject({
  payloadVersion: z.literal(1),
  /** The room station whose journal this is (it must be the message's sender). */
  station: z.string().regex(/^[0-9]{4,12}$/),
  room: z.string().regex(/^[0-9]{4}$/),
  examDate: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
  /** The newest entry of the station's whole journal when the extract was written. */
  head: z.strictObject({ seq: z.number().int().min(0), hash: z.union([hex64, z.literal('')]) }),
  /** false: the day has more entries than one extract carries; the rest follows in the next one. */
  complete: z.boolean(),
  entries: z.array(journalExtractEntrySchema).max(JOURNAL_EXTRACT_MAX_ENTRIES),
});
export type JournalExtract = z.infer<typeof journalExtractSchema>;
