import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ManualClock } from '../kernel/clock';
import type { AppCore } from '../root/app-core';

/** The one command: move main's clock forward by this many milliseconds (at most a day at a time). */
const ADVANCE = /^advance (\d{1,8})$/;

/**
 * The browser shell's `--manual-clock`, for end-to-end tests of what time does (the idle lock): main's clock stands
 * still until the process that started the shell writes `advance <ms>` on the shell's standard input. Then idle
 * sessions are swept at once, as the five-second timer would, and `PPE clock: <instant>` is printed, so the test
 * knows both have happened before it looks at the screen. Nothing reaches this but the starter's own pipe — no page,
 * no socket — the bridge is compiled out of packaged builds, and run-bridge.ts refuses the option on a station that is
 * not a training one: moved time would falsify the instants of a real journal.
 */
export function driveClockFromInput(
  clock: ManualClock,
  core: Pick<AppCore, 'sweepIdle'>,
  input: Readable,
  say: (line: string) => void,
): () => void {
  const lines = createInterface({ input });
  lines.on('line', (line) => {
    const m = ADVANCE.exec(line.trim());
    if (!m) {
      say(`PPE clock: unknown command ${JSON.stringify(line.slice(0, 80))}`);
      return;
    }
    clock.advance(Number(m[1]));
    core.sweepIdle();
    say(`PPE clock: ${clock.now().toISOString()}`);
  });
  return () => lines.close();
}
