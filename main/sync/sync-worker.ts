import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type Actor, type CoreContext } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import { readPpeConfig, readSetting } from '../ppe/ppe-config';
import type { BundleService } from '../bundles/bundle-service';
import { inTransaction, type Db } from '../db/open-database';
import type { AppErrorPayload } from '../ipc/errors';
import type { SyncStatus } from '../ipc/dto';
import { enrolStation, loadCredentials } from './credentials';
import { applyInbound, inboundCursor } from './inbound';
import type { KeyProtector } from './key-store';
import { blobDir } from '../outbox/outbox';
import { nextDelayMs } from './backoff';
import { usableRcoiUrl } from '../rcoi/rcoi-url';
import { SyncAnswerNotAuthenticError, SyncClient, SyncRefusedError, SyncTransientError, type Credentials } from './sync-client';
import { uploadBlob, type UploadProgress } from './uploader';
import { readSyncStatus, type LinkState } from './sync-status';
import { readSavedLink, savedLinkKey, writeSavedLink, type SavedLink } from './link-store';

export interface SyncWorkerOptions {
  dataDir: string;
  keys: KeyProtector;
  bundles: BundleService;
  chunkSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often to look for news when nothing is queued. */
  idlePollMs?: number;
  random?: () => number;
  requestTimeoutMs?: number;
}

export const CLOCK_SKEW_ALARM_SECONDS = 120;
const DEFAULT_CHUNK = 4 * 1024 * 1024;

interface OutboxRow {
  id: string;
  stream: string;
  kind: string;
  schema_version: number;
  payload: string | null;
  blob_file: string | null;
  size: number;
  sha256: string;
  attempts: number;
}

/**
 * Drains the outbox to RCOI and applies RCOI's feed, whenever RCOI answers. It runs in the background: every
 * person's action is already committed locally before the worker ever sees it, so nothing here can lose it.
 *
 * Per pass: measure RCOI's clock (and journal a skew over 2 minutes), make sure the station is enrolled, apply new
 * feed items, then deliver due outbox items oldest-first, one stream's items strictly in order. A network failure
 * pauses everything (exponential backoff with jitter, probing RCOI's time); a refusal quarantines the one item.
 */
