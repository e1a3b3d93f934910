import { useEffect, useState } from 'react';
import { serverNow } from '../time/server-clock';

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
