import { AppError } from '../kernel/app-error';
import { headerSchema, parseMessageFileName, receiverKey, unframeMessage, type MessageHeader } from './message-format';
import { openBody } from './sealing';
import type { TransferSetup } from './station-identity';
import { transferKinds, isTransferKind, type TransferKindName } from './transfer-kinds';

/** What a file claimed before it was refused: for the journal, nothing of it believed. */
export interface Claimed {
  sender: string | null;
  kind: string | null;
  seq: number | null;
}

export type ReadVerdict =
  | { ok: false; error: AppError; claimed: Claimed }
  | { ok: true; header: MessageHeader & { kind: TransferKindName }; payload: Record<string, unknown> };

/**
 * Every check a message passes before anything of it is used, in an order that names the most useful reason:
 * framing (not a message, another format, cut short), the header's shape and kind, whom it is for (PPE, station or
 * room, exam date), who sent it (a pinned key, the kind's direction), the signature over the exact bytes, the file
 * name agreeing with the header, then opening a sealed body and checking its payload. Refusing on a claim not yet
 * verified is safe: refusing never applies anything; only a message that passes everything is taken.
 *
 * `file` names the file in refusals (its path under PPE-TRANSFER/); `baseName` is its own name, checked against
 * the header. The ledger (replays, gaps) is the caller's: it needs the database.
 */
export function readMessage(
  setup: TransferSetup,
  bytes: Buffer,
  file: string,
  baseName: string,
  expectedDates: readonly string[],
): ReadVerdict {
  const { identity, peers, crypto } = setup;
  const claimed: Claimed = { sender: null, kind: null, seq: null };
  const refuse = (error: AppError): ReadVerdict => ({ ok: false, error, claimed });

  const framing = unframeMessage(bytes);
  if (!framing.ok) {
    if (framing.problem === 'truncated') return refuse(new AppError('TRANSFER_TRUNCATED', { file, expected: framing.expected, actual: framing.actual }));
    if (framing.problem === 'format') return refuse(new AppError('TRANSFER_UNKNOWN_FORMAT', { file, version: framing.version }));
    return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: framing.problem }));
  }

  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(framing.header));
  } catch {
    return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'header' }));
  }
  // The kind is looked at before the rest of the header: a kind from a newer app is «unknown kind», not «damaged».
  const rawKind = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown }).kind : undefined;
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    if (typeof rawKind === 'string' && !isTransferKind(rawKind)) return refuse(new AppError('TRANSFER_UNKNOWN_KIND', { file, kind: rawKind.slice(0, 64) }));
    return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'header' }));
  }
  const header = parsed.data;
  claimed.sender = header.sender;
  claimed.kind = header.kind;
  claimed.seq = header.seq;
  if (!isTransferKind(header.kind)) return refuse(new AppError('TRANSFER_UNKNOWN_KIND', { file, kind: header.kind }));
  const kind = transferKinds[header.kind];

  if (header.ppe.region !== identity.ppe.region || header.ppe.code !== identity.ppe.code) {
    return refuse(new AppError('TRANSFER_OTHER_PPE', { file, filePpe: header.ppe.code, ppe: identity.ppe.code, fileRegion: header.ppe.region }));
  }
  const r = header.receiver;
  const forMe =
    (r.type === 'station' && r.number === identity.station) ||
    (r.type === 'room' && identity.role === 'room' && r.code === identity.room) ||
    (r.type === 'hq' && identity.role === 'hq');
  const rightWay = (kind.direction === 'to_room') === (identity.role === 'room');
  if (!forMe || !rightWay) return refuse(new AppError('TRANSFER_OTHER_STATION', { file, receiver: receiverKey(r) }));
  if (kind.dated !== (header.examDate !== null)) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'header' }));
  if (header.examDate !== null && !expectedDates.includes(header.examDate)) {
    return refuse(new AppError('TRANSFER_OTHER_DATE', { file, date: header.examDate }));
  }

  // A sender is a pinned station of the role that writes this kind: a room station cannot send what HQ sends.
  const peer = peers.find((p) => p.station === header.sender);
  if (!peer || peer.role !== (kind.direction === 'to_room' ? 'hq' : 'room')) {
    return refuse(new AppError('TRANSFER_UNKNOWN_SENDER', { file, sender: header.sender }));
  }
  if (!crypto.verify('Ed25519', peer.signingKey, framing.signed, framing.signature)) {
    return refuse(new AppError('TRANSFER_BAD_SIGNATURE', { file, sender: header.sender }));
  }
  const named = parseMessageFileName(baseName);
  if (!named || named.sender !== header.sender || named.seq !== header.seq || named.kind !== header.kind) {
    return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'name' }));
  }

  let plaintext: Buffer;
  if (kind.secret) {
    if (header.sealing === null) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'not_sealed' }));
    const me = { station: identity.station, agreementKey: identity.keys.agreement.privateKey, agreementPublicKey: identity.keys.agreement.publicKeySpkiBase64 };
    const opened = openBody(crypto, header.sealing, me, framing.body, framing.header);
    if (opened === null) return refuse(new AppError('TRANSFER_NOT_SEALED_FOR_US', { file }));
    plaintext = opened;
  } else {
    if (header.sealing !== null) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'header' }));
    plaintext = framing.body;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'payload' }));
  }
  const checked = kind.payload.safeParse(payload);
  if (!checked.success) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'payload' }));
  return { ok: true, header: { ...header, kind: header.kind }, payload: checked.data };
}
