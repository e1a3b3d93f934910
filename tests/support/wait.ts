import { vi } from 'vitest';

/**
 * Reads until the value is what the test waits for, through vitest's own retry (vi.waitFor), and returns it. On time
 * out the failure names what was awaited and shows the last value read.
 */
export function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  return vi.waitFor(
    async () => {
      const v = await read();
      if (!ok(v)) throw new Error(`waiting for ${what}: ${JSON.stringify(v).slice(0, 800)}`);
      return v;
    },
    { timeout: timeoutMs, interval: 25 },
  );
}
