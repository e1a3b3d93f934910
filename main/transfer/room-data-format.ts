import { z } from 'zod';
import { bundlePersonSchema } from '../bundles/bundle-format';
import { normaliseSeat, safeText } from '../bundles/text-rules';
import { specialConditionSchema } from '../ipc/dto';

/**
 * The payload of `room.data` (HQ → a room, sealed, dated; FORMAT.md «Kinds»): everything a room station needs of
 * one exam in its room — the exam itself, the room, who sits where (names, identity documents, seats, special
 * conditions), the staff on duty there, and the exam's GEK members (whose duty is the whole PPE: the room station names
 * the member who activates the key). Text goes through the bundles' text rules (signed by our own HQ is still
 * not sane: HQ copied it from RCOI's export). Strict: a field this version does not know is refused, never dropped.
 * A newer shape is `payloadVersion: 2`, read beside this one.
 */
const code4 = z.string().regex(/^[0-9]{4}$/);
const localDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
const text = (max: number) => safeText().pipe(z.string().min(1).max(max));

export const ROOM_DATA_MAX_PARTICIPANTS = 25;
export const ROOM_DATA_MAX_STAFF = 50;

export const roomDataParticipantSchema = bundlePersonSchema
  .extend({
    document: z.strictObject({
      series: safeText().pipe(z.string().max(10)),
      number: safeText().pipe(z.string().min(1).max(20)),
    }),
    seat: z.string().transform(normaliseSeat).pipe(z.string().regex(/^[0-9]{1,2}[А-ЯA-Z]?$/)),
    specialConditions: z.array(specialConditionSchema).max(7),
  })
  .strict();

export const roomDataStaffSchema = bundlePersonSchema.extend({ roleCode: z.number().int().min(1).max(9) }).strict();

export const roomDataSchema = z.strictObject({
  payloadVersion: z.literal(1),
  room: z.strictObject({
    code: code4,
    name: text(100),
    seats: z.number().int().min(1).max(25),
    specialConditions: z.boolean(),
  }),
  exam: z.strictObject({
    date: localDate,
    subjectCode: z.number().int().positive().max(999),
    subjectName: text(200),
    form: z.enum(['EGE', 'GVE']),
    period: z.enum(['early', 'main', 'additional']),
    dayKind: z.enum(['main', 'reserve']),
    startLocal: z.string().regex(/^[0-2][0-9]:[0-5][0-9]$/),
    durationMin: z.number().int().positive().max(24 * 60),
    specialExtraMin: z.number().int().min(0).max(24 * 60),
  }),
  participants: z.array(roomDataParticipantSchema).max(ROOM_DATA_MAX_PARTICIPANTS),
  staff: z.array(roomDataStaffSchema).max(ROOM_DATA_MAX_STAFF),
});
export type RoomData = z.infer<typeof roomDataSchema>;
