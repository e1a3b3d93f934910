import { z } from 'zod';
import { channel } from '../channel';
import { code4, emptySchema, isoInstant, localDate, personNameSchema, roleCodeSchema, searchTextSchema } from './common';

/** Exams, rooms, participants and staff as the bundles delivered them (main/roster). */

export const examSchema = z.object({
  id: z.number().int(),
  date: localDate,
  subjectCode: z.number().int(),
  subjectName: z.string(),
  form: z.enum(['EGE', 'GVE']),
  period: z.enum(['early', 'main', 'additional']),
  dayKind: z.enum(['main', 'reserve']),
  startLocal: z.string(),
  durationMin: z.number().int(),
  specialExtraMin: z.number().int(),
  participants: z.number().int(),
  bundleVersion: z.number().int().nullable(),
});
export type Exam = z.infer<typeof examSchema>;

export const stationSchema = z.object({
  number: z.string(),
  role: z.enum(['hq', 'authorization', 'organizer', 'scanning']),
  isReserve: z.boolean(),
});

export const roomSchema = z.object({
  code: code4,
  name: z.string(),
  seats: z.number().int(),
  isHeadquarters: z.boolean(),
  specialConditions: z.boolean(),
  stations: z.array(stationSchema),
  participants: z.number().int(),
  withSpecialConditions: z.number().int(),
  organizers: z.array(z.string()),
  endUtc: isoInstant.nullable(),
  extended: z.boolean(),
  /**
   * The exam whose participants, organisers and end these are; null for the room alone (no exam chosen, or a room no
   * exam of the day uses). With several exams on one day a room may be listed once per exam it holds.
   */
  examId: z.number().int().nullable(),
});
export type Room = z.infer<typeof roomSchema>;

export const specialConditionSchema = z.enum([
  'extended_time',
  'assistant',
  'separate_room',
  'large_print',
  'braille',
  'computer',
  'medical_break',
]);
export type SpecialCondition = z.infer<typeof specialConditionSchema>;

export const participantRowSchema = personNameSchema.extend({
  id: z.number().int(),
  externalId: z.string(),
  documentSeries: z.string(),
  documentNumber: z.string(),
  auditoriumCode: code4,
  seat: z.string(),
  conditions: z.array(specialConditionSchema),
});
export type ParticipantRow = z.infer<typeof participantRowSchema>;

export const staffRowSchema = personNameSchema.extend({
  id: z.number().int(),
  externalId: z.string(),
  roleCode: roleCodeSchema,
  /** null: not shown to this caller (PIN states are for those who manage PINs). */
  hasPin: z.boolean().nullable(),
  lockedUntil: isoInstant.nullable(),
  auditoriumCode: z.string().nullable(),
});
export type StaffRow = z.infer<typeof staffRowSchema>;

export const rosterChannels = {
  'staff/search': channel({
    access: 'staff.read',
    /** `date` with no examId: each person's duty on that day of several exams. */
    request: z.object({ query: searchTextSchema, examId: z.number().int().nullable(), date: localDate.optional() }).strict(),
    response: z.array(staffRowSchema),
  }),
  'exams/list': channel({ access: 'roster.read', request: emptySchema, response: z.array(examSchema) }),
  'rooms/list': channel({
    access: 'roster.read',
    /** `date` with no examId: every exam of that local day, each room with its exam (several exams on one day). */
    request: z.object({ examId: z.number().int().nullable(), date: localDate.optional() }).strict(),
    response: z.array(roomSchema),
  }),
  /** Within the caller's duty of the day (auth/permissions.ts): another room or exam is FORBIDDEN. */
  'participants/search': channel({
    access: 'participants.read',
    request: z
      .object({
        examId: z.number().int(),
        query: searchTextSchema,
        auditoriumCode: code4.nullable(),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    response: z.object({ total: z.number().int(), rows: z.array(participantRowSchema) }),
  }),
} as const;
