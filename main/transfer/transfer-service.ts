import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act, recordAct, type Work } from '../kernel/unit-of-work';
import { DriveEntryError, entryKind, readRegularCapped } from '../packages/drive-fs';
import {
  MAX_MESSAGE_BYTES,
  MESSAGE_SUFFIX,
  messageFileName,
  receiverFolder,
  receiverKey,
  TRANSFER_FOLDER,
  type MessageHeader,
  type Receiver,
} from './message-format';
import { readMessage, type Claimed } from './read-message';
import type { TransferSetup } from './station-identity';
import { insertLedgerRow, isLate, missingReceived, nextSentSeq, receivedSha } from './transfer-ledger';
import type { TransferKindName } from './transfer-kinds';
import { buildMessage, writeMessageFile } from './write-message';

/**
 * What a capability does with a message of its kind once it is taken, inside the same act as the ledger row and
 * the journal entry: a failure rolls all three back, so a message is applied exactly when it is recorded taken.
 */
export type TransferApplier = (work: Work, message: { header: MessageHeader; payload: Record<string, unknown> }) => void;

export interface ImportReport {
  taken: { file: string; sender: string; kind: string; seq: number; late: boolean }[];
  /** The same message again (same sender, receiver, number and bytes): taken before, left alone now. */
  already: { file: string; sender: string; seq: number }[];
  refused: { file: string; error: ReturnType<AppError['toPayload']> }[];
  /** Numbers missing in each stream this station receives, after this import. */
  missing: { sender: string; receiver: string; count: number; seqs: number[] }[];
  /** Files beyond MAX_FILES_PER_IMPORT, left unread this time (a drive flooded with files). */
  leftUnread: number;
}

/** A name from a drive, as long as the journal keeps it. */
const FILE_NAME_MAX = 200;
/**
 * At most this many files are read (and, if bad, journaled) per import: a drive planted with a million `.ppex` names
 * must not flood the journal or hold the station for hours. Far above what an exam day writes (a few per room).
 */
export const MAX_FILES_PER_IMPORT = 500;

/**
 * The transfer drive's exchange for one station (FORMAT.md): writes messages to the drive and takes the ones
 * addressed to this station. Every message taken or refused is one act: the ledger row (taken only), its journal
 * entry, and for a taken one its capability's applier. The station's keys and its pinned peers are given
 * (`TransferSetup`); set-up (issue 11, item 1) is what makes them.
 */
