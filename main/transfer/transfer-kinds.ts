import { z } from 'zod';
import { stationReplyPayload, stationSetupPayload } from './station-setup-payloads';
import { journalExtractSchema } from './journal-extract-format';
import { roomDataSchema } from './room-data-format';
import { roomPackageSchema } from './room-package-format';
import { printLogSchema } from '../printing/print-log-format';
import { roomExamKeySchema } from './room-exam-key-format';

/**
 * Every kind of message that travels on the transfer drive, like the outbox's catalog (main/ipc/outbox-kinds.ts):
 * which way it goes, whether its payload is secret (sealed to the receiver's stations), whether it belongs to an
 * exam date, and the shape of its payload. A message of a kind not here is refused on import
 * (TRANSFER_UNKNOWN_KIND), so no station applies a shape nobody wrote down. Kinds are frozen once a real drive has
 * carried them: add kinds, never rename one. Later kinds (the key, the print log, scans, readiness results) are one
 * more entry each.
 *
 * Each payload is a strict JSON object with its `payloadVersion`; a new shape is a new version, read beside the old.
 */

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
  // Self-keyed: signed by the HQ key it carries (read-message.ts); see station-setup-payloads.ts.
  'station.setup': { direction: 'to_room', secret: false, dated: false, payload: stationSetupPayload },
  // The room station → HQ: its own public keys, signed by its new key (HQ pins them after the fingerprint check).
  'station.reply': { direction: 'to_hq', secret: false, dated: false, payload: stationReplyPayload },
  // HQ → a room: the room's participants and seating for the exam, the staff on duty (personal data: sealed).
  // Its shape: room-data-format.ts; applied by the room station (room-data.ts).
  'room.data': { direction: 'to_room', secret: true, dated: true, payload: roomDataSchema },
  // HQ → a room: the internet package for the room (the existing package format; see FORMAT.md).
  // Its shape: room-package-format.ts; checked and recorded by the room station (room-package.ts).
  'room.package': { direction: 'to_room', secret: true, dated: true, payload: roomPackageSchema },
  // HQ → a room: one key file to the exam materials as RCOI signed it (the main key, a reserve key). Sealed: what
  // travels to a room stays between the stations, though the package key inside is wrapped to GEK members' tokens.
  // Its shape: room-exam-key-format.ts; checked and recorded by the room station (main/exam-keys/room-exam-key.ts).
  'room.exam_key': { direction: 'to_room', secret: true, dated: true, payload: roomExamKeySchema },
  // A room → HQ: the room station's journal for the exam. Its shape: journal-extract-format.ts; kept and checked by
  // HQ (journal-extract.ts).
  'room.journal_extract': { direction: 'to_hq', secret: true, dated: true, payload: journalExtractSchema },
  // A room → HQ: the room station's print log of one exam, whole (a newer one replaces the older). Its shape:
  // main/printing/print-log-format.ts; checked and kept by HQ (room-print-log.ts). Sealed: it ties people to kits.
  'room.print_log': { direction: 'to_hq', secret: true, dated: true, payload: printLogSchema },
  // A room → HQ: the room station's signed journal anchors not yet written (main/anchors/ANCHORS.md). Not secret:
  // an anchor says only which entry had which hash; HQ checks each one's own signature against the pinned key.
  'room.journal_anchor': {
    direction: 'to_hq',
    secret: false,
    dated: false,
    payload: z.strictObject({
      anchors: z
        .array(
          z.strictObject({
            region: z.string(),
            ppeCode: z.string(),
            station: z.string(),
            anchorNo: z.number().int().min(1),
            seq: z.number().int().min(1),
            entryHash: z.string().regex(/^[0-9a-f]{64}$/),
            signedAt: z.string(),
            signingKey: z.string(),
            signature: z.string(),
            reason: z.enum(['hourly', 'handover', 'manual']),
          }),
        )
        .min(1)
        .max(1000),
    }),
  },
} as const satisfies Record<string, TransferKind>;

export type TransferKindName = keyof typeof transferKinds;

export function isTransferKind(name: string): name is TransferKindName {
  return Object.hasOwn(transferKinds, name);
}
