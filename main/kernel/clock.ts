/** The one source of "now" for main; tests and the demo inject their own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move: for tests of idle locks, lock-outs and timelines. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Real time, shifted so that it starts at `start`: the browser shell's `--clock-start`, so an end-to-end test or a
 * rehearsal sees exam morning whatever the hour. Never used by the packaged app.
 */
export function clockStartingAt(start: Date): Clock {
  const shift = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + shift) };
}
