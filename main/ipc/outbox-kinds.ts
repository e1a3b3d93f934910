import { z } from 'zod';
import { packageCopyFact } from './journal-actions';

/**
 * Every kind of message the station sends RCOI through the outbox, like the journal's catalog: the stream it travels
 * in (delivered in order per stream), its schema version, and the exact shape of its payload. A message whose kind is
 * not here, or whose payload is off its schema, is refused before it is queued (main/kernel/unit-of-work.ts), so
 * RCOI never receives a shape nobody wrote down. RCOI stores kinds by name: add kinds and versions, never rename one
 * a real station has sent.
 *
 * Naming: the journal's convention, `<area>.<what_happened>` in snake_case. A large item (bytes, not JSON) is a
 * `staged` kind: its payload is a file staged in the outbox folder, and it has no JSON schema.
 *
 * The renderer words each kind (`sync.itemKind.<kind>`) and each stream (`sync.stream.<stream>`).
 */
const text = z.string();
const count = z.number().int().min(0);


interface JsonKind {
  stream: string;
  schemaVersion: number;
  payload: z.ZodType<Record<string, unknown>>;
}
interface StagedKind {
  stream: string;
  schemaVersion: number;
  staged: true;
}

export const outboxKinds = {
  // A receipt RCOI follows: the PPE has its distribution lists.
  'bundle.distribution_received': {
    stream: 'status',
    schemaVersion: 1,
    payload: z.strictObject({
      bundleId: text,
      examDate: text,
      subjectCode: z.number().int(),
      version: count,
      participants: count,
      staff: count,
    }),
  },
  // The internet package is on this computer, checked against its signed manifest.
  'package.downloaded': {
    stream: 'status',
    schemaVersion: 1,
    payload: z.strictObject({
      packageId: text,
      examDate: text,
      subjectCode: z.number().int(),
      form: text,
      manifestSha256: text,
      size: count,
      files: count,
    }),
  },
  // A copy on a flash drive was written and read back, or checked again when the drive came back.
  'package.copy_written': { stream: 'status', schemaVersion: 1, payload: packageCopyFact },
  'package.copy_checked': { stream: 'status', schemaVersion: 1, payload: packageCopyFact },
  // A signed journal anchor (main/anchors/ANCHORS.md): this station's, or at HQ a room station's brought on the
  // transfer drive. RCOI keeps a copy outside the station, so a journal rewritten together with its anchors shows.
  'journal.anchor': {
    stream: 'status',
    schemaVersion: 1,
    payload: z.strictObject({
      region: text,
      ppeCode: text,
      station: text,
      anchorNo: z.number().int().min(1),
      seq: z.number().int().min(1),
      entryHash: text,
      signedAt: text,
      signingKey: text,
      signature: text,
    }),
  },
  // HQ received a key to the exam materials from RCOI with a GEK member's token (main/exam-keys): RCOI learns that
  // the key arrived, which one, and whose token asked (RCOI's staff id).
  'key.received': {
    stream: 'status',
    schemaVersion: 1,
    payload: z.strictObject({
      keyId: text,
      packageId: text,
      kind: z.enum(['main', 'reserve']),
      sequence: count,
      staffId: text,
      examDate: text,
      subjectCode: z.number().int(),
      receivedAt: text,
    }),
  },
  // HQ took a room station's print log (main/transfer/room-print-log.ts) as that station's current one: RCOI learns
  // each room's print counters as the room counted them and HQ checked them (no kit numbers, no people).
  'printing.log_received': {
    stream: 'status',
    schemaVersion: 1,
    payload: z.strictObject({
      room: text,
      station: text,
      examDate: text,
      subjectCode: z.number().int(),
      packageId: text,
      writtenAt: text,
      present: count,
      kits: count,
      printed: count,
      spoiled: count,
      replaced: count,
      reserveUsed: count,
      remaining: count,
    }),
  },
  // The scans of blanks leave as one large file each (training mode queues a made-up one today).
  'scan.packet': { stream: 'packets', schemaVersion: 1, staged: true },
} as const satisfies Record<string, JsonKind | StagedKind>;

export type OutboxKind = keyof typeof outboxKinds;
type KindsWhere<Shape> = { [K in OutboxKind]: (typeof outboxKinds)[K] extends Shape ? K : never }[OutboxKind];
export type JsonOutboxKind = KindsWhere<JsonKind>;
export type StagedOutboxKind = KindsWhere<StagedKind>;
export type OutboxPayload<K extends JsonOutboxKind> = z.input<(typeof outboxKinds)[K]['payload']>;

/** Refuses a message the catalog does not describe, inside the transaction: the act does not commit without it. */
export function assertOutboxMessage(kind: string, payload: unknown): void {
  if (!Object.hasOwn(outboxKinds, kind)) throw new Error(`outbox: unknown kind ${kind}`);
  const entry: JsonKind | StagedKind = outboxKinds[kind as OutboxKind];
  if (!('payload' in entry)) throw new Error(`outbox: ${kind} is sent as a staged file, not as JSON`);
  const checked = entry.payload.safeParse(payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`outbox: payload of ${kind} off its schema at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
}
