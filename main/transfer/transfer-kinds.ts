import { z } from 'zod';

/**
 * Every kind of message that travels on the transfer drive, like the outbox's catalog (main/ipc/outbox-kinds.ts):
 * which way it goes, whether its payload is secret (sealed to the receiver's stations), whether it belongs to an
 * exam date, and the shape of its payload. A message of a kind not here is refused on import
 * (TRANSFER_UNKNOWN_KIND), so no station applies a shape nobody wrote down. Kinds are frozen once a real drive has
 * carried them: add kinds, never rename one. Later kinds (the key, the print log, scans, readiness results) are one
 * more entry each.
 *
 * The payloads are placeholders for now (issue 11, item 2 lands the envelope only): a JSON object each capability
 * will narrow when it starts writing the kind, with a new `payloadVersion` if an old shape must still be read.
 */
const placeholder = z.record(z.string(), z.unknown());

interface TransferKind {
  /** 'to_room': HQ writes, a room station reads; 'to_hq': the other way. */
  direction: 'to_room' | 'to_hq';
  /** Sealed to the receiving stations' X25519 keys; a secret kind that arrives in the clear is refused. */
  secret: boolean;
  /** The header must name the exam date the message belongs to (and the importer must expect that date). */
  dated: boolean;
  payload: z.ZodType<Record<string, unknown>>;
}

export const transferKinds = {
  // HQ → a new room station: its room, its number, HQ's public keys (verified by fingerprint at set-up, item 1).
  'station.setup': { direction: 'to_room', secret: false, dated: false, payload: placeholder },
  // The room station → HQ: its own public keys, signed by its new key (HQ pins them after the fingerprint check).
  'station.reply': { direction: 'to_hq', secret: false, dated: false, payload: placeholder },
  // HQ → a room: the room's participants and seating for the exam, the staff on duty (personal data: sealed).
  'room.data': { direction: 'to_room', secret: true, dated: true, payload: placeholder },
  // HQ → a room: the internet package for the room (the existing package format; see FORMAT.md).
  'room.package': { direction: 'to_room', secret: true, dated: true, payload: placeholder },
  // A room → HQ: the room station's journal for the exam.
  'room.journal_extract': { direction: 'to_hq', secret: true, dated: true, payload: placeholder },
} as const satisfies Record<string, TransferKind>;

export type TransferKindName = keyof typeof transferKinds;

export function isTransferKind(name: string): name is TransferKindName {
  return Object.hasOwn(transferKinds, name);
}
