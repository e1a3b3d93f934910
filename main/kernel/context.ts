import type { Db } from '../db/open-database';
import type { JournalActor } from '../journal/journal-entry';
import type { Clock } from './clock';
import type { EventBus } from './event-bus';

export type Actor = JournalActor;

/** The application itself, for entries no person caused (migrations, demo seeding, idle locks). */
export const SYSTEM_ACTOR: Actor = { staffId: null, name: 'система', roleCode: null };

/**
 * What every capability's service gets: the database, the clock, this station's number and the event bus. A
 * capability writes through `act` (unit-of-work.ts), which uses the rest; it does not call them by hand.
 */
export interface CoreContext {
  db: Db;
  clock: Clock;
  events: EventBus;
  stationNumber(): string;
  /** Called after a transaction that queued outbox items has committed: wakes the sync worker. */
  outboxChanged(): void;
}
