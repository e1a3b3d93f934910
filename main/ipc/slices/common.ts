import { z } from 'zod';
import { SEARCH_TEXT_MAX } from '../shared-rules';

/**
 * Primitives every contract slice builds with. Times are UTC ISO instants; the renderer shows them in the PPE zone.
 * A shape that belongs to one capability lives in that capability's slice, not here.
 */

export const isoInstant = z.iso.datetime();
export const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** An auditorium's (or the PPE's) four-digit code. */
export const code4 = z.string().regex(/^\d{4}$/);

/** Requests that carry nothing, and answers that only say «done». */
export const emptySchema = z.object({}).strict();
export const doneSchema = z.object({ done: z.literal(true) });

/** What a person types into a search box. */
export const searchTextSchema = z.string().trim().max(SEARCH_TEXT_MAX);

export const roleCodeSchema = z.number().int().min(1).max(9);

/** Every permission a channel's or an event's access may name; roles hold them (main/auth/permissions.ts). */
export const permissionSchema = z.enum([
  'roster.read',
  // Personal data (152-ФЗ): names and seats of participants, within the caller's duty (see auth/permissions.ts) …
  'participants.read',
  // … their identity documents …
  'participants.documents',
  // … and the staff list.
  'staff.read',
  'journal.read',
  'bundles.import',
  'staff.managePins',
  'sync.read',
  'sync.manage',
  'packages.read',
  'packages.manage',
  // Confirming a step of the exam day that a person does (main/timeline/confirmable-steps.ts says which and by whom).
  'timeline.confirm',
  // The stations of the PPE (set-up files, pinned keys, moving a station) and the transfer drive between them.
  'stations.read',
  'stations.manage',
  'transfer.read',
  'transfer.manage',
  // GEK members' tokens: who sees the register, who enrols a token (the PPE head confirms it).
  'tokens.read',
  'tokens.manage',
  // Journal anchors: signing the journal head now (the hourly and handover anchors are automatic).
  'journal.anchor',
  // The exam key at HQ: who sees the keys held, who asks RCOI for the key or a reserve key with a GEK member's token.
  'examKeys.read',
  'examKeys.request',
  // Printing of kits at a room station: the queue and counters, and running it (activation, present, spoil, faults).
  'printing.read',
  'printing.manage',
]);
export type Permission = z.infer<typeof permissionSchema>;

export const personNameSchema = z.object({
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string(),
});

/** An error as main records it inside data: a code the catalog words, and its params. */
export const problemSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
