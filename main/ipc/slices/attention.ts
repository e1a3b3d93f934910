import { z } from 'zod';
import { channel } from '../channel';
import { emptySchema, localDate, roleCodeSchema } from './common';
import { copyStateSchema, packageStateSchema } from './packages';

/**
 * Attention (main/attention): what a person must know now, on every screen, in three levels.
 * - alarm: what stops today's exam, with who must fix it and the screen where it is fixed;
 * - notice: what is due in the coming days, with its date (calm, on the home screen);
 * - what is finished is not listed at all.
 */

/** The screen where an alarm is fixed (a section of the shell). */
export const fixScreenSchema = z.enum(['packages', 'journal', 'sync', 'examKeys', 'printing']);

const alarmBase = {
  /** Who must do it: a role code (the technical specialist, the PPE head). */
  who: roleCodeSchema,
  fixAt: fixScreenSchema,
};

export const alarmSchema = z.discriminatedUnion('kind', [
  /** Exam day before the exam ended: today's package is not verified on both the main and the reserve drive. */
  z.object({
    kind: z.literal('package_not_ready'),
    ...alarmBase,
    examId: z.number().int(),
    examDate: localDate,
    subjectName: z.string(),
    /** The exam's start, PPE-local 'HH:MM'. */
    startLocal: z.string(),
    state: packageStateSchema,
    main: copyStateSchema.nullable(),
    reserve: copyStateSchema.nullable(),
  }),
  /** The journal's hash chain is broken at this entry, or ('anchor') a signed anchor of it fails (main/anchors). */
  z.object({
    kind: z.literal('journal_broken'),
    ...alarmBase,
    seq: z.number().int(),
    problem: z.enum(['edited', 'deleted', 'inserted', 'reordered', 'truncated', 'anchor']),
  }),
  /** This computer's clock is more than 2 minutes off RCOI's. */
  z.object({ kind: z.literal('clock_skew'), ...alarmBase, skewSeconds: z.number() }),
  /**
   * HQ, exam day from 09:30 (when RCOI releases the key) until the exam's end: HQ holds the exam's package but no main
   * key file for it. The GEK member asks with their token, the technical specialist at the station beside them.
   */
  z.object({
    kind: z.literal('key_not_received'),
    ...alarmBase,
    examId: z.number().int(),
    examDate: localDate,
    subjectName: z.string(),
    startLocal: z.string(),
  }),
  /**
   * A room station, exam day from 09:30 until the exam's end: a key file for today's package is held but the key is
   * not in memory (not activated yet, or the app restarted): nothing can be printed until the GEK member's token
   * activates it.
   */
  z.object({
    kind: z.literal('key_not_active'),
    ...alarmBase,
    examId: z.number().int(),
    examDate: localDate,
    subjectName: z.string(),
    startLocal: z.string(),
  }),
]);
export type Alarm = z.infer<typeof alarmSchema>;

export const noticeSchema = z.object({
  kind: z.literal('package_due'),
  examId: z.number().int(),
  examDate: localDate,
  subjectName: z.string(),
  state: packageStateSchema,
  /** The day the package must be on both drives by. */
  deadline: localDate,
  /** The deadline is the package's publication day (a reserve day): download and write it that day. */
  onPublicationDay: z.boolean(),
  late: z.boolean(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const attentionSchema = z.object({
  today: localDate,
  alarms: z.array(alarmSchema),
  /** Only for a person who may see the packages (packages.read); empty otherwise. */
  notices: z.array(noticeSchema),
});
export type Attention = z.infer<typeof attentionSchema>;

export const attentionChannels = {
  /** Today's alarms and the coming days' notices; every signed-in person sees the alarms. */
  'attention/today': channel({ access: 'session', request: emptySchema, response: attentionSchema }),
} as const;
