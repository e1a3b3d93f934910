import { z } from 'zod';
import { channel } from '../channel';
import { code4 } from './common';

/**
 * Setting up a real HQ station by enrolment code (main/stations/hq-setup.ts). Both channels are public: a station
 * that is not set up has nobody to sign in; on a station already set up they refuse (STATION_ALREADY_SET_UP).
 */

const hqKindSchema = z.enum(['hq-main', 'hq-reserve']);

export const hqSetupOfferSchema = z.object({
  ppe: z.object({
    regionCode: z.string(),
    regionName: z.string(),
    code: z.string(),
    name: z.string(),
    address: z.string(),
    timeZone: z.string(),
  }),
  stationNumber: z.string(),
  kind: hqKindSchema,
  rooms: z.number().int().min(0),
  exams: z.number().int().min(0),
  technicians: z.array(z.object({ id: z.string(), name: z.string() })),
  heads: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type HqSetupOfferDto = z.infer<typeof hqSetupOfferSchema>;

export const hqSetupDoneSchema = hqSetupOfferSchema.extend({
  fingerprint: z.string(),
  rcoiKeyId: z.string(),
  staffId: z.number().int(),
});
export type HqSetupDoneDto = z.infer<typeof hqSetupDoneSchema>;

export const setupChannels = {
  /** Step 1: ask RCOI with the one-time code; answers what RCOI said of the PPE once its answer is proven. */
  'setup/headquarters': channel({
    access: 'public',
    request: z.strictObject({
      rcoiUrl: z.string().trim().min(1).max(500),
      ppeCode: code4,
      // Shape checked by the service (SETUP_CODE_MALFORMED, in words): here only a bound.
      code: z.string().max(64),
      kind: hqKindSchema,
    }),
    response: hqSetupOfferSchema,
  }),
  /** Step 2: the technical specialist picks themselves and sets their PIN; one act sets the station up. */
  'setup/finishHeadquarters': channel({
    access: 'public',
    request: z.strictObject({
      staffId: z.string().min(1).max(64),
      pin: z.string().max(16),
      // The PPE head's own PIN, typed by the head if they are at the station (main/stations/hq-setup.ts).
      head: z.strictObject({ staffId: z.string().min(1).max(64), pin: z.string().max(16) }).nullable().optional(),
    }),
    response: hqSetupDoneSchema,
  }),
} as const;
