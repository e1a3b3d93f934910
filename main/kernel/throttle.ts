/**
 * Calls fn at most once per intervalMs: the first call runs at once, calls during the pause are folded into one
 * trailing call at its end, so the last state is never lost.
 */
export function throttle(fn: () => void, intervalMs: number): { call: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | null = null;
  let pending = false;
  const fire = (): void => {
    if (pending) {
      pending = false;
      fn();
      timer = setTimeout(fire, intervalMs);
    } else {
      timer = null;
    }
  };
  return {
    call: () => {
      if (timer) {
        pending = true;
        return;
      }
      fn();
      timer = setTimeout(fire, intervalMs);
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = false;
    },
  };
}
