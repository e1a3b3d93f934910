import { z } from 'zod';
import { channel } from '../channel';
import { code4, emptySchema, isoInstant, roleCodeSchema } from './common';

/** The exam point and this station (main/ppe): what the app is set up as. */

export const ppeInfoSchema = z.object({
  code: code4,
  name: z.string(),
  address: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  timeZone: z.string(),
  trainingMode: z.boolean(),
  /** In training mode only: the demo PINs by role, printed on the sign-in screen. */
  trainingPins: z.array(z.object({ roleCode: roleCodeSchema, pin: z.string() })).nullable(),
  rcoiUrl: z.string().nullable(),
});

export const appInfoSchema = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  transport: z.enum(['electron', 'bridge']),
  nowUtc: isoInstant,
  /**
   * notSetUp — a fresh install: no exam point, no RCOI key; training mode is offered as an explicit choice.
   * training — the demo PPE; ready — a real PPE; demoKeyRefused — a real PPE pinning the demo key: it runs nothing.
   */
  setup: z.enum(['notSetUp', 'training', 'ready', 'demoKeyRefused']),
  /** null until the station is set up (and on a station that refuses to run). */
  ppe: ppeInfoSchema.nullable(),
  station: z.object({ number: z.string(), role: z.string(), auditoriumCode: z.string() }).nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const ppeChannels = {
  'app/info': channel({ access: 'public', request: emptySchema, response: appInfoSchema }),
} as const;
