import { z } from 'zod';
import { channel } from '../channel';
import { code4, emptySchema, isoInstant, problemSchema } from './common';

/**
 * The stations of the PPE (main/stations): room stations set up from the transfer drive, their keys pinned at HQ,
 * and moving a station. The room set-up channels ('roomSetup/…') are public but answer only on a station that is not
 * set up (app-core, OPEN_BEFORE_SET_UP; the service refuses once it is); HQ's are for stations.read / stations.manage.
 */

/** A station's number as the federal software prints it: six digits, as the demo's (100101). */
export const stationNumberSchema = z.string().regex(/^[0-9]{6}$/);
/** Five groups of four digits (main/stations/station-keys.ts, stationFingerprint). */
export const fingerprintSchema = z.string().regex(/^[0-9]{4}( [0-9]{4}){4}$/);

export const setupDriveSchema = z.object({ id: z.string(), label: z.string().nullable(), sizeBytes: z.number(), readOnly: z.boolean() });

export const setupOfferSchema = z.object({
  room: z.object({ code: code4, name: z.string() }),
  station: z.object({ number: z.string(), isReserve: z.boolean() }),
  /** A move of a station set up already (it names that station's key): a fresh station does not take it. */
  move: z.boolean(),
  ppe: z.object({ code: code4, name: z.string(), regionName: z.string(), trainingMode: z.boolean() }),
  hq: z.object({ station: z.string(), fingerprint: z.string() }),
  issuedAt: isoInstant,
  staff: z.array(z.object({ externalId: z.string(), name: z.string() })),
});

export const setupFileSchema = z.object({
  file: z.string(),
  problem: problemSchema.nullable(),
  offer: setupOfferSchema.nullable(),
});
export type SetupFile = z.infer<typeof setupFileSchema>;

export const roomSetupResultSchema = z.object({
  station: z.string(),
  room: z.string(),
  isReserve: z.boolean(),
  fingerprint: z.string(),
  hqFingerprint: z.string(),
  replyFile: z.string().nullable(),
  replyProblem: problemSchema.nullable(),
});
export type RoomSetupResult = z.infer<typeof roomSetupResultSchema>;

export const stationsOverviewSchema = z.object({
  thisStation: z
    .object({ number: z.string(), role: z.enum(['hq', 'room']), room: z.string().nullable(), fingerprint: z.string().nullable() })
    .nullable(),
  peers: z.array(
    z.object({
      station: z.string(),
      role: z.enum(['hq', 'room']),
      room: z.string().nullable(),
      roomName: z.string().nullable(),
      isReserve: z.boolean(),
      fingerprint: z.string(),
      pinnedAt: isoInstant,
    }),
  ),
  setups: z.array(
    z.object({
      setupId: z.string(),
      station: z.string(),
      room: z.string(),
      roomName: z.string().nullable(),
      isReserve: z.boolean(),
      movedFrom: z.string().nullable(),
      issuedAt: isoInstant,
      file: z.string(),
      answeredAt: isoInstant.nullable(),
      fingerprint: z.string().nullable(),
    }),
  ),
  rooms: z.array(z.object({ code: code4, name: z.string() })),
});
export type StationsOverview = z.infer<typeof stationsOverviewSchema>;

const issueRequest = z.strictObject({
  driveId: z.string().min(1).max(300),
  room: code4,
  number: stationNumberSchema,
  isReserve: z.boolean(),
});
const issuedSchema = z.object({ setupId: z.string(), file: z.string(), hqFingerprint: z.string() });

export const stationsChannels = {
  /** The drives connected now (a station not set up runs no drive watcher): for the room set-up. */
  'roomSetup/drives': channel({ access: 'public', request: emptySchema, response: z.object({ drives: z.array(setupDriveSchema) }) }),
  /** The set-up files on a drive, each verified against the HQ key it carries, or refused with its reason. */
  'roomSetup/files': channel({
    access: 'public',
    request: z.strictObject({ driveId: z.string().min(1).max(300) }),
    response: z.object({ files: z.array(setupFileSchema), more: z.number().int() }),
  }),
  /** Sets this fresh station up from one file, after the person confirmed HQ's fingerprint; writes the reply. */
  'roomSetup/take': channel({
    access: 'public',
    request: z.strictObject({
      driveId: z.string().min(1).max(300),
      file: z.string().min(1).max(200),
      hqFingerprint: fingerprintSchema,
      staffExternalId: z.string().min(1).max(64),
      pin: z.string().max(16),
    }),
    response: roomSetupResultSchema,
  }),

  'stations/overview': channel({ access: 'stations.read', request: emptySchema, response: stationsOverviewSchema }),
  /** HQ: a new room station's set-up file on the transfer drive. */
  'stations/prepare': channel({ access: 'stations.manage', request: issueRequest, response: issuedSchema }),
  /** HQ: moves a pinned room station to another room or number (its pin retired, a new set-up for its key). */
  'stations/move': channel({
    access: 'stations.manage',
    request: issueRequest.extend({ station: stationNumberSchema }),
    response: issuedSchema,
  }),
  /** A room station: its reply to HQ written again (the first write failed, or HQ lost it). */
  'stations/writeReply': channel({
    access: 'stations.manage',
    request: z.strictObject({ driveId: z.string().min(1).max(300) }),
    response: z.object({ file: z.string() }),
  }),
  /** A room station: the move set-ups on a drive that name this station's key. */
  'stations/moveFiles': channel({
    access: 'stations.manage',
    request: z.strictObject({ driveId: z.string().min(1).max(300) }),
    response: z.object({ files: z.array(setupFileSchema), more: z.number().int() }),
  }),
  /** A room station: takes a move set-up over its existing identity, after the person confirmed HQ's fingerprint. */
  'stations/takeMove': channel({
    access: 'stations.manage',
    request: z.strictObject({ driveId: z.string().min(1).max(300), file: z.string().min(1).max(200), hqFingerprint: fingerprintSchema }),
    response: roomSetupResultSchema,
  }),
} as const;