export class TransferService {
  /** Writes run one at a time, so two never take the same number. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: CoreContext,
    private readonly setup: TransferSetup,
    private readonly appliers: Partial<Record<TransferKindName, TransferApplier>> = {},
  ) {}

  /**
   * Writes one message for `receiver` to the drive mounted at `driveRoot`, with the next number of this station's
   * stream to that receiver, then records it (ledger row and `transfer.sent`). The file is on the drive before it
   * is recorded: a write that fails records nothing, and its number is used by the next write.
   */
  write(
    actor: Actor,
    driveRoot: string,
    message: { receiver: Receiver; kind: TransferKindName; examDate: string | null; payload: Record<string, unknown> },
  ): Promise<{ file: string; seq: number; sha256: string }> {
    const run = this.writing.then(() => this.writeNow(actor, driveRoot, message));
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async writeNow(
    actor: Actor,
    driveRoot: string,
    message: { receiver: Receiver; kind: TransferKindName; examDate: string | null; payload: Record<string, unknown> },
  ): Promise<{ file: string; seq: number; sha256: string }> {
    const { station } = this.setup.identity;
    const receiver = receiverKey(message.receiver);
    const seq = nextSentSeq(this.ctx.db, station, receiver);
    const createdAt = this.ctx.clock.now();
    const bytes = buildMessage(this.setup, { ...message, seq, createdAt });
    const sha256 = this.setup.crypto.sha256Hex(bytes);
    const fileName = messageFileName(station, seq, message.kind);
    const file = await writeMessageFile(driveRoot, message.receiver, fileName, bytes);
    act(this.ctx, actor, (work) => {
      insertLedgerRow(work.db, {
        direction: 'sent',
        sender: station,
        seq,
        receiver,
        kind: message.kind,
        examDate: message.examDate,
        createdAt: createdAt.toISOString(),
        sha256,
        fileName: file,
        recordedAt: work.at.toISOString(),
      });
      work.record('transfer.sent', { file, receiver, kind: message.kind, seq, examDate: message.examDate, sha256 });
    });
    return { file, seq, sha256 };
  }

  /**
   * Takes what the drive holds for this station: PPE-TRANSFER/station-<number>/ and the room's folder (a room
   * station) or hq/ (HQ). Each file is read capped and without following a link, checked (read-message.ts), then
   * either taken, found already taken, or refused and journaled. Messages are taken in each sender's order.
   * `expectedDates`: the exam dates this station takes dated messages for.
   */
  async importFromDrive(actor: Actor, driveRoot: string, expectedDates: readonly string[]): Promise<ImportReport> {
    const report: ImportReport = { taken: [], already: [], refused: [], missing: [], leftUnread: 0 };
    const listed = await this.listFiles(actor, driveRoot, report);
    const files = listed.slice(0, MAX_FILES_PER_IMPORT);
    report.leftUnread = listed.length - files.length;
    for (const f of files) await this.importFile(actor, f.path, f.file, f.baseName, expectedDates, report);
    report.missing = missingReceived(this.ctx.db);
    return report;
  }

  /** The streams this station receives with numbers missing (what is still to come). */
  missing(): ImportReport['missing'] {
    return missingReceived(this.ctx.db);
  }

  private foldersToRead(): string[] {
    const { identity } = this.setup;
    const own = receiverFolder({ type: 'station', number: identity.station });
    const shared = identity.role === 'hq' ? receiverFolder({ type: 'hq' }) : receiverFolder({ type: 'room', code: identity.room ?? '' });
    return [shared, own];
  }

  private async listFiles(actor: Actor, driveRoot: string, report: ImportReport): Promise<{ path: string; file: string; baseName: string }[]> {
    const found: { path: string; file: string; baseName: string; sender: string; seq: number }[] = [];
    for (const folder of [TRANSFER_FOLDER, ...this.foldersToRead().map((f) => `${TRANSFER_FOLDER}/${f}`)]) {
      // PPE-TRANSFER itself and each receiver folder must be real folders: a link there is refused, never followed.
      const st = await lstat(join(driveRoot, ...folder.split('/'))).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      });
      if (st === null) {
        if (folder === TRANSFER_FOLDER) return [];
        continue;
      }
      if (!st.isDirectory()) {
        this.refuse(actor, report, folder, new AppError('TRANSFER_NOT_REGULAR', { file: folder, kind: entryKind(st) }), NOTHING_CLAIMED, null);
        if (folder === TRANSFER_FOLDER) return [];
        continue;
      }
      if (folder === TRANSFER_FOLDER) continue;
      const relative = folder.slice(TRANSFER_FOLDER.length + 1);
      for (const baseName of (await readdir(join(driveRoot, ...folder.split('/')))).sort()) {
        // A writer's temporary file is not a message yet; anything not named as a message is not ours to read.
        if (!baseName.endsWith(MESSAGE_SUFFIX)) continue;
        const m = /^([0-9]+)-([0-9]+)-/.exec(baseName);
        found.push({
          path: join(driveRoot, ...folder.split('/'), baseName),
          file: `${relative}/${baseName}`.slice(0, FILE_NAME_MAX),
          baseName,
          sender: m?.[1] ?? '',
          seq: m ? Number(m[2]) : 0,
        });
      }
    }
    // Each sender's messages in their order, so that a gap is one the drive really has.
    return found.sort((a, b) => (a.sender === b.sender ? a.seq - b.seq : a.sender < b.sender ? -1 : 1));
  }

  private async importFile(actor: Actor, path: string, file: string, baseName: string, expectedDates: readonly string[], report: ImportReport): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await readRegularCapped(path, file, MAX_MESSAGE_BYTES, () => new AppError('TRANSFER_MALFORMED', { file, reason: 'too_large' }));
    } catch (e) {
      if (e instanceof DriveEntryError) {
        this.refuse(actor, report, file, new AppError('TRANSFER_NOT_REGULAR', { file, kind: e.kind }), NOTHING_CLAIMED, null);
        return;
      }
      if (e instanceof AppError) {
        this.refuse(actor, report, file, e, NOTHING_CLAIMED, null);
        return;
      }
      throw e;
    }
    const sha256 = this.setup.crypto.sha256Hex(bytes);
    const verdict = readMessage(this.setup, bytes, file, baseName, expectedDates);
    if (!verdict.ok) {
      this.refuse(actor, report, file, verdict.error, verdict.claimed, sha256);
      return;
    }
    const { header, payload } = verdict;
    const receiver = receiverKey(header.receiver);
    const outcome = act(this.ctx, actor, (work) => {
      // Looked up inside the act: two imports of one drive at once take a message once.
      const before = receivedSha(work.db, header.sender, receiver, header.seq);
      if (before === sha256) return 'already' as const;
      if (before !== null) return new AppError('TRANSFER_SEQ_REUSED', { file, sender: header.sender, seq: header.seq });
      const late = isLate(work.db, header.sender, receiver, header.seq);
      insertLedgerRow(work.db, {
        direction: 'received',
        sender: header.sender,
        seq: header.seq,
        receiver,
        kind: header.kind,
        examDate: header.examDate,
        createdAt: header.createdAt,
        sha256,
        fileName: file,
        recordedAt: work.at.toISOString(),
      });
      const stream = missingReceived(work.db).find((m) => m.sender === header.sender && m.receiver === receiver);
      work.record('transfer.received', {
        file,
        sender: header.sender,
        receiver,
        kind: header.kind,
        seq: header.seq,
        examDate: header.examDate,
        createdAt: header.createdAt,
        sha256,
        late,
        missing: stream?.count ?? 0,
      });
      this.appliers[header.kind]?.(work, { header, payload });
      return { late };
    });
    if (outcome === 'already') report.already.push({ file, sender: header.sender, seq: header.seq });
    else if (outcome instanceof AppError) this.refuse(actor, report, file, outcome, { sender: header.sender, kind: header.kind, seq: header.seq }, sha256);
    else report.taken.push({ file, sender: header.sender, kind: header.kind, seq: header.seq, late: outcome.late });
  }

  /** A refusal is its own act of one journal entry: nothing else is written. */
  private refuse(actor: Actor, report: ImportReport, file: string, error: AppError, claimed: Claimed, sha256: string | null): void {
    const payload = error.toPayload();
    recordAct(this.ctx, actor, 'transfer.refused', { file: file.slice(0, FILE_NAME_MAX), ...claimed, sha256, error: payload });
    report.refused.push({ file, error: payload });
  }
}

const NOTHING_CLAIMED: Claimed = { sender: null, kind: null, seq: null };
