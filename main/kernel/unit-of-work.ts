import type { Db } from '../db/open-database';
import { inTransaction } from '../db/open-database';
import type { EventOf } from '../ipc/contract';
import { assertJournalEntry, type JournalAction, type JournalPayload } from '../ipc/journal-actions';
import { assertOutboxMessage, outboxKinds, type JsonOutboxKind, type OutboxPayload, type StagedOutboxKind } from '../ipc/outbox-kinds';
import { appendJournal } from '../journal/append';
import { enqueue, enqueueStaged } from '../outbox/enqueue';
import type { StagedBlob } from '../outbox/outbox';
import type { Actor, CoreContext } from './context';

export type ChangeTopic = EventOf<'data/changed'>['topics'][number];

/** What a capability may do inside one act: write its own rows with `db`, and say what happened through the rest. */
export interface Work {
  readonly db: Db;
  /** One instant for the whole act: its rows, its journal entries and its outbox messages agree on the time. */
  readonly at: Date;
  /** A journal entry from the catalog (main/ipc/journal-actions.ts); by the act's person unless another is named. */
  record<A extends JournalAction>(action: A, payload: JournalPayload<A>, by?: Actor): void;
  /** A message for RCOI from the outbox catalog (main/ipc/outbox-kinds.ts). Returns its item id. */
  send<K extends JsonOutboxKind>(kind: K, payload: OutboxPayload<K>): string;
  /** A large message whose bytes were staged beforehand (outbox/stageBlob). Returns its item id. */
  sendStaged(kind: StagedOutboxKind, blob: StagedBlob): string;
  /** Screens showing these topics must re-read once the act has committed. A journal entry adds 'journal' itself. */
  changed(...topics: ChangeTopic[]): void;
}

interface OpenUnit {
  topics: Set<ChangeTopic>;
  queued: boolean;
}

/** The act in progress on each database: an act started inside another joins it and commits with it. */
const openUnits = new WeakMap<Db, OpenUnit>();

/**
 * A person's act (or the system's) as one call: one IMMEDIATE transaction in which the capability writes its rows,
 * its journal entries and its outbox messages, all checked against their catalogs; then, and only after the commit,
 * one change event naming the topics that changed, and a nudge to the sync worker if anything was queued. An error
 * anywhere rolls all of it back and nobody is told of a change that did not happen.
 *
 * `fn` must be synchronous (better-sqlite3 refuses a transaction that returns a promise): do slow work — reading a
 * drive, hashing, staging a file — before the act, and hand the act its results.
 */
export function act<T>(ctx: CoreContext, actor: Actor, fn: (work: Work) => T): T {
  const outer = openUnits.get(ctx.db);
  if (!outer && ctx.db.inTransaction) {
    throw new Error('act: a transaction is open outside a unit of work; its events would leave before its commit');
  }
  const unit: OpenUnit = { topics: new Set(), queued: false };
  openUnits.set(ctx.db, unit);
  let result: T;
  try {
    // Inside another act better-sqlite3 makes this a SAVEPOINT: a nested act that fails is undone alone, and the
    // outer act (the RCOI feed recording a refused bundle) goes on.
    result = inTransaction(ctx.db, () => fn(workOn(ctx, actor, unit)));
  } finally {
    if (outer) openUnits.set(ctx.db, outer);
    else openUnits.delete(ctx.db);
  }
  if (outer) {
    // Nothing is committed yet: the outer act announces it all after its own commit.
    for (const t of unit.topics) outer.topics.add(t);
    outer.queued ||= unit.queued;
    return result;
  }
  if (unit.queued) ctx.outboxChanged();
  if (unit.topics.size > 0) ctx.events.emit('all', 'data/changed', { topics: [...unit.topics] });
  return result;
}

/** A single journal entry as its own act: a refusal, a sign-in, a lock. */
export function recordAct<A extends JournalAction>(ctx: CoreContext, actor: Actor, action: A, payload: JournalPayload<A>): void {
  act(ctx, actor, (work) => work.record(action, payload));
}

function workOn(ctx: CoreContext, actor: Actor, unit: OpenUnit): Work {
  const at = ctx.clock.now();
  return {
    db: ctx.db,
    at,
    record(action, payload, by = actor) {
      assertJournalEntry(action, payload);
      appendJournal(ctx.db, { actor: by, station: ctx.stationNumber(), action, payload: payload as Record<string, unknown>, at });
      unit.topics.add('journal');
    },
    send(kind, payload) {
      assertOutboxMessage(kind, payload);
      const { stream, schemaVersion } = outboxKinds[kind];
      unit.queued = true;
      return enqueue(ctx.db, { stream, kind, schemaVersion, payload: payload as Record<string, unknown> }, at);
    },
    sendStaged(kind, blob) {
      const { stream, schemaVersion } = outboxKinds[kind];
      unit.queued = true;
      return enqueueStaged(ctx.db, { stream, kind, schemaVersion }, blob, at);
    },
    changed(...topics) {
      for (const t of topics) unit.topics.add(t);
    },
  };
}
