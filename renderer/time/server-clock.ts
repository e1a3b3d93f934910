/**
 * Main's clock is the authority (tests and the demo may run it at a chosen time). Every response that carries
 * main's "now" updates the offset; the header clock and the «через N мин» countdowns read serverNow().
 */
let offsetMs = 0;

export function noteServerTime(nowUtc: string): void {
  const server = Date.parse(nowUtc);
  if (!Number.isNaN(server)) offsetMs = server - Date.now();
}

export function serverNow(): Date {
  return new Date(Date.now() + offsetMs);
}
