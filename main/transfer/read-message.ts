import type { StationCrypto } from '../crypto/station-crypto';
import { AppError } from '../kernel/app-error';
import { headerSchema, parseMessageFileName, receiverKey, unframeMessage, type MessageHeader } from './message-format';
import { openBody } from './sealing';
import type { TransferSetup } from './station-identity';
import { stationSetupPayload, type StationSetupPayload } from './station-setup-payloads';
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
 * The kinds that travel before their sender's key is pinned: each is signed by a key it carries itself, and that
 * key is what it is verified against. Believing the key is the set-up flow's business, never the reader's: a
 * set-up from an unpinned HQ is refused here (only the room set-up, which shows the fingerprint to a person, reads
 * it, through readSetupMessage); a reply from an unpinned room station passes here, and its applier
 * (main/stations) takes it only if it answers a set-up this HQ issued, and pins it in the same act.
 */
const SELF_KEYED: Partial<Record<TransferKindName, (payload: Record<string, unknown>) => { station: string; signingKey: string }>> = {
  'station.setup': (p) => {
    const hq = p.hq as { station: string; signingKey: string };
    return { station: hq.station, signingKey: hq.signingKey };
  },
  'station.reply': (p) => {
    const s = p.station as { number: string; signingKey: string };
    return { station: s.number, signingKey: s.signingKey };
  },
};

export function isSelfKeyed(kind: string): boolean {
  return isTransferKind(kind) && SELF_KEYED[kind] !== undefined;
}

type Framed = { ok: true; header: MessageHeader & { kind: TransferKindName }; signed: Buffer; signature: Buffer; body: Buffer; headerBytes: Buffer };

/**
 * Framing, the header's shape and its kind: the first checks every file passes, whoever reads it. `claimed` is
 * filled in as soon as the header is read.
 */
function readFrame(bytes: Buffer, file: string, claimed: Claimed): Framed | { ok: false; error: AppError } {
  const refuse = (error: AppError) => ({ ok: false as const, error });
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
  return {
    ok: true,
    header: { ...header, kind: header.kind },
    signed: framing.signed,
    signature: framing.signature,
    body: framing.body,
    headerBytes: framing.header,
  };
}

/** A body in the clear, as its kind's payload; null when it is not that. */
function clearPayload(kind: TransferKindName, body: Buffer): Record<string, unknown> | null {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return null;
  }
  const checked = transferKinds[kind].payload.safeParse(payload);
  return checked.success ? checked.data : null;
}

function nameAgrees(baseName: string, header: MessageHeader): boolean {
  const named = parseMessageFileName(baseName);
  return named !== null && named.sender === header.sender && named.seq === header.seq && named.kind === header.kind;
}

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

  const frame = readFrame(bytes, file, claimed);
  if (!frame.ok) return refuse(frame.error);
  const { header } = frame;
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
  const senderRole = kind.direction === 'to_room' ? 'hq' : 'room';
  const peer = peers.find((p) => p.station === header.sender);
  const carried = SELF_KEYED[header.kind];
  if (carried) return readSelfKeyed(setup, frame, carried, peer ?? null, senderRole, file, baseName, claimed);
  if (!peer || peer.role !== senderRole) {
    return refuse(new AppError('TRANSFER_UNKNOWN_SENDER', { file, sender: header.sender }));
  }
  if (!crypto.verify('Ed25519', peer.signingKey, frame.signed, frame.signature)) {
    return refuse(new AppError('TRANSFER_BAD_SIGNATURE', { file, sender: header.sender }));
  }
  if (!nameAgrees(baseName, header)) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'name' }));

  let plaintext: Buffer;
  if (kind.secret) {
    if (header.sealing === null) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'not_sealed' }));
    const me = { station: identity.station, agreementKey: identity.keys.agreement.privateKey, agreementPublicKey: identity.keys.agreement.publicKeySpkiBase64 };
    const opened = openBody(crypto, header.sealing, me, frame.body, frame.headerBytes);
    if (opened === null) return refuse(new AppError('TRANSFER_NOT_SEALED_FOR_US', { file }));
    plaintext = opened;
  } else {
    if (header.sealing !== null) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'header' }));
    plaintext = frame.body;
  }
  const payload = clearPayload(header.kind, plaintext);
  if (payload === null) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'payload' }));
  return { ok: true, header, payload };
}

