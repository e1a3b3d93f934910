import { z } from 'zod';
import { channel } from '../channel';
import { code4, isoInstant, emptySchema, localDate } from './common';

/**
 * The key to the exam materials at HQ (main/exam-keys): today's exams whose internet package HQ holds, the keys
 * received for them, the GEK members who can ask (a registered token), the room stations the key goes to on the
 * transfer drive; and the one act, asking RCOI with a member's token and PIN.
 */

const personRef = z.object({ staffId: z.number().int(), name: z.string() });
const stationNumber = z.string().regex(/^[0-9]{6}$/);

export const examKeyAskSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('main') }).strict(),
  z.object({ kind: z.literal('reserve'), roomCode: code4, stationNumber, kits: z.number().int().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('again'), keyId: z.uuid() }).strict(),
]);
export type ExamKeyAsk = z.infer<typeof examKeyAskSchema>;

export const reserveGrantViewSchema = z.object({ sequence: z.number().int(), roomCode: z.string(), stationNumber: z.string(), kits: z.number().int() });

export const heldKeySchema = z.object({
  keyId: z.string(),
  kind: z.enum(['main', 'reserve']),
  sequence: z.number().int(),
  receivedAt: isoInstant,
  /** The GEK member whose token asked: by name when the roster knows RCOI's id, else null. */
  requestedBy: z.string().nullable(),
  /** A reserve key's own grant (null for the main key). */
  grant: reserveGrantViewSchema.nullable(),
  /** Every reserve grant so far the file carries (a reserve key carries all of them). */
  grants: z.array(reserveGrantViewSchema),
});
export type HeldKeyView = z.infer<typeof heldKeySchema>;

export const examKeyExamSchema = z.object({
  examId: z.number().int(),
  date: localDate,
  subjectCode: z.number().int(),
  subjectName: z.string(),
  form: z.enum(['EGE', 'GVE']),
  /** The package HQ holds downloaded and verified; null when it is not held (nothing can be asked yet). */
  packageId: z.string().nullable(),
  /** When RCOI releases the key, the PPE's local time («09:30»), and that moment as an instant. */
  opensLocal: z.string(),
  opensAt: isoInstant,
  main: heldKeySchema.nullable(),
  reserve: z.array(heldKeySchema),
  /** The rooms of the exam with their pinned stations and the last time the keys were written for the room. */
  rooms: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      stations: z.array(z.object({ number: z.string(), isReserve: z.boolean() })),
      keysWritten: z.object({ at: isoInstant, seq: z.number().int(), carriesMain: z.boolean(), carriesNewest: z.boolean() }).nullable(),
    }),
  ),
});
export type ExamKeyExamView = z.infer<typeof examKeyExamSchema>;

export const examKeysOverviewSchema = z.object({
  today: localDate,
  exams: z.array(examKeyExamSchema),
  /** GEK members with a registered token: who can ask. */
  members: z.array(personRef.extend({ serial: z.string().nullable(), simulated: z.boolean() })),
  training: z.boolean(),
  /** The training tokens' PIN, in training mode only. */
  trainingPin: z.string().nullable(),
});
export type ExamKeysOverview = z.infer<typeof examKeysOverviewSchema>;

export const examKeysChannels = {
  'examKeys/overview': channel({ access: 'examKeys.read', request: emptySchema, response: examKeysOverviewSchema }),
  // A GEK member's token asks RCOI for the main key, a reserve key, or a key released before; the member types the
  // token's PIN. Recorded, journaled and reported to RCOI in one act; a refusal is journaled too.
  'examKeys/request': channel({
    access: 'examKeys.request',
    request: z
      .object({ packageId: z.uuid(), staffId: z.number().int(), tokenPin: z.string().min(1).max(64), ask: examKeyAskSchema })
      .strict(),
    response: z.object({ key: heldKeySchema, fresh: z.boolean() }),
  }),
} as const;
