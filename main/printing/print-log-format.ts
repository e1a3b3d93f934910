import { z } from 'zod';
import { spoilReasonSchema } from '../ipc/slices/printing';

/**
 * The room's print log (журнал печати ИК): what a room station printed for one exam, as it travels to HQ on the
 * transfer drive (kind `room.print_log`, sealed, dated) and as the forms read it — the room protocol ППЭ-05-02 at the
 * room station, ППЭ-14-02 and ППЭ-13-02-МАШ at HQ from every room's newest log. A newer log from the same station
 * replaces the older one whole (it is the station's complete log so far, never a delta), so a drive lost on the way
 * loses nothing that the next write does not carry again.
 *
 * Every kit the station ever started to print is here, once, by its index in the package: a kit is never listed
 * twice and its numbers (КИМ, blanks) never belong to two kits. Strict: an unknown field is a refusal.
 */

const code4 = z.string().regex(/^[0-9]{4}$/);
const localDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
const blankNumber = z.string().regex(/^[0-9]{13}$/);

export const PRINT_LOG_MAX_KITS = 200;

export { spoilReasonSchema, type SpoilReason } from '../ipc/slices/printing';

export const printLogKitSchema = z.strictObject({
  /** The kit's index in the package (main/kits/KITS.md «Numbering»). */
  kitIndex: z.number().int().min(1).max(10_000),
  kimNumber: z.string().regex(/^[0-9]{8}$/),
  blanks: z.strictObject({
    registration: blankNumber,
    answers1: blankNumber,
    answers2: z.tuple([blankNumber, blankNumber]),
  }),
  /** The room's own kits, or a reserve kit granted to this station by reserve key `reserveSequence`. */
  source: z.enum(['room', 'reserve']),
  reserveSequence: z.number().int().min(1).nullable(),
  /**
   * printed: came out whole and was handed out; spoiled: marked spoiled (its numbers never printed again);
   * failed: its job failed or stopped mid-way and it waits to be printed again (the same kit, never a new one).
   */
  state: z.enum(['printed', 'spoiled', 'failed']),
  /** Whom it was printed for (kits are participant-independent; this is who received it), by RCOI's person id. */
  participantId: z.string().min(1).max(64).nullable(),
  seat: z.string().max(3).nullable(),
  /** Print jobs sent for this kit (more than 1 after a failed job was printed again). */
  attempts: z.number().int().min(0).max(100),
  printedAt: z.iso.datetime().nullable(),
  spoiled: z
    .strictObject({ reason: spoilReasonSchema, note: z.string().max(200), at: z.iso.datetime(), by: z.string().max(200) })
    .nullable(),
  /** The spoiled kit this one replaced, by index. */
  replacementOf: z.number().int().min(1).max(10_000).nullable(),
});
export type PrintLogKit = z.infer<typeof printLogKitSchema>;

export const printLogSchema = z.strictObject({
  payloadVersion: z.literal(1),
  roomCode: code4,
  stationNumber: z.string().regex(/^[0-9]{6}$/),
  packageId: z.uuid(),
  exam: z.strictObject({ date: localDate, subjectCode: z.number().int().positive().max(999) }),
  /** When the station wrote this log (UTC). */
  writtenAt: z.iso.datetime(),
  /** The room's participants with whether the organiser marked them present (ППЭ-05-02 lists the absent too). */
  participants: z
    .array(z.strictObject({ participantId: z.string().min(1).max(64), seat: z.string().max(3), present: z.boolean() }))
    .max(25),
  kits: z.array(printLogKitSchema).max(PRINT_LOG_MAX_KITS),
  /** As the station counted them; HQ recomputes them from `kits` and refuses a log where they differ. */
  counters: z.strictObject({
    printed: z.number().int().min(0),
    spoiled: z.number().int().min(0),
    replaced: z.number().int().min(0),
    reserveUsed: z.number().int().min(0),
    /** The room's own and granted reserve kits not yet printed. */
    remaining: z.number().int().min(0),
  }),
});
export type PrintLog = z.infer<typeof printLogSchema>;
