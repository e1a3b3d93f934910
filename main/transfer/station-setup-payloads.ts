import { z } from 'zod';

/**
 * The payloads of the two kinds that travel before a key is pinned (FORMAT.md, «Keys»): HQ's set-up of a room
 * station and the room station's reply. Both are in the clear (the new station has no key to seal to yet), so they
 * carry nothing secret: the PPE's public configuration, the room, the technical specialists' names and role codes
 * (never a PIN or its hash), and public keys. Each names the key its message is signed with, and read-message.ts
 * verifies the message against that key; only the set-up flow, after a person compared fingerprints, pins it.
 */

const stationNumber = z.string().regex(/^[0-9]{4,12}$/);
const code4 = z.string().regex(/^[0-9]{4}$/);
const spki = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(512);
const name = z.string().min(1).max(200);
const personPart = z.string().max(100);

export const SETUP_STAFF_MAX = 200;

export const stationSetupPayload = z.strictObject({
  payloadVersion: z.literal(1),
  /** Names this set-up; the reply must quote it. */
  setupId: z.uuid(),
  issuedAt: z.iso.datetime(),
  /** What a room station needs of its PPE with no network at all. */
  ppe: z.strictObject({
    regionCode: z.string().regex(/^[0-9]{2}$/),
    regionName: name,
    code: code4,
    name,
    address: z.string().max(500),
    timeZone: z.string().min(1).max(64),
    rcoiPublicKey: spki,
    trainingMode: z.boolean(),
  }),
  room: z.strictObject({ code: code4, name, seats: z.number().int().min(0).max(25), specialConditions: z.boolean() }),
  station: z.strictObject({
    number: stationNumber,
    isReserve: z.boolean(),
    /**
     * A move (another room or number) names the signing key the station holds now: only the station holding it
     * takes the set-up, over its existing identity. Null for a new station.
     */
    currentKey: spki.nullable(),
  }),
  /** HQ: its number, its room, and the keys the new station pins once the fingerprints agree. */
  hq: z.strictObject({
    station: stationNumber,
    room: z.strictObject({ code: code4, name }),
    signingKey: spki,
    agreementKey: spki,
  }),
  /** Who may set the station up and sign in on it first: the technical specialists, names and role codes only. */
  staff: z
    .array(
      z.strictObject({
        externalId: z.string().min(1).max(64),
        lastName: personPart,
        firstName: personPart,
        middleName: personPart,
        roleCode: z.number().int().min(1).max(9),
      }),
    )
    .max(SETUP_STAFF_MAX),
});
export type StationSetupPayload = z.infer<typeof stationSetupPayload>;

export const stationReplyPayload = z.strictObject({
  payloadVersion: z.literal(1),
  setupId: z.uuid(),
  room: code4,
  station: z.strictObject({ number: stationNumber, isReserve: z.boolean(), signingKey: spki, agreementKey: spki }),
  repliedAt: z.iso.datetime(),
});
export type StationReplyPayload = z.infer<typeof stationReplyPayload>;
