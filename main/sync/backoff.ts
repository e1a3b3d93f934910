/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so that many PPEs coming back
 * online together (a regional outage ends) do not all knock on RCOI's door in the same second.
 */
export function nextDelayMs(attempt: number, o: { baseMs: number; maxMs: number; random: () => number }): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * o.random());
}
