import { z } from 'zod';
import { appErrorSchema } from './errors';

/**
 * Every journal action and the exact shape of its payload, like the channel contract: an entry whose action is not
 * here, or whose payload has a field more, a field less or a field of another type, is refused before it is
 * written (main/kernel/context.ts, `record`). Once a real PPE has entries, their names and shapes are frozen in the
 * hash chain: add actions and fields, never rename.
 *
 * Naming: `<area>.<what_happened>` — the area a capability or the kernel (auth, staff, bundle, package, drive, sync,
 * clock, demo, db, journal, timeline, transfer, token, station, key — the key to the exam materials), then what happened
 * in snake_case, past or noun form. The renderer words each one (`action.<name>` in renderer/i18n) and reads its
 * payload with these types (renderer/screens/journal).
 */
const id = z.number().int();
const count = z.number().int().min(0);
const text = z.string();
const instant = z.string();
const paramValue = z.union([z.string(), z.number(), z.boolean()]);
const staffRef = { staffId: id, staffName: text };
/** What a write or a check found of a copy on a drive: the journal's fact and RCOI's message (outbox-kinds.ts). */
/** How many removed entries `package.extra_removed` names, and how long a name may be (a drive's names are anyone's). */
export const EXTRA_REMOVED_MAX = 20;
export const EXTRA_PATH_MAX = 200;
export const packageCopyFact = z.strictObject({
  packageId: text,
  driveId: text,
  role: z.enum(['main', 'reserve', 'transfer']),
  folder: text,
  verified: z.boolean(),
  problem: appErrorSchema.nullable(),
});

