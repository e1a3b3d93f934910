import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../main/db/open-database';
import type { EventChannel } from '../../main/ipc/contract';
import { outboxKinds } from '../../main/ipc/outbox-kinds';
import { SYSTEM_ACTOR, type CoreContext } from '../../main/kernel/context';
import { act } from '../../main/kernel/unit-of-work';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';
import { openHarness, type Harness } from '../support/core-harness';

// The unit of work (main/kernel/unit-of-work.ts): a person's act is one transaction with its journal entries and
// outbox messages, checked against their catalogs, and the screens hear of it once, after the commit, or never.

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const PAYLOAD = { bundleId: 'b-1', examDate: '2026-06-01', subjectCode: 2, version: 1, participants: 3, staff: 1 };

async function setUp() {
  h = await openHarness();
  const heard: { event: EventChannel; payload: unknown; committed: boolean }[] = [];
  let nudges = 0;
  const ctx: CoreContext = {
    db: h.core.db,
    clock: h.clock,
    events: h.core.events,
    stationNumber: () => '7777',
    outboxChanged: () => nudges++,
  };
  // Whether the act's rows were visible (committed) at the moment the event left.
  h.core.events.subscribe((_target, event, payload) => {
    heard.push({ event, payload, committed: !h!.core.db.inTransaction && rows().probe > 0 });
  });
  const rows = () => ({
    journal: h!.core.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM journal').get()!.n,
    outbox: h!.core.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get()!.n,
    probe: h!.core.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM setting WHERE key LIKE 'probe%'").get()!.n,
  });
  return { ctx, heard, rows, nudges: () => nudges };
}

describe('a unit of work', () => {
  it('commits rows, journal entry and outbox message together, then announces the topics once', async () => {
    const { ctx, heard, rows, nudges } = await setUp();
    const before = rows();
    act(ctx, SYSTEM_ACTOR, (work) => {
      work.db.prepare("INSERT INTO setting (key, value) VALUES ('probe', 'x')").run();
      work.changed('bundles', 'roster');
      work.record('drive.check_stuck', { driveId: 'd', stallMs: 60_000 });
      work.send('bundle.distribution_received', PAYLOAD);
      work.changed('bundles');
      expect(heard).toEqual([]);
      expect(nudges()).toBe(0);
    });
    expect(rows()).toEqual({ journal: before.journal + 1, outbox: before.outbox + 1, probe: 1 });
    const changes = heard.filter((e) => e.event === 'data/changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]!.committed).toBe(true);
    expect([...(changes[0]!.payload as { topics: string[] }).topics].sort()).toEqual(['bundles', 'journal', 'roster']);
    expect(nudges()).toBe(1);
    const row = h!.core.db.prepare<[], { stream: string; kind: string; payload: string }>('SELECT stream, kind, payload FROM outbox').get()!;
    expect(row).toMatchObject({ stream: 'status', kind: 'bundle.distribution_received' });
    expect(JSON.parse(row.payload)).toEqual(PAYLOAD);
  });

  it('refuses a message off the outbox catalog: nothing of the act is written and nobody is told', async () => {
    const { ctx, heard, rows, nudges } = await setUp();
    const before = rows();
    const attempts: [string, () => void][] = [
      ['an unknown kind', () => act(ctx, SYSTEM_ACTOR, (w) => w.send('status' as never, {} as never))],
      ['a field more', () => act(ctx, SYSTEM_ACTOR, (w) => w.send('bundle.distribution_received', { ...PAYLOAD, type: 'x' } as never))],
      ['a field less', () => act(ctx, SYSTEM_ACTOR, (w) => w.send('bundle.distribution_received', { bundleId: 'b' } as never))],
      ['a staged kind sent as JSON', () => act(ctx, SYSTEM_ACTOR, (w) => w.send('scan.packet' as never, {} as never))],
    ];
    for (const [what, attempt] of attempts) {
      const probe = () =>
        act(ctx, SYSTEM_ACTOR, (work) => {
          work.db.prepare("INSERT INTO setting (key, value) VALUES ('probe', 'x')").run();
          work.record('drive.check_stuck', { driveId: 'd', stallMs: 1 });
          attempt();
        });
      expect(probe, what).toThrow(/outbox:/);
    }
    expect(rows()).toEqual(before);
    expect(heard).toEqual([]);
    expect(nudges()).toBe(0);
  });

  it('a nested act that fails is undone alone; the outer act commits and announces only what survived', async () => {
    const { ctx, heard, rows, nudges } = await setUp();
    const before = rows();
    act(ctx, SYSTEM_ACTOR, (outer) => {
      outer.db.prepare("INSERT INTO setting (key, value) VALUES ('probe', 'outer')").run();
      expect(() =>
        act(ctx, SYSTEM_ACTOR, (inner) => {
          inner.db.prepare("INSERT INTO setting (key, value) VALUES ('probe-inner', 'x')").run();
          inner.send('bundle.distribution_received', PAYLOAD);
          inner.changed('roster');
          throw new Error('refused');
        }),
      ).toThrow('refused');
      act(ctx, SYSTEM_ACTOR, (inner) => inner.changed('staff'));
      // Inside the outer act nothing has been announced yet, not even the nested act that succeeded.
      expect(heard).toEqual([]);
    });
    expect(rows()).toEqual({ ...before, probe: 1 });
    const topics = heard.filter((e) => e.event === 'data/changed').map((e) => (e.payload as { topics: string[] }).topics);
    expect(topics).toEqual([['staff']]);
    expect(nudges()).toBe(0);
  });

  it('refuses to start inside a transaction that is not a unit of work, whose events would leave before its commit', async () => {
    const { ctx, heard } = await setUp();
    expect(() => inTransaction(ctx.db, () => act(ctx, SYSTEM_ACTOR, (w) => w.changed('staff')))).toThrow(/outside a unit of work/);
    expect(heard).toEqual([]);
  });
});

describe('the outbox catalog', () => {
  const kinds = Object.keys(outboxKinds);

  it('names kinds like journal actions: <area>.<what_happened> in snake_case', () => {
    expect(kinds.filter((k) => !/^[a-z]+\.[a-z]+(_[a-z]+)*$/.test(k))).toEqual([]);
  });

  it('has words for every kind and every stream in Russian and in English (the sync screen shows them)', () => {
    const streams = [...new Set(Object.values(outboxKinds).map((k) => k.stream))];
    const keys = [...kinds.map((k) => `sync.itemKind.${k}`), ...streams.map((s) => `sync.stream.${s}`)];
    const missing = (catalog: Record<string, string>) => keys.filter((k) => !(k in catalog));
    expect(missing(ru)).toEqual([]);
    expect(missing(en)).toEqual([]);
  });
});
