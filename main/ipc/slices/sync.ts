import { z } from 'zod';
import { channel, event } from '../channel';
import { ENROL_CODE_LENGTH } from '../shared-rules';
import { emptySchema, isoInstant, problemSchema } from './common';

/** The link with RCOI (main/sync): enrolment, the outbound queue, the inbound stream. */

export const syncItemStateSchema = z.enum(['pending', 'delivered', 'failed']);

/** What the «Связь с РЦОИ» screen shows: the link, the clock, the queue, the upload in progress. */
export const syncStatusSchema = z.object({
  rcoiUrl: z.string().nullable(),
  enrolled: z.boolean(),
  stationId: z.string().nullable(),
  /** null until the first contact of this run. */
  online: z.boolean().nullable(),
  /** Kept across a restart (with the clock's skew, its alarm and the last error). */
  lastContactAt: isoInstant.nullable(),
  /** lastContactAt and the skew are from before this run: RCOI has not answered since the restart. */
  lastContactBeforeRestart: z.boolean(),
  lastAttemptAt: isoInstant.nullable(),
  nextAttemptAt: isoInstant.nullable(),
  /** Server time minus this machine's time, in seconds, as measured at the last contact. */
  clockSkewSeconds: z.number().nullable(),
  clockSkewAlarm: z.boolean(),
  lastError: problemSchema.nullable(),
  lastErrorAt: isoInstant.nullable(),
  /** Counts per stream (statuses, packets of scans, …): what the queue holds, grouped as RCOI delivers it. */
  queue: z.array(
    z.object({ stream: z.string(), pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }),
  ),
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      stream: z.string(),
      state: syncItemStateSchema,
      size: z.number().int(),
      attempts: z.number().int(),
      createdAt: isoInstant,
      deliveredAt: isoInstant.nullable(),
      nextAttemptAt: isoInstant.nullable(),
      lastError: problemSchema.nullable(),
    }),
  ),
  /** The large upload in progress, if any. */
  active: z
    .object({
      itemId: z.string(),
      kind: z.string(),
      size: z.number().int(),
      bytesSent: z.number().int(),
      bytesPerSecond: z.number(),
      startedAt: isoInstant,
    })
    .nullable(),
  inbound: z.object({ cursor: z.number().int(), received: z.number().int(), lastReceivedAt: isoInstant.nullable() }),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncChannels = {
  'sync/status': channel({ access: 'sync.read', request: emptySchema, response: syncStatusSchema }),
  'sync/sendNow': channel({ access: 'sync.manage', request: emptySchema, response: syncStatusSchema }),
  'sync/enrol': channel({
    access: 'sync.manage',
    request: z.object({ code: z.string().trim().min(ENROL_CODE_LENGTH.min).max(ENROL_CODE_LENGTH.max) }).strict(),
    response: syncStatusSchema,
  }),
  /** Training mode only: queues a generated packet of scans (size in MiB) to show a large upload. */
  'sync/sendTrainingPacket': channel({
    access: 'sync.manage',
    request: z.object({ mebibytes: z.number().int().min(1).max(512) }).strict(),
    response: syncStatusSchema,
  }),
} as const;

export const syncEvents = {
  // The whole link state (queue, errors, station): for those who may read it.
  'sync/changed': event({ access: 'sync.read', payload: syncStatusSchema }),
} as const;