export const journalActions = {
  // The database and the journal itself.
  'db.migrated': z.strictObject({ from: count, to: count, applied: z.array(count) }),
  'journal.tail_missing': z.strictObject({ afterSeq: count }),
  'demo.seeded': z.strictObject({
    training: z.literal(true),
    demoKeyId: text,
    chosenBy: z.enum(['screen', 'startup']),
    ppeCode: text,
    today: text,
    exams: count,
    participants: count,
    staff: count,
  }),

  // Signing in and sessions (the actor is the person, or the system for refusals).
  'auth.sign_in': z.strictObject({}),
  'auth.sign_out': z.strictObject({
    reason: z.enum(['user', 'locked_out', 'closed', 'pin_reissued', 'no_duty_today', 'another_signed_in']),
  }),
  'auth.unlock': z.strictObject({}),
  'auth.lock': z.strictObject({}),
  'auth.idle_lock': z.strictObject({ idleSeconds: count }),
  'auth.sign_in_failed': z.strictObject({ ...staffRef, attempt: count }),
  'auth.locked_out': z.strictObject({ ...staffRef, until: instant, attempts: count }),
  'auth.sign_in_refused': z.strictObject({ ...staffRef, reason: z.literal('locked_out'), until: instant }),
  'auth.no_duty_today': z.strictObject(staffRef),
  'auth.role_of_the_day': z.strictObject({ from: id, to: id, date: text }),
  'auth.pin_changed': z.strictObject({ issuedByOther: z.boolean() }),
  // The refusal's own params (the permission, the scope) ride along.
  'auth.forbidden': z.object({ channel: text }).catchall(paramValue),
  'staff.pin_issued': z.strictObject({
    ...staffRef,
    mustChange: z.boolean(),
    confirmedBy: z.strictObject({ staffId: id, name: text }).nullable(),
  }),
  'staff.pin_refused': z.strictObject({ ...staffRef, reason: text, confirmerId: id.nullable() }),

  // Distribution lists.
  'bundle.imported': z.strictObject({
    bundleId: text,
    fileName: text,
    sha256: text,
    examId: id,
    examDate: text,
    subjectCode: id,
    version: count,
    previousVersion: count.nullable(),
    participants: count,
    staff: count,
    added: count,
    removed: count,
    moved: count,
  }),
  'bundle.refused': z.strictObject({ fileName: text, sha256: text, size: count, error: appErrorSchema }),

  // Internet packages and the drives they are written to.
  'package.listed': z.strictObject({ packageId: text, examDate: text, subjectCode: id, size: count }),
  'package.download_started': z.strictObject({ packageId: text }),
  'package.download_paused': z.strictObject({ packageId: text, bytesDone: count }),
  'package.download_failed': z.strictObject({ packageId: text, error: appErrorSchema, bytesDone: count }),
  'package.downloaded': z.strictObject({
    packageId: text,
    examDate: text,
    subjectCode: id,
    form: text,
    manifestSha256: text,
    size: count,
    files: count,
  }),
  'package.copy_started': z.strictObject({
    packageId: text,
    folder: text,
    drives: z.array(z.strictObject({ role: z.enum(['main', 'reserve', 'transfer']), driveId: text })),
  }),
  'package.copy_written': packageCopyFact,
  'package.copy_checked': packageCopyFact,
  'package.copies_interrupted': z.strictObject({ copies: count }),
  /** What a write removed from a drive's package folder (not named by the manifest): the first few, and how many. */
  'package.extra_removed': z.strictObject({
    packageId: text,
    driveId: text,
    role: z.enum(['main', 'reserve', 'transfer']),
    folder: text,
    removed: z
      .array(z.strictObject({ path: z.string().max(EXTRA_PATH_MAX), kind: z.enum(['file', 'folder', 'symlink', 'fifo', 'socket', 'device', 'other']) }))
      .max(EXTRA_REMOVED_MAX),
    count,
  }),
  'drive.assigned': z.strictObject({
    driveId: text,
    serial: text.nullable(),
    label: text.nullable(),
    sizeBytes: count,
    role: z.enum(['main', 'reserve', 'transfer']).nullable(),
    previousDriveId: text.nullable(),
  }),
  'drive.check_stuck': z.strictObject({ driveId: text, stallMs: count }),
  'drive.content_refused': z.strictObject({ driveId: text, folder: text, problem: appErrorSchema.nullable() }),

  // The exam day's timeline: a step a person confirms (main/timeline/confirmable-steps.ts). The station and the
  // person are the entry's own; the step is its timeline key.
  'timeline.step_confirmed': z.strictObject({ examId: id, examDate: text, subjectCode: id, step: text }),

  // The transfer drive between HQ and the rooms (main/transfer/FORMAT.md). `receiver` as the ledger names it
  // ('station:0412001', 'room:0101', 'hq'); `file` is the file's name on the drive.
  'transfer.sent': z.strictObject({ file: text, receiver: text, kind: text, seq: count, examDate: text.nullable(), sha256: text }),
  /** `late`: it filled a gap (a later message from the sender was taken first); `missing`: how many are still missing. */
  'transfer.received': z.strictObject({
    file: text,
    sender: text,
    receiver: text,
    kind: text,
    seq: count,
    examDate: text.nullable(),
    createdAt: instant,
    sha256: text,
    late: z.boolean(),
    missing: count,
  }),
  /**
   * A room station took room.data into its roster (main/transfer/room-data.ts): the room's seating and staff of that
   * exam are now the message's. `outdated`: a newer room.data for that room and exam was already applied, nothing changed.
   */
  'transfer.room_data_applied': z.strictObject({
    room: text,
    examDate: text,
    subjectCode: count,
    sender: text,
    seq: count,
    participants: count,
    staff: count,
    outdated: z.boolean(),
  }),
  /** A room station checked the internet package HQ brought on the transfer drive and recorded it (room-package.ts). */
  'transfer.room_package_verified': z.strictObject({
    packageId: text,
    examDate: text,
    subjectCode: count,
    files: count,
    sender: text,
    seq: count,
  }),
  /** HQ kept a room station's journal extract after its hash chain held (main/transfer/journal-extract.ts). */
  'transfer.journal_extract_kept': z.strictObject({
    station: text,
    room: text,
    examDate: text,
    entries: count,
    firstSeq: count.nullable(),
    lastSeq: count.nullable(),
    complete: z.boolean(),
  }),
  /**
   * HQ kept a room station's print log (main/transfer/room-print-log.ts) after checking it against its own facts and
   * every other room's log of the package. `current`: it is now that station's log of the exam (false: an older log
   * that arrived after a newer one, kept in the history, nothing else changed).
   */
  'transfer.print_log_kept': z.strictObject({
    station: text,
    room: text,
    examDate: text,
    subjectCode: count,
    packageId: text,
    seq: count,
    kits: count,
    printed: count,
    spoiled: count,
    replaced: count,
    reserveUsed: count,
    current: z.boolean(),
  }),
  /** What the file claimed, as far as it was read before it was refused (nothing of it is believed). */
  'transfer.refused': z.strictObject({
    file: z.string().max(EXTRA_PATH_MAX),
    sender: text.nullable(),
    kind: text.nullable(),
    seq: count.nullable(),
    sha256: text.nullable(),
    error: appErrorSchema,
  }),

  // Signed journal anchors (main/anchors/ANCHORS.md): this station signed its journal's head (the entry before this
  // one); at HQ, a room station's anchor taken from the transfer drive, or refused.
  'journal.anchored': z.strictObject({
    anchorNo: count,
    seq: count,
    entryHash: text,
    reason: z.enum(['hourly', 'handover', 'manual']),
  }),
  'journal.anchor_received': z.strictObject({ station: text, anchorNo: count, seq: count, entryHash: text, signedAt: instant }),
  'journal.anchor_refused': z.strictObject({
    station: text,
    anchorNo: count,
    seq: count,
    reason: z.enum(['not_sender', 'other_ppe', 'unknown_key', 'bad_signature', 'conflict']),
  }),

  // GEK members' tokens (main/tokens). No PIN is ever part of an entry. `keyFingerprint`: 5 groups of 4 digits of the
  // SHA-256 of the token's public key (SPKI), what the screen shows; `serial` is NULL for a key RCOI gave alone.
  'token.registered': z.strictObject({
    ...staffRef,
    serial: text.nullable(),
    label: text.nullable(),
    algorithm: text,
    keyFingerprint: text,
    source: z.enum(['bundle', 'enrolled']),
    simulated: z.boolean(),
    bundleId: text.nullable(),
    confirmedBy: z.strictObject({ staffId: id, name: text }).nullable(),
    previous: z.strictObject({ serial: text.nullable(), keyFingerprint: text }).nullable(),
  }),
  'token.refused': z.strictObject({ ...staffRef, serial: text.nullable(), reason: text, confirmerId: id.nullable() }),
  'token.checked': z.strictObject({ ...staffRef, serial: text.nullable(), keyFingerprint: text, ok: z.boolean(), error: appErrorSchema.nullable() }),
  'token.library_set': z.strictObject({ path: text.nullable(), previous: text.nullable() }),

  // The key to the exam materials (main/exam-keys). At HQ: a GEK member's token asked RCOI for a key (`ask`: the
  // main key, a new reserve grant, or a key fetched again); `member` is the GEK member whose token signed, the actor
  // whoever is signed in. `fresh`: the key file was new to this station (false: the same file again). A refusal
  // (RCOI's, the token's) carries the error. On a room station: a key file taken from the transfer drive.
  'key.received': z.strictObject({
    packageId: text,
    keyId: text,
    kind: z.enum(['main', 'reserve']),
    sequence: count,
    ask: z.enum(['main', 'reserve', 'again']),
    examDate: text,
    subjectCode: count,
    member: z.strictObject({ staffId: id, name: text }),
    reserve: z.strictObject({ roomCode: text, stationNumber: text, kits: count }).nullable(),
    fresh: z.boolean(),
  }),
  'key.refused': z.strictObject({
    packageId: text,
    ask: z.enum(['main', 'reserve', 'again']),
    member: z.strictObject({ staffId: id, name: text }),
    error: appErrorSchema,
  }),
  'key.loaded': z.strictObject({
    packageId: text,
    keyId: text,
    kind: z.enum(['main', 'reserve']),
    sequence: count,
    examDate: text,
    subjectCode: count,
    sender: text,
    seq: count,
    fresh: z.boolean(),
  }),

  // Printing of kits at a room station (main/printing). Kits by their index in the package; participants by RCOI's
  // id and seat. No КИМ text and no kit numbers: the numbers travel in the print log, the text never leaves the pack.
  // `member` of an activation is the GEK member whose token unwrapped the key (RCOI's staff id and name).
  'printing.key_activated': z.strictObject({
    packageId: text,
    keyId: text,
    member: z.strictObject({ staffId: text, name: text }),
    tokenSerial: text,
    copied: z.boolean(),
  }),
  'printing.key_refused': z.strictObject({ packageId: text, tokenSerial: text.nullable(), error: appErrorSchema }),
  'printing.printer_chosen': z.strictObject({ printer: text, simulated: z.boolean() }),
  // Marked absent: `kitReleased` — their kit only waited in the queue and was taken back, unused; `kitKept` — their kit
  // was already sent to the printer and stays theirs (the organiser decides).
  'printing.attendance_marked': z.strictObject({
    examDate: text,
    subjectCode: count,
    participantId: text,
    seat: text,
    present: z.boolean(),
    kitReleased: count.optional(),
    kitKept: count.optional(),
  }),
  'printing.kits_queued': z.strictObject({ packageId: text, kits: z.array(z.strictObject({ kitIndex: count, participantId: text, seat: text })) }),
  'printing.kit_printed': z.strictObject({
    packageId: text,
    kitIndex: count,
    source: z.enum(['room', 'reserve']),
    participantId: text.nullable(),
    seat: text.nullable(),
    attempts: count,
    pages: count,
    printer: text,
  }),
  'printing.kit_failed': z.strictObject({ packageId: text, kitIndex: count, attempts: count, error: appErrorSchema }),
  'printing.queue_stopped': z.strictObject({ packageId: text, kitIndex: count.nullable(), error: appErrorSchema }),
  'printing.queue_paused': z.strictObject({ packageId: text }),
  'printing.queue_resumed': z.strictObject({ packageId: text }),
  'printing.kit_spoiled': z.strictObject({
    packageId: text,
    kitIndex: count,
    reason: z.enum(['misprint', 'printer_fault', 'damaged', 'other']),
    note: text,
    participantId: text.nullable(),
    replacement: count.nullable(),
  }),
  'printing.kits_uncertain': z.strictObject({ packageId: text, kits: z.array(count) }),
  'printing.uncertain_resolved': z.strictObject({ packageId: text, kitIndex: count, cameOutWhole: z.boolean() }),

  // Room stations set up from the transfer drive (main/stations). Fingerprints are the five groups of digits people
  // compared on both screens (station-keys.ts); `setupId` names the set-up file a reply answers.
  'station.setup_issued': z.strictObject({ setupId: text, station: text, room: text, isReserve: z.boolean(), file: text }),
  /** At HQ: a station moved to another room or number; its old pin retired in the same act, a new set-up issued. */
  'station.move_issued': z.strictObject({
    setupId: text,
    fromStation: text,
    fromRoom: text.nullable(),
    station: text,
    room: text,
    isReserve: z.boolean(),
    fingerprint: text,
    file: text,
  }),
  /** At HQ: a room station's reply taken and its keys pinned (`moved`: it answered a move). */
  'station.pinned': z.strictObject({ setupId: text, station: text, room: text, isReserve: z.boolean(), fingerprint: text, moved: z.boolean() }),
  /** On the room station: set up from HQ's file, HQ's key pinned after the person compared its fingerprint. */
  'station.set_up': z.strictObject({
    setupId: text,
    station: text,
    room: text,
    isReserve: z.boolean(),
    ppeCode: text,
    training: z.boolean(),
    hqStation: text,
    hqFingerprint: text,
    fingerprint: text,
    ...staffRef,
  }),
  /** On the room station: a move set-up taken over its existing identity (the same key). */
  'station.moved': z.strictObject({ setupId: text, fromStation: text, fromRoom: text, station: text, room: text, isReserve: z.boolean() }),

  // The HQ station set up by enrolment code (main/stations/hq-setup.ts): the PPE and station RCOI named, RCOI's key
  // id now pinned, how this station's private keys are protected, who signs in first; or why RCOI gave no answer.
  'station.hq_set_up': z.strictObject({
    ppeCode: text,
    regionCode: text,
    station: text,
    kind: z.enum(['hq-main', 'hq-reserve']),
    stationId: text,
    rcoiKeyId: text,
    keyProtection: z.enum(['os-keychain', 'file']),
    fingerprint: text,
    ...staffRef,
    // The PPE head who set their own PIN in the same set-up, if they were there.
    headStaffId: id.nullable(),
    headName: text.nullable(),
  }),
  'station.hq_set_up_refused': z.strictObject({ ppeCode: text, kind: z.enum(['hq-main', 'hq-reserve']), error: appErrorSchema }),

  // RCOI.
  'sync.enrolled': z.strictObject({ stationId: text, keyProtection: z.enum(['os-keychain', 'file']), rcoiKeyId: text }),
  'sync.received': z.strictObject({ id: text, kind: text, cursor: count, outcome: z.record(z.string(), z.unknown()) }),
  'sync.item_refused': z.strictObject({ id: text, kind: text, status: z.number().int(), reason: text }),
  'sync.answer_refused': z.strictObject({ request: text, problem: text, status: z.number().int().nullable(), url: text }),
  'sync.training_packet_queued': z.strictObject({ id: text, size: count, sha256: text }),
  'clock.skew_detected': z.strictObject({ skewSeconds: z.number() }),
  'clock.skew_resolved': z.strictObject({ skewSeconds: z.number() }),
} as const;

export type JournalAction = keyof typeof journalActions;
export type JournalPayload<A extends JournalAction> = z.input<(typeof journalActions)[A]>;

export function isJournalAction(name: string): name is JournalAction {
  return Object.hasOwn(journalActions, name);
}

/**
 * Refuses an entry the catalog does not describe: an unknown action, or a payload off its schema (a field more, a
 * field less, another type). A programming error, thrown inside the transaction, so the act it records does not
 * commit without its entry. The payload is checked, not rewritten: what is hashed is what the caller passed.
 */
export function assertJournalEntry(action: string, payload: unknown): void {
  if (!isJournalAction(action)) throw new Error(`journal: unknown action ${action}`);
  const checked = journalActions[action].safeParse(payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`journal: payload of ${action} off its schema at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
}
