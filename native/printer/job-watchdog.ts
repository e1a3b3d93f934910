import type { JobStateKind } from './printer';

// A job that sits pending or processing with nothing changing is "stuck": the spooler will not say so. A switched-off
// USB printer on Windows still reports "ready" with the job "printing"; a CUPS backend retries a dead network printer
// for ever. Every adapter runs its job states through one watchdog, so the screen can tell the organiser to check the
// printer instead of waiting in silence. The clock is injected: tests move it, nothing sleeps.

export const DEFAULT_STUCK_AFTER_MS = 120_000;

interface Seen {
  signature: string;
  since: number;
}

export class JobWatchdog {
  private readonly seen = new Map<string, Seen>();

  constructor(
    /** No progress for this long makes a job stuck. Two minutes: a 16-page kit needs under one at 20 pages/min. */
    readonly stuckAfterMs = DEFAULT_STUCK_AFTER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records one reading of a job and answers the state to show. Progress is any change of state, pages done or
   * reasons. Held jobs are never stuck (a person held them); finished jobs are forgotten.
   */
  observe(key: string, state: Exclude<JobStateKind, 'stuck'>, progress: string): JobStateKind {
    if (state !== 'pending' && state !== 'processing') {
      this.seen.delete(key);
      return state;
    }
    const signature = `${state}|${progress}`;
    const t = this.now();
    const before = this.seen.get(key);
    if (before === undefined || before.signature !== signature) {
      this.seen.set(key, { signature, since: t });
      // Bounded: a station prints a few hundred jobs a day; forget the oldest if callers never finish theirs.
      if (this.seen.size > 1_000) this.seen.delete(this.seen.keys().next().value as string);
      return state;
    }
    return t - before.since >= this.stuckAfterMs ? 'stuck' : state;
  }

  forget(key: string): void {
    this.seen.delete(key);
  }
}
