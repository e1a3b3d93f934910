import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act, type Work } from '../kernel/unit-of-work';
import { DriveEntryError, entryKind, openRegular, readRegularCapped } from '../packages/drive-fs';
import {
  headerSchema,
  MAX_HEADER_BYTES,
  MAX_MESSAGE_BYTES,
  PREAMBLE_BYTES,
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
 * An applier that finds the message unacceptable (what its schema cannot see: a room that is not the header's, a
 * broken journal chain) throws an AppError: the act is rolled back and the file refused with that error
 * (`transfer.refused`), like any other refusal. `file` names the file in such an error; `sha256` is the file's.
 */
export type TransferApplier = (
  work: Work,
  message: { header: MessageHeader; payload: Record<string, unknown>; file: string; sha256: string; checked?: unknown },
) => void;

/**
 * What a kind must check on the drive before its act, asynchronously (a package folder read through and hashed):
 * run after every check of the message itself, never for a message already taken. It throws an AppError to refuse
 * the file; what it returns reaches the applier as `checked`. `driveRoot` is where the drive is mounted.
 */
export type TransferCheck = (message: { header: MessageHeader; payload: Record<string, unknown>; file: string }, driveRoot: string) => Promise<unknown>;

/** A file on the drive for this station, as its header claims (nothing verified): what the screen lists before taking. */
export interface PeekedFile {
  file: string;
  sender: string | null;
  kind: string | null;
  seq: number | null;
  examDate: string | null;
  createdAt: string | null;
  /** taken: the ledger has this sender, receiver and number; new: not yet; unreadable: not a message we can read. */
  state: 'new' | 'taken' | 'unreadable';
}

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
    private readonly checks: Partial<Record<TransferKindName, TransferCheck>> = {},
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
      work.changed('transfer');
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
    for (const f of files) await this.importFile(actor, driveRoot, f.path, f.file, f.baseName, expectedDates, report);
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

  private async importFile(
    actor: Actor,
    driveRoot: string,
    path: string,
    file: string,
    baseName: string,
    expectedDates: readonly string[],
    report: ImportReport,
  ): Promise<void> {
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
    let outcome: 'already' | AppError | { late: boolean };
    try {
      // A kind's own check on the drive (a package folder), outside the act: it may read for minutes. Not for a
      // message taken before — looked up again inside the act, where it counts.
      const check = this.checks[header.kind];
      const checked = check && receivedSha(this.ctx.db, header.sender, receiver, header.seq) !== sha256 ? await check({ header, payload, file }, driveRoot) : undefined;
      outcome = this.take(actor, file, sha256, header, payload, receiver, checked);
    } catch (e) {
      // The applier refused what it was given: the act (ledger row, journal entry, the applier's rows) is rolled
      // back, and the file is refused like any other.
      if (!(e instanceof AppError)) throw e;
      outcome = e;
    }
    if (outcome === 'already') report.already.push({ file, sender: header.sender, seq: header.seq });
    else if (outcome instanceof AppError) this.refuse(actor, report, file, outcome, { sender: header.sender, kind: header.kind, seq: header.seq }, sha256);
    else report.taken.push({ file, sender: header.sender, kind: header.kind, seq: header.seq, late: outcome.late });
  }

  /** The one act that takes a message: its ledger row, `transfer.received`, and its kind's applier. */
  private take(
    actor: Actor,
    file: string,
    sha256: string,
    header: MessageHeader & { kind: TransferKindName },
    payload: Record<string, unknown>,
    receiver: string,
    checked: unknown,
  ): 'already' | AppError | { late: boolean } {
    return act(this.ctx, actor, (work) => {
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
      work.changed('transfer');
      this.appliers[header.kind]?.(work, { header, payload, file, sha256, checked });
      return { late };
    });
  }

  /** A refusal is its own act of one journal entry: nothing else is written. */
  private refuse(actor: Actor, report: ImportReport, file: string, error: AppError, claimed: Claimed, sha256: string | null): void {
    const payload = error.toPayload();
    act(this.ctx, actor, (work) => {
      work.record('transfer.refused', { file: file.slice(0, FILE_NAME_MAX), ...claimed, sha256, error: payload });
      work.changed('transfer');
    });
    report.refused.push({ file, error: payload });
  }

  /**
   * What the drive holds for this station, as the files' headers claim — read, never verified, never applied,
   * nothing journaled: the screen's list before a person takes them. Only the header is read (a few KiB per file),
   * without following a link; at most MAX_FILES_PER_IMPORT files.
   */
  async peek(driveRoot: string): Promise<{ files: PeekedFile[]; more: number }> {
    const files: PeekedFile[] = [];
    let seen = 0;
    const taken = this.ctx.db.prepare<[string, string, number], { n: number }>(
      "SELECT count(*) AS n FROM transfer_message WHERE direction = 'received' AND sender = ? AND receiver = ? AND seq = ?",
    );
    for (const folder of this.foldersToRead()) {
      const dir = join(driveRoot, TRANSFER_FOLDER, folder);
      const top = await lstat(join(driveRoot, TRANSFER_FOLDER)).catch(() => null);
      const st = await lstat(dir).catch(() => null);
      if (!top?.isDirectory() || !st?.isDirectory()) continue;
      for (const baseName of (await readdir(dir)).sort()) {
        if (!baseName.endsWith(MESSAGE_SUFFIX)) continue;
        if (++seen > MAX_FILES_PER_IMPORT) continue;
        const file = `${folder}/${baseName}`.slice(0, FILE_NAME_MAX);
        const header = await readHeaderOnly(join(dir, baseName), file);
        if (!header) {
          files.push({ file, sender: null, kind: null, seq: null, examDate: null, createdAt: null, state: 'unreadable' });
          continue;
        }
        const isTaken = taken.get(header.sender, receiverKey(header.receiver), header.seq)!.n > 0;
        files.push({ file, sender: header.sender, kind: header.kind, seq: header.seq, examDate: header.examDate, createdAt: header.createdAt, state: isTaken ? 'taken' : 'new' });
      }
    }
    return { files, more: Math.max(0, seen - MAX_FILES_PER_IMPORT) };
  }
}

const NOTHING_CLAIMED: Claimed = { sender: null, kind: null, seq: null };

/** A message file's header, read alone and unverified (peek); null when it is not one this version can read. */
async function readHeaderOnly(path: string, file: string): Promise<MessageHeader | null> {
  let opened;
  try {
    opened = await openRegular(path, file);
  } catch {
    return null;
  }
  try {
    const preamble = Buffer.alloc(PREAMBLE_BYTES);
    const { bytesRead } = await opened.handle.read(preamble, 0, PREAMBLE_BYTES, 0);
    if (bytesRead < PREAMBLE_BYTES || preamble.subarray(0, 4).toString('latin1') !== 'PPEX') return null;
    const length = preamble.readUInt32BE(6);
    if (length === 0 || length > MAX_HEADER_BYTES) return null;
    const bytes = Buffer.alloc(length);
    const got = await opened.handle.read(bytes, 0, length, PREAMBLE_BYTES);
    if (got.bytesRead < length) return null;
    const parsed = headerSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
}
