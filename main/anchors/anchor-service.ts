import type { JournalVerificationDto } from '../ipc/dto';
import { SYSTEM_ACTOR, type Actor, type CoreContext } from '../kernel/context';
import type { Logger } from '../kernel/logger';
import { readSetupState } from '../ppe/ppe-config';
import { ensureStationKeys } from '../stations/station-keys';
import type { KeyProtector } from '../sync/key-store';
import type { TransferService } from '../transfer/transfer-service';
import { newestOwnAnchor, type AnchorReason } from './anchor-store';
import { HANDOVER_ACTIONS } from './handover-actions';
import { headMovedSince, makeAnchor, type AnchorOutcome } from './make-anchor';
import { writeUnwrittenAnchors } from './room-anchors';
import { verifyAnchors } from './verify-anchors';

/** At least this often the head is signed, if anything was journaled since the last anchor. */
export const ANCHOR_EVERY_MS = 60 * 60 * 1000;
/** How often the timer looks at the station's clock (real time; a test calls `tick()` after moving its clock). */
const TICK_MS = 60 * 1000;

/**
 * Signs this station's journal head (ANCHORS.md): at least hourly by the station's clock, right after every act that
 * journals a handover (handover-actions.ts), and when a person asks. Watches the journal through the unit of work's
 * `data/changed` events, so no capability has to remember to call it; the anchor's own entry is not a handover and
 * not a move of the head, so anchoring never calls for another anchor.
 */
export class AnchorService {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Before a station's first anchor and first journal entry, the hour is counted from when the service started. */
  private readonly startedAt: Date;
  private anchoring = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly protector: KeyProtector,
    private readonly log: Logger,
  ) {
    this.startedAt = ctx.clock.now();
  }

  start(): void {
    if (this.timer) return;
    this.unsubscribe = this.ctx.events.subscribe((_target, event, payload) => {
      if (event !== 'data/changed' || !(payload as { topics: string[] }).topics.includes('journal')) return;
      // Events leave after the act's commit; should one ever come from inside a transaction, look after it ends.
      if (this.ctx.db.inTransaction) setImmediate(() => this.afterJournalChanged());
      else this.afterJournalChanged();
    });
    this.timer = setInterval(() => this.guarded(() => this.tick()), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** The hourly anchor: made if an hour passed since the newest one (or the first entry) and the head moved since. */
  tick(): AnchorOutcome | null {
    if (!this.canAnchor()) return null;
    const last = newestOwnAnchor(this.ctx.db);
    // Before the first anchor, the hour counts from the journal's first entry (a station restarted every half hour
    // must still anchor), or from start if the journal is empty.
    const first = this.ctx.db.prepare<[], { at: string }>('SELECT at FROM journal ORDER BY seq LIMIT 1').get();
    const since = last ? new Date(last.signedAt) : first ? new Date(first.at) : this.startedAt;
    if (this.ctx.clock.now().getTime() - since.getTime() < ANCHOR_EVERY_MS) return null;
    if (last && !headMovedSince(this.ctx.db, last.seq)) return null;
    return this.anchor(SYSTEM_ACTOR, 'hourly');
  }

  /** After a handover act: anchored if a handover entry stands after the newest anchor's entry. */
  afterHandover(): AnchorOutcome | null {
    if (!this.canAnchor()) return null;
    const after = newestOwnAnchor(this.ctx.db)?.seq ?? 0;
    const placeholders = HANDOVER_ACTIONS.map(() => '?').join(', ');
    const handover = this.ctx.db
      .prepare<unknown[], { seq: number }>(`SELECT seq FROM journal WHERE seq > ? AND action IN (${placeholders}) LIMIT 1`)
      .get(after, ...HANDOVER_ACTIONS);
    return handover ? this.anchor(SYSTEM_ACTOR, 'handover') : null;
  }

  /** «Подписать журнал сейчас» (permission journal.anchor), and the room's write to the transfer drive. */
  anchorNow(actor: Actor, reason: AnchorReason = 'manual'): AnchorOutcome | null {
    return this.anchor(actor, reason);
  }

  /**
   * A room station's «write to the drive» for HQ: signs the head if it moved, then writes every own anchor not yet
   * written (`room.journal_anchor`, room-anchors.ts). The write is itself a handover: the anchor made right after it
   * goes with the next write.
   */
  async writePending(transfer: TransferService, actor: Actor, driveRoot: string): Promise<{ written: number; files: { file: string; seq: number }[] }> {
    if (this.canAnchor()) this.anchor(actor, 'handover');
    return writeUnwrittenAnchors(this.ctx, transfer, actor, driveRoot);
  }

  /** `Журнал → Проверить`: the chain, then every own anchor against the key the sealed private key gives. */
  verifyAnchors(): JournalVerificationDto['anchors'] {
    return verifyAnchors(this.ctx.db, this.protector);
  }

  private anchor(actor: Actor, reason: AnchorReason): AnchorOutcome | null {
    if (this.anchoring) return null;
    this.anchoring = true;
    try {
      return makeAnchor(this.ctx, ensureStationKeys(this.ctx, this.protector), actor, reason);
    } finally {
      this.anchoring = false;
    }
  }

  private afterJournalChanged(): void {
    if (this.anchoring) return;
    this.guarded(() => this.afterHandover());
  }

  /** A station not set up, or refusing to run (a real PPE pinning the demo key), signs nothing. */
  private canAnchor(): boolean {
    const state = readSetupState(this.ctx.db);
    return state === 'training' || state === 'ready';
  }

  private guarded(fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      // The act that triggered this committed already; a failed anchor is retried at the next handover or tick.
      this.log.error('journal anchor failed', e);
    }
  }
}

/** The room's «write» action calls this with the TransferService it writes with (see writePending). */
export function writePendingAnchors(anchors: AnchorService, transfer: TransferService, actor: Actor, driveRoot: string) {
  return anchors.writePending(transfer, actor, driveRoot);
}
