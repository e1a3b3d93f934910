import type { Db } from '../db/open-database';
import { appendJournal } from '../journal/append';
import { assertJournalEntry, type JournalAction, type JournalPayload } from '../ipc/journal-actions';
import type { JournalActor } from '../journal/journal-entry';
import type { Clock } from './clock';
import type { EventBus } from './event-bus';

export type Actor = JournalActor;

/** The application itself, for entries no person caused (migrations, demo seeding, idle locks). */
export const SYSTEM_ACTOR: Actor = { staffId: null, name: 'система', roleCode: null };

/** What every capability's service gets: the database, the clock, this station's number and the event bus. */
export interface CoreContext {
  db: Db;
  clock: Clock;
  events: EventBus;
  stationNumber(): string;
  /** Called after a transaction that queued outbox items has committed: wakes the sync worker. */
  outboxChanged(): void;
}

/**
 * Records a journal entry inside the caller's transaction (see appendJournal). The action and its payload are those
 * of the catalog (main/ipc/journal-actions.ts), checked by type here and by schema at run time.
 */
export function record<A extends JournalAction>(ctx: CoreContext, actor: Actor, action: A, payload: JournalPayload<A>): void {
  assertJournalEntry(action, payload);
  appendJournal(ctx.db, { actor, station: ctx.stationNumber(), action, payload: payload as Record<string, unknown>, at: ctx.clock.now() });
}