/**
 * A self-keyed kind in the ordinary import: its payload (always in the clear) names the station that signed it and
 * its key; the header's sender must be that station, and the signature must verify with that key. A sender pinned
 * already must carry the very key pinned (and be of the kind's role). An unpinned HQ's set-up is refused here: it
 * becomes trusted only through the room set-up, where a person compares the fingerprint.
 */
function readSelfKeyed(
  setup: TransferSetup,
  frame: Framed,
  carriedOf: (payload: Record<string, unknown>) => { station: string; signingKey: string },
  peer: TransferSetup['peers'][number] | null,
  senderRole: 'hq' | 'room',
  file: string,
  baseName: string,
  claimed: Claimed,
): ReadVerdict {
  const refuse = (error: AppError): ReadVerdict => ({ ok: false, error, claimed });
  const { header } = frame;
  if (header.sealing !== null) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'header' }));
  const payload = clearPayload(header.kind, frame.body);
  if (payload === null) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'payload' }));
  const carried = carriedOf(payload);
  if (carried.station !== header.sender) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'payload' }));
  const knownAndSame = peer !== null && peer.role === senderRole && peer.signingKey === carried.signingKey;
  const mayBeNew = peer === null && header.kind === 'station.reply';
  if (!knownAndSame && !mayBeNew) return refuse(new AppError('TRANSFER_UNKNOWN_SENDER', { file, sender: header.sender }));
  if (!verifies(setup.crypto, carried.signingKey, frame.signed, frame.signature)) {
    return refuse(new AppError('TRANSFER_BAD_SIGNATURE', { file, sender: header.sender }));
  }
  if (!nameAgrees(baseName, header)) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'name' }));
  return { ok: true, header, payload };
}

/** A key that does not even parse verifies nothing. */
function verifies(crypto: StationCrypto, key: string, signed: Buffer, signature: Buffer): boolean {
  try {
    return crypto.verify('Ed25519', key, signed, signature);
  } catch {
    return false;
  }
}

export type SetupVerdict =
  | { ok: false; error: AppError; claimed: Claimed }
  | { ok: true; header: MessageHeader; payload: StationSetupPayload };

/**
 * A set-up file as a station that trusts no key yet reads it (a fresh room station, or one offered a move): the
 * same framing and header checks, then the set-up's own claims must agree — the header's PPE and receiver with the
 * payload's PPE and station, the sender with the HQ it names — and the signature must verify with the HQ key it
 * carries. That proves only that the file is whole and was signed by whoever holds that key; who that is, the
 * person decides by comparing the HQ fingerprint with HQ's screen. Whom it is for (PPE, station) is the caller's.
 */
export function readSetupMessage(crypto: StationCrypto, bytes: Buffer, file: string, baseName: string): SetupVerdict {
  const claimed: Claimed = { sender: null, kind: null, seq: null };
  const refuse = (error: AppError): SetupVerdict => ({ ok: false, error, claimed });
  const frame = readFrame(bytes, file, claimed);
  if (!frame.ok) return refuse(frame.error);
  const { header } = frame;
  if (header.kind !== 'station.setup' || header.receiver.type !== 'station') {
    return refuse(new AppError('TRANSFER_OTHER_STATION', { file, receiver: receiverKey(header.receiver) }));
  }
  if (header.examDate !== null || header.sealing !== null) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'header' }));
  const raw = clearPayload('station.setup', frame.body);
  const parsed = raw === null ? null : stationSetupPayload.safeParse(raw);
  if (!parsed?.success) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'payload' }));
  const payload = parsed.data;
  const agrees =
    payload.hq.station === header.sender &&
    payload.station.number === header.receiver.number &&
    payload.ppe.regionCode === header.ppe.region &&
    payload.ppe.code === header.ppe.code;
  if (!agrees) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'payload' }));
  if (!verifies(crypto, payload.hq.signingKey, frame.signed, frame.signature)) {
    return refuse(new AppError('TRANSFER_BAD_SIGNATURE', { file, sender: header.sender }));
  }
  if (!nameAgrees(baseName, header)) return refuse(new AppError('TRANSFER_MALFORMED', { file, reason: 'name' }));
  return { ok: true, header, payload };
}