export class SyncWorker {
  private readonly link: LinkState = {
    online: null,
    lastContactAt: null,
    lastAttemptAt: null,
    nextAttemptAt: null,
    clockSkewSeconds: null,
    clockSkewAlarm: false,
    lastError: null,
    lastErrorAt: null,
    active: null,
    fromEarlierRun: false,
  };
  /** The link row as last written (link-store.ts): a pass that changed nothing writes nothing. */
  private savedKey: string | null = null;
  private failures = 0;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  /** Set by nudge(); a nudge that arrives during a pass makes the loop go round again at once. */
  private nudged = false;
  private abort = new AbortController();
  private lastPush = 0;
  /** The last forged or unbound answer journaled; the same one again is not journaled until RCOI is heard. */
  private refusalNoted: string | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly options: SyncWorkerOptions,
  ) {
    // What was known before a restart: shown, and a wrong clock still alarms, until RCOI answers in this run.
    const saved = readSavedLink(ctx.db);
    if (saved) {
      Object.assign(this.link, saved);
      this.link.fromEarlierRun = saved.lastContactAt !== null || saved.clockSkewSeconds !== null;
      this.savedKey = savedLinkKey(saved);
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.removeOrphanBlobs();
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.wake?.();
    await this.loopDone;
  }

  /** Something was queued or a person asked: try now, whatever the backoff said. */
  nudge(resetBackoff = false): void {
    if (resetBackoff) {
      this.failures = 0;
      this.ctx.db.prepare("UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending'").run();
      this.link.nextAttemptAt = null;
    }
    this.nudged = true;
    this.wake?.();
  }

  status(): SyncStatus {
    return readSyncStatus(this.ctx, this.link);
  }

  async enrol(actor: Actor, code: string): Promise<void> {
    // Plain HTTP only to this computer in training mode (main/rcoi/rcoi-url.ts).
    usableRcoiUrl(readPpeConfig(this.ctx.db));
    const client = this.client();
    try {
      await enrolStation(this.ctx, this.options.keys, client, actor, code);
    } catch (e) {
      if (e instanceof SyncRefusedError) throw new AppError('SYNC_ENROL_REFUSED', { reason: e.reason });
      if (e instanceof SyncAnswerNotAuthenticError) {
        this.noteForgedAnswer(e);
        throw new AppError('RCOI_ANSWER_NOT_AUTHENTIC', { problem: e.problem });
      }
      if (e instanceof SyncTransientError) throw new AppError('RCOI_UNREACHABLE', { url: this.rcoiUrl() ?? '' });
      throw e;
    }
    this.nudge(true);
  }

  /** One pass; returns whether RCOI was reachable. Exposed for tests that step the worker by hand. */
  async runOnce(): Promise<boolean> {
    try {
      usableRcoiUrl(readPpeConfig(this.ctx.db));
    } catch (e) {
      // No exam point set up, one that may not run, no RCOI address, or one that may not be used (plain HTTP to
      // another computer): not a single request goes out, and a refused address is not "unreachable".
      if (!(e instanceof AppError)) throw e;
      if (e.code === 'RCOI_URL_INSECURE') this.link.online = null;
      this.fail(e.toPayload(), false);
      this.save();
      this.push(true);
      return false;
    }
    const client = this.client();
    this.link.lastAttemptAt = this.ctx.clock.now();
    try {
      await this.contact(client);
      // RCOI answers: whatever went wrong before is history; a refusal in this pass will say so again.
      this.link.lastError = null;
      this.link.lastErrorAt = null;
      const creds = await this.credentials(client);
      if (!creds) return true;
      await this.pullFeed(client, creds);
      await this.pushOutbox(client, creds);
      this.failures = 0;
      this.link.nextAttemptAt = null;
      this.refusalNoted = null;
      return true;
    } catch (e) {
      if (e instanceof SyncTransientError) {
        this.failures++;
        const delay = nextDelayMs(this.failures, this.delays());
        this.link.online = false;
        this.link.nextAttemptAt = new Date(this.ctx.clock.now().getTime() + delay);
        if (e instanceof SyncAnswerNotAuthenticError) this.noteForgedAnswer(e);
        this.fail(this.transientError(e), true);
        return false;
      }
      if (e instanceof AppError) {
        this.fail(e.toPayload(), false);
        return true;
      }
      throw e;
    } finally {
      this.link.active = null;
      this.save();
      this.push(true);
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let reachable = false;
      this.nudged = false;
      try {
        reachable = await this.runOnce();
      } catch (e) {
        // A bug must not stop delivery for the rest of the day: note it, wait, try again.
        this.fail({ code: 'INTERNAL', params: { detail: String(e).slice(0, 200) } }, true);
        this.save();
      }
      if (!this.running) break;
      if (this.nudged) continue;
      const now = this.ctx.clock.now().getTime();
      const due = this.link.nextAttemptAt?.getTime() ?? (reachable ? this.nextDueAt() : null);
      const wait = due === null ? (this.options.idlePollMs ?? 30_000) : Math.max(0, due - now);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async contact(client: SyncClient): Promise<void> {
    const { offsetMs } = await client.time();
    const skewSeconds = Math.round(offsetMs / 1000);
    const alarm = Math.abs(skewSeconds) > CLOCK_SKEW_ALARM_SECONDS;
    const changed = alarm !== this.link.clockSkewAlarm;
    this.link.clockSkewSeconds = skewSeconds;
    this.link.clockSkewAlarm = alarm;
    this.link.online = true;
    this.link.lastContactAt = this.ctx.clock.now();
    this.link.fromEarlierRun = false;
    if (changed) {
      // The alarm's journal entry and the kept link state agree: both are written, or neither — and if neither, the
      // alarm stays as it was, so the next contact journals the change again.
      try {
        act(this.ctx, SYSTEM_ACTOR, (work) => {
          work.record(alarm ? 'clock.skew_detected' : 'clock.skew_resolved', { skewSeconds });
          this.save(work.db);
        });
      } catch (e) {
        this.link.clockSkewAlarm = !alarm;
        throw e;
      }
    }
  }

  /**
   * Keeps the link state for the next run (link-store.ts) when it changed: one small row, in the caller's act when
   * one is given (a failure there undoes the act). Otherwise a write that fails (a full disk, a busy database) must
   * not stop delivery: the row stays unwritten and the end of the next pass tries again.
   */
  private save(db?: Db): void {
    const link: SavedLink = {
      lastContactAt: this.link.lastContactAt,
      clockSkewSeconds: this.link.clockSkewSeconds,
      clockSkewAlarm: this.link.clockSkewAlarm,
      lastError: this.link.lastError,
      lastErrorAt: this.link.lastErrorAt,
    };
    const key = savedLinkKey(link);
    if (key === this.savedKey) return;
    if (db) {
      writeSavedLink(db, link, this.ctx.clock.now());
    } else {
      try {
        inTransaction(this.ctx.db, () => writeSavedLink(this.ctx.db, link, this.ctx.clock.now()));
      } catch {
        return;
      }
    }
    this.savedKey = key;
  }

  private async credentials(client: SyncClient): Promise<Credentials | null> {
    const creds = loadCredentials(this.ctx, this.options.keys);
    if (creds) return creds;
    // The demo PPE enrols itself with the reference server's demo code; a real PPE waits for the specialist.
    const demoCode = readPpeConfig(this.ctx.db).trainingMode ? readSetting(this.ctx.db, 'demo_enrolment_code') : null;
    if (demoCode) {
      try {
        await enrolStation(this.ctx, this.options.keys, client, SYSTEM_ACTOR, demoCode);
        return loadCredentials(this.ctx, this.options.keys);
      } catch (e) {
        if (!(e instanceof SyncRefusedError)) throw e;
      }
    }
    this.fail({ code: 'SYNC_NOT_ENROLLED', params: {} }, false);
    return null;
  }

  private async pullFeed(client: SyncClient, creds: Credentials): Promise<void> {
    for (;;) {
      const page = await this.withClockRetry(client, () => client.feed(creds, inboundCursor(this.ctx)));
      if (page.items.length === 0) return;
      // Each item is an act of its own: it tells the screens what it changed once it has committed.
      for (const item of page.items) applyInbound(this.ctx, this.options.bundles, item);
    }
  }

  private async pushOutbox(client: SyncClient, creds: Credentials): Promise<void> {
    for (;;) {
      if (!this.running && this.abort.signal.aborted) return;
      const item = this.nextDueItem();
      if (!item) return;
      try {
        await this.withClockRetry(client, () => this.deliver(client, creds, item));
        inTransaction(this.ctx.db, () =>
          this.ctx.db
            .prepare("UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?")
            .run(this.ctx.clock.now().toISOString(), item.id),
        );
        if (item.blob_file) rmSync(join(blobDir(this.options.dataDir), item.blob_file), { force: true });
      } catch (e) {
        if (e instanceof SyncRefusedError) {
          const error: AppErrorPayload = { code: e.status === 409 ? 'SYNC_CONFLICT' : 'SYNC_REFUSED', params: { reason: e.reason, status: e.status } };
          act(this.ctx, SYSTEM_ACTOR, (work) => {
            work.db
              .prepare("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?")
              .run(JSON.stringify(error), item.id);
            work.record('sync.item_refused', { id: item.id, kind: item.kind, status: e.status, reason: e.reason });
          });
          this.fail(error, false);
          continue;
        }
        if (e instanceof SyncTransientError) {
          // Not delivered — also when someone other than RCOI said "stored": the item and its file stay.
          const delay = nextDelayMs(item.attempts + 1, this.delays());
          const error = this.transientError(e);
          this.ctx.db
            .prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?')
            .run(new Date(this.ctx.clock.now().getTime() + delay).toISOString(), JSON.stringify(error), item.id);
        }
        throw e;
      } finally {
        this.push(true);
      }
    }
  }

  private async deliver(client: SyncClient, creds: Credentials, item: OutboxRow): Promise<void> {
    if (item.payload !== null) {
      await client.putItem(creds, item.id, {
        kind: item.kind,
        schemaVersion: item.schema_version,
        stream: item.stream,
        payload: JSON.parse(item.payload),
      });
      return;
    }
    const file = join(blobDir(this.options.dataDir), item.blob_file!);
    const onProgress = (p: UploadProgress) => {
      this.link.active = { itemId: item.id, kind: item.kind, ...p };
      this.push(false);
    };
    await uploadBlob(client, creds, {
      file,
      descriptor: {
        itemId: item.id,
        kind: item.kind,
        schemaVersion: item.schema_version,
        stream: item.stream,
        size: item.size,
        sha256: item.sha256,
        chunkSize: this.options.chunkSize ?? DEFAULT_CHUNK,
      },
      now: () => this.ctx.clock.now(),
      onProgress,
    });
  }

  /** A 'stale_timestamp' refusal means our clock drifted since the last contact: re-measure once and retry. */
  private async withClockRetry<T>(client: SyncClient, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof SyncRefusedError) || e.reason !== 'stale_timestamp') throw e;
      await client.time();
      return call();
    }
  }

  /** The oldest due item that heads its stream: nothing overtakes an earlier item of the same stream. */
  private nextDueItem(): OutboxRow | undefined {
    return this.ctx.db
      .prepare<[string], OutboxRow>(
        `SELECT o.* FROM outbox o
         WHERE o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.stream = o.stream AND p.state = 'pending' AND p.stream_seq < o.stream_seq)
         ORDER BY o.created_at, o.stream, o.stream_seq LIMIT 1`,
      )
      .get(this.ctx.clock.now().toISOString());
  }

  private nextDueAt(): number | null {
    const row = this.ctx.db
      .prepare<[], { t: string | null }>("SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'pending'")
      .get();
    return row?.t ? Date.parse(row.t) : null;
  }

  private removeOrphanBlobs(): void {
    const dir = blobDir(this.options.dataDir);
    if (!existsSync(dir)) return;
    const known = new Set(
      this.ctx.db.prepare<[], { f: string }>("SELECT blob_file AS f FROM outbox WHERE blob_file IS NOT NULL AND state <> 'delivered'").all().map((r) => r.f),
    );
    for (const name of readdirSync(dir)) if (!known.has(name)) rmSync(join(dir, name), { force: true });
  }

  /** What the link screen and the outbox row say about a failure that passes by itself. */
  private transientError(e: SyncTransientError): AppErrorPayload {
    if (e instanceof SyncAnswerNotAuthenticError) return { code: 'RCOI_ANSWER_NOT_AUTHENTIC', params: { problem: e.problem } };
    if (e.status === null) return { code: 'RCOI_UNREACHABLE', params: { url: this.rcoiUrl() ?? '' } };
    return { code: 'RCOI_BAD_RESPONSE', params: { status: e.status } };
  }

  /**
   * A forged or unbound answer is refused input: journaled with what was wrong. At most once a pass (a pass stops
   * at the first one), and not again for the same request and problem until RCOI has been heard in between, so a
   * look-alike server answering all day does not flood the journal.
   */
  private noteForgedAnswer(e: SyncAnswerNotAuthenticError): void {
    const key = `${e.request} ${e.problem}`;
    if (this.refusalNoted === key) return;
    this.refusalNoted = key;
    const url = this.rcoiUrl() ?? '';
    recordAct(this.ctx, SYSTEM_ACTOR, 'sync.answer_refused', { request: e.request, problem: e.problem, status: e.status, url });
  }

  private fail(error: AppErrorPayload, transient: boolean): void {
    this.link.lastError = error;
    this.link.lastErrorAt = this.ctx.clock.now();
    if (transient) this.link.online = false;
  }

  private delays() {
    return {
      baseMs: this.options.baseDelayMs ?? 1_000,
      maxMs: this.options.maxDelayMs ?? 5 * 60_000,
      random: this.options.random ?? Math.random,
    };
  }

  private rcoiUrl(): string | null {
    return readPpeConfig(this.ctx.db).rcoiUrl;
  }

  /** A client that believes only answers signed with the RCOI key pinned in this PPE's configuration. */
  private client(): SyncClient {
    const ppe = readPpeConfig(this.ctx.db);
    return new SyncClient(ppe.rcoiUrl ?? 'http://127.0.0.1:9', ppe.rcoiPublicKey, () => this.ctx.clock.now(), this.options.requestTimeoutMs, this.abort.signal);
  }

  /** Tells the screens; during an upload at most four times a second. */
  private push(force: boolean): void {
    const t = Date.now();
    if (!force && t - this.lastPush < 250) return;
    this.lastPush = t;
    this.ctx.events.emit('all', 'sync/changed', this.status());
  }
}
