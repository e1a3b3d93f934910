import type { Db } from '../db/open-database';
import { verifyJournal, type JournalVerification } from '../journal/verify';

/**
 * The journal's chain, checked again only when the database may have changed: every screen asks for today's alarms
 * each minute and after every journal entry, and walking the whole chain each time would cost the more the longer
 * the exam season runs. A write through this connection moves `total_changes()`; a write by anything else (a person
 * editing the file with another program — the very case the chain exists for) moves `PRAGMA data_version`.
 */
export class JournalWatch {
  private key: string | null = null;
  private last: (JournalVerification & { anchor: { seq: number } | null }) | null = null;

  /** `anchorProblem`: the first failing signed anchor (main/anchors), checked with the chain and cached with it. */
  constructor(
    private readonly db: Db,
    private readonly anchorProblem: () => { seq: number } | null = () => null,
  ) {}

  verification(): JournalVerification & { anchor: { seq: number } | null } {
    const changes = this.db.prepare<[], { n: number }>('SELECT total_changes() AS n').get()!.n;
    const version = this.db.pragma('data_version', { simple: true }) as number;
    const key = `${changes}:${version}`;
    if (this.last === null || key !== this.key) {
      this.last = { ...verifyJournal(this.db), anchor: this.anchorProblem() };
      this.key = key;
    }
    return this.last;
  }
}
