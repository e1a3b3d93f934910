import { defaultStationCrypto } from '../crypto/station-crypto';
import type { Actor, CoreContext } from '../kernel/context';
import { act, type Work } from '../kernel/unit-of-work';
import { readPpeConfig } from '../ppe/ppe-config';
import { pinnedPeers } from '../stations/peers';
import type { TransferApplier, TransferService } from '../transfer/transfer-service';
import { transferKinds, type TransferKindName } from '../transfer/transfer-kinds';
import { anchorBytes } from './anchor-bytes';
import { insertAnchor, markWritten, receivedAnchor, unwrittenOwnAnchors } from './anchor-store';
import { anchorForRcoi, anchorRoute } from './make-anchor';

const KIND = 'room.journal_anchor' satisfies TransferKindName;
/** The kind's own cap on anchors per message (transfer-kinds.ts). */
const PER_MESSAGE = 1000;

/**
 * Writes every own anchor not yet written as `room.journal_anchor` messages to HQ, and records which went in which
 * message after the file is on the drive (AnchorService.writePending signs the head first). A crash in between
 * writes them again next time; HQ takes an anchor it already holds once.
 */
export async function writeUnwrittenAnchors(
  ctx: CoreContext,
  transfer: TransferService,
  actor: Actor,
  driveRoot: string,
): Promise<{ written: number; files: { file: string; seq: number }[] }> {
  const files: { file: string; seq: number }[] = [];
  let written = 0;
  // What is pending now, and no more: each write is a handover whose own anchor would otherwise be written next,
  // and that write anchored again, forever.
  const all = unwrittenOwnAnchors(ctx.db);
  for (let from = 0; from < all.length; from += PER_MESSAGE) {
    const pending = all.slice(from, from + PER_MESSAGE);
    const payload = { anchors: pending.map((a) => ({ ...anchorForRcoi(a), reason: a.reason })) };
    const { file, seq } = await transfer.write(actor, driveRoot, { receiver: { type: 'hq' }, kind: KIND, examDate: null, payload });
    act(ctx, actor, (work) => markWritten(work.db, pending.map((a) => a.id), seq, file, work.at.toISOString()));
    files.push({ file, seq });
    written += pending.length;
  }
  return { written, files };
}

/**
 * HQ's applier for `room.journal_anchor` (hand it to TransferService with the other kinds' appliers). The envelope
 * was verified against the room station's pinned key already; each anchor's own signature is checked too, against
 * the same pinned key, and it must be that station's anchor for this PPE. A good anchor is stored, journaled and (HQ
 * sends to RCOI) forwarded to RCOI; a bad one is journaled as refused and not stored; the same anchor again is
 * left alone; the same number with other content is refused as a conflict — the room's journal or anchors were
 * rewritten after the first copy left.
 */
export function anchorsAppliers(): Partial<Record<TransferKindName, TransferApplier>> {
  return { [KIND]: applyRoomAnchors };
}

function applyRoomAnchors(work: Work, message: Parameters<TransferApplier>[1]): void {
  const { anchors } = transferKinds[KIND].payload.parse(message.payload);
  const sender = message.header.sender;
  const ppe = readPpeConfig(work.db);
  const pinned = pinnedPeers(work.db).find((p) => p.station === sender && p.role === 'room');
  const toRcoi = anchorRoute(work.db) === 'rcoi';
  for (const a of anchors) {
    const refuse = (reason: 'not_sender' | 'other_ppe' | 'unknown_key' | 'bad_signature' | 'conflict') =>
      work.record('journal.anchor_refused', { station: a.station, anchorNo: a.anchorNo, seq: a.seq, reason });
    if (a.station !== sender) {
      refuse('not_sender');
      continue;
    }
    if (a.region !== ppe.regionCode || a.ppeCode !== ppe.code) {
      refuse('other_ppe');
      continue;
    }
    if (!pinned || pinned.signingKey !== a.signingKey) {
      refuse('unknown_key');
      continue;
    }
    let signed = false;
    try {
      signed = defaultStationCrypto.verify('Ed25519', pinned.signingKey, anchorBytes(a), Buffer.from(a.signature, 'base64'));
    } catch {
      // Fields that cannot be laid out as signed bytes were not signed by the room station.
    }
    if (!signed) {
      refuse('bad_signature');
      continue;
    }
    const held = receivedAnchor(work.db, a.station, a.anchorNo);
    if (held) {
      if (held.signature !== a.signature || held.seq !== a.seq || held.entryHash !== a.entryHash) refuse('conflict');
      continue;
    }
    insertAnchor(work.db, { ...a, origin: 'received', recordedAt: work.at.toISOString() });
    work.record('journal.anchor_received', { station: a.station, anchorNo: a.anchorNo, seq: a.seq, entryHash: a.entryHash, signedAt: a.signedAt });
    if (toRcoi) work.send('journal.anchor', anchorForRcoi(a));
  }
}
