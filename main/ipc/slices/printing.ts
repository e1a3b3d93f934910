import { z } from 'zod';
import { channel } from '../channel';
import { appErrorSchema } from '../errors';
import { code4, emptySchema, isoInstant, localDate } from './common';

/**
 * Printing of individual kits at a room station (main/printing): the exam key activated with a GEK member's token,
 * the room's participants marked present, kits printed one job per kit with progress per kit and page, pause and
 * resume, printer faults, spoiled kits and their replacements, reserve kits, counters. Everything here is the room
 * station's own; HQ sees it through the print log on the transfer drive.
 */

const blankNumber = z.string().regex(/^[0-9]{13}$/);

/** Why a kit was spoiled (the organiser picks one; `other` needs a note). The print log carries it too. */
export const spoilReasonSchema = z.enum(['misprint', 'printer_fault', 'damaged', 'other']);
export type SpoilReason = z.infer<typeof spoilReasonSchema>;

/** A kit as the screen shows it. `uncertain`: the app stopped while its job was printing; the organiser says how it came out. */
export const kitRowSchema = z.object({
  kitIndex: z.number().int(),
  kimNumber: z.string(),
  registration: blankNumber,
  source: z.enum(['room', 'reserve']),
  state: z.enum(['queued', 'printing', 'printed', 'failed', 'uncertain', 'spoiled']),
  participantId: z.string().nullable(),
  seat: z.string().nullable(),
  attempts: z.number().int(),
  /** Pages done of this kit's job while it prints (null otherwise). */
  pagesDone: z.number().int().nullable(),
  pages: z.number().int(),
  printedAt: isoInstant.nullable(),
  spoilReason: spoilReasonSchema.nullable(),
  replacementOf: z.number().int().nullable(),
  problem: appErrorSchema.nullable(),
});
export type KitRow = z.infer<typeof kitRowSchema>;

export const printingParticipantSchema = z.object({
  participantId: z.string(),
  name: z.string(),
  seat: z.string(),
  present: z.boolean(),
  /** The kit handed to them (printed, printing or waiting), if any. */
  kitIndex: z.number().int().nullable(),
});

export const printerChoiceSchema = z.object({
  name: z.string(),
  isDefault: z.boolean(),
  /** idle, printing, stopped, or unknown (Windows' switched-off USB printer often reports nothing). */
  state: z.enum(['idle', 'printing', 'stopped', 'unknown']),
  /** Faults the printer reports now (paper out, jam, offline, door open…), each worded by the catalog. */
  problems: z.array(appErrorSchema),
  simulated: z.boolean(),
});

export const printingOverviewSchema = z.object({
  /** Null on HQ, or on a room station without room data for today. */
  room: z.object({ code: code4, name: z.string(), stationNumber: z.string() }).nullable(),
  exam: z.object({ date: localDate, subjectCode: z.number().int(), subjectName: z.string(), startLocal: z.string() }).nullable(),
  /** Where the package stands at this station: none yet, present (its kits for this room), or refused. */
  package: z.object({ packageId: z.string(), roomKits: z.number().int(), problem: appErrorSchema.nullable() }).nullable(),
  key: z.object({
    /**
     * none: no key file from HQ yet; loaded: key file held, not activated since the app started; active: in memory.
     * The key lives in main's memory only: after the app restarts it is 'loaded' again and the GEK member activates
     * it anew (token and PIN) before printing goes on.
     */
    state: z.enum(['none', 'loaded', 'active']),
    mainKey: z.boolean(),
    /** Reserve grants for this station in the newest reserve key held. */
    reserveKits: z.number().int(),
    activatedBy: z.string().nullable(),
    activatedAt: isoInstant.nullable(),
  }),
  printer: printerChoiceSchema.nullable(),
  printers: z.array(printerChoiceSchema),
  participants: z.array(printingParticipantSchema),
  queue: z.object({
    state: z.enum(['idle', 'printing', 'paused', 'fault']),
    /** Why the queue stopped (a printer fault, a job that failed), worded by the catalog; null while it runs or idles. */
    fault: appErrorSchema.nullable(),
    waiting: z.number().int(),
  }),
  kits: z.array(kitRowSchema),
  /**
   * printed and spoiled: kits in that state; replaced: kits queued in place of a spoiled one; reserveUsed: reserve kits
   * taken into the queue; remaining: the room's kits and the reserve kits granted to this station, neither printed nor
   * spoiled (a failed or uncertain kit still counts here).
   */
  counters: z.object({
    printed: z.number().int(),
    spoiled: z.number().int(),
    replaced: z.number().int(),
    reserveUsed: z.number().int(),
    remaining: z.number().int(),
  }),
});
export type PrintingOverview = z.infer<typeof printingOverviewSchema>;

// A token PIN is the vendor's business: only its length is capped (as in slices/tokens.ts).
const tokenPin = z.string().min(1).max(64);

export const printingChannels = {
  'printing/overview': channel({ access: 'printing.read', request: emptySchema, response: printingOverviewSchema }),
  // The GEK member activates the key at this station: their token inserted, their PIN typed. The key is unwrapped
  // on the token and kept in memory only; the act is journaled with the member's name and the token's serial.
  'printing/activate': channel({
    access: 'printing.manage',
    request: z.object({ tokenSerial: z.string().min(1).max(64).nullable(), tokenPin }).strict(),
    response: z.object({ activatedBy: z.string(), kits: z.number().int() }),
  }),
  'printing/choosePrinter': channel({
    access: 'printing.manage',
    request: z.object({ printer: z.string().min(1).max(256) }).strict(),
    response: printerChoiceSchema,
  }),
  'printing/setPresent': channel({
    access: 'printing.manage',
    request: z.object({ participantId: z.string().min(1).max(64), present: z.boolean() }).strict(),
    response: z.object({ done: z.literal(true) }),
  }),
  // Queues one kit for each participant marked present who has none yet (room kits first, then granted reserve).
  'printing/start': channel({ access: 'printing.manage', request: emptySchema, response: z.object({ queued: z.number().int() }) }),
  'printing/pause': channel({ access: 'printing.manage', request: emptySchema, response: z.object({ done: z.literal(true) }) }),
  'printing/resume': channel({ access: 'printing.manage', request: emptySchema, response: z.object({ done: z.literal(true) }) }),
  // A kit spoiled (misprint, damaged…): marked with the reason, its numbers never printed again; a replacement kit is
  // queued for the same participant.
  'printing/spoil': channel({
    access: 'printing.manage',
    request: z.object({ kitIndex: z.number().int().min(1), reason: spoilReasonSchema, note: z.string().max(200) }).strict(),
    response: z.object({ replacement: z.number().int().nullable() }),
  }),
  // After a stop mid-job (power, crash): the organiser says whether the kit came out whole. Whole: printed.
  // Not whole: printed again, the same kit (never a second kit, never lost).
  'printing/resolveUncertain': channel({
    access: 'printing.manage',
    request: z.object({ kitIndex: z.number().int().min(1), cameOutWhole: z.boolean() }).strict(),
    response: z.object({ done: z.literal(true) }),
  }),
} as const;
