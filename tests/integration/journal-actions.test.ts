import { afterEach, describe, expect, it } from 'vitest';
import { journalActions } from '../../main/ipc/journal-actions';
import { SYSTEM_ACTOR, type CoreContext } from '../../main/kernel/context';
import { act, recordAct, type Work } from '../../main/kernel/unit-of-work';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';
import { openHarness, type Harness } from '../support/core-harness';

// The journal's catalog (main/ipc/journal-actions.ts): one naming convention, words for every action in both
// languages, and no entry written that the catalog does not describe.

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const actions = Object.keys(journalActions);

describe('journal actions', () => {
  it('are named <area>.<what_happened> in snake_case', () => {
    const offenders = actions.filter((a) => !/^[a-z]+\.[a-z]+(_[a-z]+)*$/.test(a));
    expect(offenders).toEqual([]);
  });

  it('each has words in Russian and in English for the journal screen', () => {
    const missing = (catalog: Record<string, string>) => actions.filter((a) => !(`action.${a}` in catalog));
    expect(missing(ru)).toEqual([]);
    expect(missing(en)).toEqual([]);
  });

  it('an entry the catalog does not describe is refused, and the act it belongs to is not committed', async () => {
    h = await openHarness();
    const ctx = { db: h.core.db, clock: h.clock, events: h.core.events, stationNumber: () => '7777', outboxChanged: () => {} } as CoreContext;
    const count = () => h!.core.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM journal').get()!.n;
    const before = count();
    const attempts: [string, (work: Work) => void][] = [
      ['an unknown action', (w) => w.record('auth.signIn' as never, {} as never)],
      ['a field more', (w) => w.record('auth.lock', { extra: 1 } as never)],
      ['a field of another type', (w) => w.record('drive.check_stuck', { driveId: 'd', stallMs: 'soon' } as never)],
      ['a field less', (w) => w.record('package.download_started', {} as never)],
    ];
    for (const [what, attempt] of attempts) {
      expect(
        () =>
          act(ctx, SYSTEM_ACTOR, (work) => {
            work.db.prepare("INSERT INTO setting (key, value) VALUES ('probe', 'x')").run();
            attempt(work);
          }),
        what,
      ).toThrow(/journal:/);
    }
    expect(count()).toBe(before);
    expect(h.core.db.prepare("SELECT 1 FROM setting WHERE key = 'probe'").get()).toBeUndefined();
    recordAct(ctx, SYSTEM_ACTOR, 'drive.check_stuck', { driveId: 'd', stallMs: 60_000 });
    expect(count()).toBe(before + 1);
  });
});
