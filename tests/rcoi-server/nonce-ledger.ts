import type { Clock } from '../../main/kernel/clock';
import type { Db } from '../../main/db/open-database';

/**
 * PROTOCOL.md keeps nonces 20 minutes: a timestamp may be up to 10 minutes ahead of the server, and such a request
 * stays acceptable until 10 minutes after it, so its nonce must be remembered at least that long.
 */
export const NONCE_TTL_MS = 20 * 60_000;
const PURGE_EVERY_MS = 60_000;

/** The nonces of accepted requests, per station: a request seen once never has an effect again. */
export class NonceLedger {
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Records the nonce; false if it was already there, i.e. this is a replay. Atomic, so two copies racing cannot both pass. */
  remember(stationId: string, nonce: string): boolean {
    const now = this.clock.now().getTime();
    if (now - this.lastPurge >= PURGE_EVERY_MS || now < this.lastPurge) this.purge(now);
    const result = this.db
      .prepare('INSERT OR IGNORE INTO seen_nonces (station_id, nonce, expires_at) VALUES (?, ?, ?)')
      .run(stationId, nonce, now + NONCE_TTL_MS);
    return result.changes === 1;
  }

  /** Forgets nonces past their time: a replay of such a request is refused by its stale timestamp instead. */
  purge(now: number = this.clock.now().getTime()): number {
    this.lastPurge = now;
    return this.db.prepare('DELETE FROM seen_nonces WHERE expires_at < ?').run(now).changes;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM seen_nonces').get() as { n: number }).n;
  }
}
