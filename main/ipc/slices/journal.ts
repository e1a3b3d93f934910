import { z } from 'zod';
import { channel } from '../channel';
import { emptySchema, isoInstant } from './common';

/** The hash-chained journal (main/journal): reading it and checking the chain. */

export const journalEntrySchema = z.object({
  seq: z.number().int(),
  at: isoInstant,
  actorName: z.string(),
  actorRoleCode: z.number().int().nullable(),
  station: z.string(),
  action: z.string(),
  payload: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const journalVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  lastSeq: z.number().int(),
  lastHash: z.string(),
  problem: z.object({ seq: z.number().int(), kind: z.enum(['edited', 'deleted', 'inserted', 'reordered', 'truncated']) }).nullable(),
  /** The station's own signed anchors (main/anchors/ANCHORS.md); `ok` is false if the chain or any anchor fails. */
  anchors: z.object({
    checked: z.number().int(),
    newest: z.object({ anchorNo: z.number().int(), seq: z.number().int(), signedAt: isoInstant }).nullable(),
    problem: z
      .object({
        anchorNo: z.number().int(),
        seq: z.number().int(),
        signedAt: isoInstant,
        kind: z.enum(['rewritten', 'missing_entry', 'bad_signature', 'gap', 'deleted', 'key_unavailable']),
      })
      .nullable(),
  }),
  verifiedAt: isoInstant,
});
export type JournalVerificationDto = z.infer<typeof journalVerificationSchema>;

export const journalChannels = {
  'journal/list': channel({
    access: 'journal.read',
    request: z
      .object({ beforeSeq: z.number().int().positive().nullable(), limit: z.number().int().min(1).max(500) })
      .strict(),
    response: z.object({ total: z.number().int(), entries: z.array(journalEntrySchema) }),
  }),
  'journal/verify': channel({ access: 'journal.read', request: emptySchema, response: journalVerificationSchema }),
  /** «Подписать журнал сейчас»: signs the journal's head now (the newest anchor again if nothing happened since). */
  'journal/anchor': channel({
    access: 'journal.anchor',
    request: emptySchema,
    response: z.object({ anchorNo: z.number().int(), seq: z.number().int(), signedAt: isoInstant, fresh: z.boolean() }),
  }),
} as const;
