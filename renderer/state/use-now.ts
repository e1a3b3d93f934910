import { useEffect, useState } from 'react';
import { serverNow } from '../time/server-clock';

/**
 * This computer's clock (epoch ms), re-rendered every `everyMs`: for countdowns to this page's own timers (the
 * bridge's next reconnect, how long an import has run), which are set by this clock, not main's.
 */
export function useLocalNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** main's "now", re-rendered every `everyMs`; aligned to the second so a clock does not skip digits. */
export function useServerNow(everyMs = 1000): Date {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const wait = everyMs - (Date.now() % 1000) + (everyMs >= 1000 ? 5 : 0);
      timer = setTimeout(() => {
        setNow(serverNow());
        schedule();
      }, Math.max(50, wait));
    };
    schedule();
    return () => clearTimeout(timer);
  }, [everyMs]);
  return now;
}
