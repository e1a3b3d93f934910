import { z } from 'zod';
import { channel } from '../channel';
import { isoInstant, localDate } from './common';
import { examSchema, roomSchema } from './roster';

/** The exam day's plan (main/timeline). */

export const timelineItemSchema = z.object({
  key: z.string(),
  atUtc: isoInstant,
  untilUtc: isoInstant.nullable(),
  state: z.enum(['past', 'current', 'next', 'upcoming']),
  examId: z.number().int().nullable(),
  roomCode: z.string().nullable(),
  deadline: z.boolean(),
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
} as const;
