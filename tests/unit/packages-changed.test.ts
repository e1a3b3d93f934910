import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleParts, type PackagesPart } from '../../main/packages/packages-changed';

// The packages screen's change event names what changed; throttled, it must still name every part that changed.
// Fake timers: the pause is stepped by hand, nothing waits on the wall clock.

describe('the packages change event, throttled by parts', () => {
  let sent: PackagesPart[][];
  let notify: ReturnType<typeof throttleParts>;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    notify = throttleParts((parts) => sent.push(parts), 250);
  });
  afterEach(() => {
    notify.cancel();
    vi.useRealTimers();
  });

  it('names the first change at once, then the union of the pause once at its end, each part once', () => {
    notify.call('exams');
    expect(sent).toEqual([['exams']]);
    notify.call('exams');
    notify.call('write');
    notify.call('drives', 'exams');
    notify.call('write');
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([['exams'], ['exams', 'drives', 'write']]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(2);
  });

  it('does not lose a part that arrives during the pause after a burst of another part', () => {
    notify.call('exams');
    for (let i = 0; i < 100; i++) notify.call('exams');
    notify.call('drives');
    vi.advanceTimersByTime(250);
    for (let i = 0; i < 100; i++) notify.call('exams');
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([['exams'], ['exams', 'drives'], ['exams']]);
  });

  it('after a quiet pause a new change is named at once again', () => {
    notify.call('write');
    vi.advanceTimersByTime(250);
    vi.advanceTimersByTime(250);
    notify.call('drives');
    expect(sent).toEqual([['write'], ['drives']]);
  });
});
