import { z } from 'zod';
import { channel } from '../channel';
import { isoInstant, localDate, personNameSchema, roleCodeSchema } from './common';
import { examSchema, roomSchema } from './roster';

/** The exam day's plan (main/timeline). */

/** Who confirmed a step and when; the name only for those who may read the staff list (as rooms' organisers). */
export const stepConfirmationSchema = z.object({
  atUtc: isoInstant,
  staffId: z.number().int(),
  roleCode: roleCodeSchema,
  name: personNameSchema.nullable(),
  station: z.string(),
});
export type StepConfirmation = z.infer<typeof stepConfirmationSchema>;

export const timelineItemSchema = z.object({
  key: z.string(),
  atUtc: isoInstant,
  untilUtc: isoInstant.nullable(),
  /** Where the step is in time: one future step is 'next'. Says nothing of whether it was done. */
  state: z.enum(['past', 'current', 'next', 'upcoming']),
  examId: z.number().int().nullable(),
  roomCode: z.string().nullable(),
  /** A step of the shared morning of a day with several exams: it serves them all (examId names the first). */
  shared: z.boolean(),
  deadline: z.boolean(),
  /** 'clock': the clock alone moves it; 'confirm': a person confirms it (main/timeline/confirmable-steps.ts). */
  kind: z.enum(['clock', 'confirm']),
  /**
   * A clock step: upcoming, now or passed. A confirmable step: confirmed, due (not yet confirmed, its time not yet
   * gone) or overdue (its time gone, unconfirmed) — never done because the clock passed it.
   */
  progress: z.enum(['upcoming', 'now', 'passed', 'confirmed', 'due', 'overdue']),
  /** For a confirmable step: who may confirm it, from when, by when, and the confirmation once given. */
  confirm: z
    .object({
      roles: z.array(roleCodeSchema),
      fromUtc: isoInstant,
      dueUtc: isoInstant,
      confirmation: stepConfirmationSchema.nullable(),
    })
    .nullable(),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export const timelineSchema = z.object({
  date: localDate,
  timeZone: z.string(),
  nowUtc: isoInstant,
  exams: z.array(examSchema),
  items: z.array(timelineItemSchema),
  rooms: z.array(roomSchema),
  upcoming: examSchema.nullable(),
  upcomingItems: z.array(timelineItemSchema),
});
export type Timeline = z.infer<typeof timelineSchema>;

export const timelineChannels = {
  'timeline/get': channel({
    access: 'roster.read',
    request: z.object({ date: localDate.nullable() }).strict(),
    response: timelineSchema,
  }),
  // A person confirms a step of today's exam they are allowed to (the step's roles); a second confirmation of the
  // same step changes nothing and answers with the first (alreadyConfirmed).
  'timeline/confirmStep': channel({
    access: 'timeline.confirm',
    request: z.object({ examId: z.number().int(), step: z.string().min(1).max(64) }).strict(),
    response: z.object({ confirmation: stepConfirmationSchema, alreadyConfirmed: z.boolean() }),
  }),
} as const;
