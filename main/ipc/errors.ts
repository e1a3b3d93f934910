import { z } from 'zod';
import { isoInstant, localDate, permissionSchema } from './slices/common';

/**
 * Every error a person can meet has a code here. The renderer's message catalog turns a code and its params into
 * Russian (or English) text that says what happened and what to do next; main never sends prose.
 * A new code goes here, into `errorCatalog` below with its params, and into renderer/i18n/ru.ts and en.ts.
 */
export const ERROR_CODES = [
  'INTERNAL',
  'UNKNOWN_CHANNEL',
  'VALIDATION_FAILED',
  'NOT_SIGNED_IN',
  'SESSION_LOCKED',
  'FORBIDDEN',
  'NO_DUTY_TODAY',
  'DB_TOO_NEW',
  'DB_UNKNOWN_VERSION',
  'STATION_NOT_SET_UP',
  'STATION_ALREADY_SET_UP',
  'SETUP_CODE_MALFORMED',
  'SETUP_CODE_UNKNOWN',
  'SETUP_CODE_USED',
  'SETUP_CODE_EXPIRED',
  'SETUP_REFUSED',
  'SETUP_NOT_ANSWERED',
  'DEMO_KEY_OUTSIDE_TRAINING',
  'STAFF_NOT_FOUND',
  'PIN_NOT_SET',
  'PIN_WRONG',
  'PIN_LOCKED_OUT',
  'PIN_FORMAT',
  'PIN_TOO_SIMPLE',
  'PIN_UNCHANGED',
  'PIN_CHANGE_REQUIRED',
  'PIN_SECOND_PERSON_REQUIRED',
  'PIN_CONFIRMER_INVALID',
  'BUNDLE_TOO_LARGE',
  'BUNDLE_MALFORMED',
  'BUNDLE_UNSIGNED',
  'BUNDLE_BAD_SIGNATURE',
  'BUNDLE_INVALID_CONTENT',
  'BUNDLE_OTHER_PPE',
  'BUNDLE_UNKNOWN_EXAM',
  'BUNDLE_EXAM_PAST',
  'BUNDLE_OUTDATED',
  'BUNDLE_VERSION_CONFLICT',
  'BUNDLE_UNKNOWN_AUDITORIUM',
  'BUNDLE_ROOM_OVERFULL',
  'BUNDLE_DUPLICATE_SEAT',
  'BUNDLE_DUPLICATE_PERSON',
  'BUNDLE_BAD_TEXT',
  'RCOI_NOT_CONFIGURED',
  'RCOI_UNREACHABLE',
  'RCOI_BAD_RESPONSE',
  'RCOI_ANSWER_NOT_AUTHENTIC',
  'RCOI_URL_INSECURE',
  'SYNC_NOT_ENROLLED',
  'SYNC_ENROL_REFUSED',
  'SYNC_REFUSED',
  'SYNC_CONFLICT',
  'SYNC_TIMEOUT',
  'SYNC_NOT_TRAINING',
  'PACKAGE_MANIFEST_BAD',
  'PACKAGE_OTHER_PPE',
  'PACKAGE_UNKNOWN_EXAM',
  'PACKAGE_DOWNLOAD_CORRUPT',
  'PACKAGE_NOT_FOUND',
  'PACKAGE_NOT_DOWNLOADED',
  'PACKAGE_BUSY',
  'PACKAGE_LOCAL_DISK',
  'KIT_PACK_UNREADABLE',
  'KIT_PACK_INVALID',
  'KIT_NUMBER_DUPLICATE',
  'DRIVES_UNSUPPORTED',
  'DRIVE_NOT_FOUND',
  'DRIVE_ROLE_UNASSIGNED',
  'DRIVE_ROLE_ABSENT',
  'DRIVE_WRITE_PROTECTED',
  'DRIVE_FULL',
  'DRIVE_FILE_TOO_LARGE',
  'DRIVE_REMOVED',
  'DRIVE_IO',
  'DRIVE_COPY_INTERRUPTED',
  'DRIVE_COPY_INCOMPLETE',
  'DRIVE_COPY_MANIFEST_TAMPERED',
  'DRIVE_COPY_FOREIGN',
  'DRIVE_COPY_FILE_CORRUPT',
  'DRIVE_COPY_FILE_MISSING',
  'DRIVE_COPY_FILE_EXTRA',
  'DRIVE_COPY_NOT_REGULAR',
  'DRIVE_COPY_OTHER_PACKAGE',
  'DRIVE_STUCK',
  'DRIVE_SIMULATOR_ONLY',
  'TIMELINE_STEP_NOT_CONFIRMABLE',
  'TIMELINE_STEP_NOT_YET',
  'TIMELINE_STEP_OTHER_DAY',
  'TRANSFER_NOT_REGULAR',
  'TRANSFER_MALFORMED',
  'TRANSFER_TRUNCATED',
  'TRANSFER_UNKNOWN_FORMAT',
  'TRANSFER_UNKNOWN_KIND',
  'TRANSFER_OTHER_PPE',
  'TRANSFER_OTHER_STATION',
  'TRANSFER_OTHER_DATE',
  'TRANSFER_UNKNOWN_SENDER',
  'TRANSFER_BAD_SIGNATURE',
  'TRANSFER_NOT_SEALED_FOR_US',
  'TRANSFER_SEQ_REUSED',
  'STATION_NOT_HQ',
  'STATION_NUMBER_TAKEN',
  'STATION_ROOM_UNKNOWN',
  'STATION_NOT_PINNED',
  'STATION_SETUP_GONE',
  'STATION_SETUP_FINGERPRINT_CHANGED',
  'STATION_SETUP_OTHER_PPE',
  'STATION_SETUP_NOT_THIS_STATION',
  'STATION_SETUP_PERSON_UNKNOWN',
  'STATION_REPLY_UNKNOWN_SETUP',
  'STATION_REPLY_ANSWERED',
  'STATION_REPLY_MISMATCH',
  'STATION_SETUP_BY_HAND',
  'TRANSFER_CONTENT_INVALID',
  'TRANSFER_JOURNAL_BROKEN',
  'TRANSFER_NO_DRIVE',
  'TRANSFER_NO_ROOM_STATION',
  'TRANSFER_HQ_ONLY',
  'TRANSFER_ROOM_ONLY',
  'PRINT_LOG_UNKNOWN_TO_HQ',
  'PRINT_LOG_COUNTS_DISAGREE',
  'PRINT_LOG_KIT_TWICE',
  'FORM_UNKNOWN_EXAM',
  'FORM_UNKNOWN_ROOM',
  'TOKEN_LIBRARY_NOT_INSTALLED',
  'TOKEN_LIBRARY_MISSING',
  'TOKEN_LIBRARY_INVALID',
  'TOKEN_LIBRARY_PATH_BAD',
  'TOKEN_TIMEOUT',
  'TOKEN_NOT_INSERTED',
  'TOKEN_REMOVED',
  'TOKEN_PIN_WRONG',
  'TOKEN_PIN_LOCKED',
  'TOKEN_UNUSABLE',
  'TOKEN_NOT_REGISTERED',
  'TOKEN_REGISTERED_TO_OTHER',
  'TOKEN_MEMBER_HAS_TOKEN',
  'TOKEN_NOT_GEK_MEMBER',
  'TOKEN_CONFIRMATION_REQUIRED',
  'TOKEN_CONFIRMER_INVALID',
  'TOKEN_SIMULATED_OUTSIDE_TRAINING',
  'TOKEN_SIGNATURE_MISMATCH',
  'EXAM_KEY_TOO_EARLY',
  'EXAM_KEY_NOT_EXAM_DAY',
  'EXAM_KEY_OTHER_PPE',
  'EXAM_KEY_NOT_REGISTERED',
  'EXAM_KEY_NO_PACKAGE',
  'EXAM_KEY_RESERVE_EXHAUSTED',
  'EXAM_KEY_UNKNOWN',
  'EXAM_KEY_FILE_INVALID',
  'EXAM_KEY_TOKEN_MISMATCH',
  'EXAM_KEY_PACKAGE_NOT_HERE',
  'PRINTING_NOT_ROOM_STATION',
  'PRINTING_NO_EXAM_TODAY',
  'PRINTING_NO_PACKAGE',
  'PRINTING_NO_KEY_FILE',
  'PRINTING_KEY_NOT_ACTIVE',
  'PRINTING_PACKAGE_NEEDS_DRIVE',
  'PRINTING_KEY_WRONG_PACKAGE',
  'PRINTING_NO_PRINTER',
  'PRINTING_NO_KITS_LEFT',
  'PRINTING_KIT_STATE',
  'PRINTING_NOT_IN_ROOM',
  'PRINTING_SPOIL_NOTE_REQUIRED',
  'PRINTER_PAPER_OUT',
  'PRINTER_JAM',
  'PRINTER_OFFLINE',
  'PRINTER_DOOR_OPEN',
  'PRINTER_TONER_EMPTY',
  'PRINTER_PAUSED',
  'PRINTER_JOB_FAILED',
  'PRINTER_JOB_STUCK',
  'PRINTER_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const text = z.string();
const count = z.number().int();
/**
 * A drive's role, as packages' driveRoleSchema has it (tests/unit/error-params.test.ts compares them). Not imported:
 * the packages slice may one day name error shapes, and the contract has no cycles.
 */
const driveRole = z.enum(['main', 'reserve', 'transfer']);

/**
 * The params of one error code, in two kinds:
 * - words: what its message says — the {placeholders} of `error.<CODE>` in renderer/i18n/ru.ts and en.ts, exactly
 *   (tests/unit/error-params.test.ts checks it);
 * - details: what the message does not say but a person may read out to the hotline («Сведения для горячей
 *   линии», ErrorMessage.tsx) or another screen uses (the sync screen shows RCOI's status code).
 * Main builds them typed by code (`new AppError(code, params)`, main/kernel/app-error.ts); a param more, a param
 * less or a param of another type does not compile.
 */
type NoShape = Record<never, never>;

export interface ErrorSpec<W extends z.ZodRawShape, D extends z.ZodRawShape> {
  words: (keyof W & string)[];
  details: (keyof D & string)[];
  params: z.ZodObject<W & D, z.core.$strict>;
}

function error<W extends z.ZodRawShape = NoShape, D extends z.ZodRawShape = NoShape>(
  spec: { words?: W; details?: D } = {},
): ErrorSpec<W, D> {
  const words = spec.words ?? ({} as W);
  const details = spec.details ?? ({} as D);
  return {
    words: Object.keys(words),
    details: Object.keys(details),
    params: z.strictObject({ ...words, ...details } as W & D),
  };
}

export const errorCatalog = {
  // The details of a failure inside the app: for the log and the hotline.
  INTERNAL: error({ details: { detail: text.optional() } }),
  UNKNOWN_CHANNEL: error({ details: { channel: text } }),
  VALIDATION_FAILED: error({ details: { path: text, detail: text } }),
  NOT_SIGNED_IN: error(),
  SESSION_LOCKED: error(),
  // Which permission (and, for participants, which duty) refused: the person is told to ask someone who holds it.
  // scope 'step': a timeline step another role confirms (main/timeline/confirmable-steps.ts).
  FORBIDDEN: error({ details: { permission: permissionSchema, scope: z.enum(['exam', 'room', 'step']).optional() } }),
  NO_DUTY_TODAY: error(),
  DB_TOO_NEW: error({ details: { dbVersion: count, appVersion: count } }),
  DB_UNKNOWN_VERSION: error({ details: { dbVersion: count } }),
  STATION_NOT_SET_UP: error(),
  STATION_ALREADY_SET_UP: error(),
  // HQ set-up by enrolment code (main/stations/hq-setup.ts). RCOI's own reason is for the hotline.
  SETUP_CODE_MALFORMED: error(),
  SETUP_CODE_UNKNOWN: error({ words: { ppeCode: text } }),
  SETUP_CODE_USED: error(),
  SETUP_CODE_EXPIRED: error(),
  SETUP_REFUSED: error({ details: { reason: text } }),
  SETUP_NOT_ANSWERED: error(),
  DEMO_KEY_OUTSIDE_TRAINING: error(),
  STAFF_NOT_FOUND: error({ details: { staffId: count } }),
  // The screen already shows whom the person chose.
  PIN_NOT_SET: error({ details: { name: text } }),
  PIN_WRONG: error({ words: { attemptsLeft: count } }),
  PIN_LOCKED_OUT: error({ words: { until: isoInstant } }),
  PIN_FORMAT: error(),
  PIN_TOO_SIMPLE: error(),
  PIN_UNCHANGED: error(),
  PIN_CHANGE_REQUIRED: error(),
  PIN_SECOND_PERSON_REQUIRED: error(),
  // The message names every reason a confirmer is refused; which one it was is in the journal and the details.
  PIN_CONFIRMER_INVALID: error({
    details: { reason: z.enum(['confirmer_is_issuer', 'confirmer_is_owner', 'confirmer_role', 'confirmer_pin_not_own']) },
  }),
  // Refused by the renderer before the file is sent (renderer/screens/bundles/import-job.tsx).
  BUNDLE_TOO_LARGE: error(),
  BUNDLE_MALFORMED: error({ details: { reason: z.enum(['not_json', 'not_a_bundle', 'envelope', 'encoding']) } }),
  BUNDLE_UNSIGNED: error(),
  BUNDLE_BAD_SIGNATURE: error({ details: { reason: z.enum(['unknown_key', 'mismatch']) } }),
  BUNDLE_INVALID_CONTENT: error({ details: { path: text, detail: text } }),
  // This PPE's region is not worded: a bundle for another region is wrong whatever its PPE code.
  BUNDLE_OTHER_PPE: error({ words: { bundlePpe: text, bundleRegion: text, ppe: text }, details: { region: text } }),
  // The subject's code is for the hotline: the exam is not in the schedule, so its name is not known here.
  BUNDLE_UNKNOWN_EXAM: error({ words: { date: localDate }, details: { subjectCode: count } }),
  BUNDLE_EXAM_PAST: error({ words: { date: localDate } }),
  BUNDLE_OUTDATED: error({ words: { version: count, currentVersion: count } }),
  BUNDLE_VERSION_CONFLICT: error({ words: { version: count } }),
  BUNDLE_UNKNOWN_AUDITORIUM: error({ words: { code: text } }),
  BUNDLE_ROOM_OVERFULL: error({ words: { code: text, count, seats: count } }),
  BUNDLE_DUPLICATE_SEAT: error({ words: { code: text, seat: text } }),
  // RCOI finds the person by the id; the names may be the ones that look alike.
  BUNDLE_DUPLICATE_PERSON: error({ details: { id: text } }),
  // The message lists every kind of character refused; which one it was is for the hotline.
  BUNDLE_BAD_TEXT: error({ words: { field: text }, details: { problem: text } }),
  // url: the address that is set but unusable (missing when none is set).
  RCOI_NOT_CONFIGURED: error({ details: { url: text.optional() } }),
  RCOI_UNREACHABLE: error({ details: { url: text } }),
  // The status is worded by the sync screen (sync.error.RCOI_BAD_RESPONSE, sync.short.withStatus).
  RCOI_BAD_RESPONSE: error({ details: { status: count } }),
  RCOI_ANSWER_NOT_AUTHENTIC: error({ details: { problem: text } }),
  RCOI_URL_INSECURE: error({ words: { url: text } }),
  SYNC_NOT_ENROLLED: error(),
  SYNC_ENROL_REFUSED: error({ details: { reason: text } }),
  // RCOI's own reason and status: the person reads them to RCOI (the message says so); the sync screen shows the status.
  SYNC_REFUSED: error({ details: { reason: text, status: count } }),
  SYNC_CONFLICT: error({ details: { reason: text, status: count } }),
  SYNC_TIMEOUT: error(),
  SYNC_NOT_TRAINING: error(),
  // The message covers every way a manifest fails; which one, and where, is for the hotline.
  PACKAGE_MANIFEST_BAD: error({
    details: {
      reason: z.enum(['not_json', 'not_a_package', 'unsigned', 'encoding', 'signature', 'content', 'too_large', 'changed_on_disk']),
      path: text.optional(),
      detail: text.optional(),
    },
  }),
  PACKAGE_OTHER_PPE: error({ words: { packagePpe: text, ppe: text } }),
  // As BUNDLE_UNKNOWN_EXAM: the subject's code only for the hotline.
  PACKAGE_UNKNOWN_EXAM: error({ words: { date: localDate }, details: { subjectCode: count } }),
  PACKAGE_DOWNLOAD_CORRUPT: error({ words: { path: text } }),
  // The screen shows the package's row; the id is for the hotline.
  PACKAGE_NOT_FOUND: error({ details: { packageId: text } }),
  // Absent where the overview notices a downloaded package has gone from the disk (packages-overview.ts).
  PACKAGE_NOT_DOWNLOADED: error({ details: { packageId: text.optional() } }),
  PACKAGE_BUSY: error({ details: { reason: z.enum(['writing', 'checking']) } }),
  PACKAGE_LOCAL_DISK: error({ details: { osCode: text } }),
  // The kits inside a package's packs (main/kits/KITS.md). `pack` is the pack's file as the manifest lists it
  // (packs/0003.bin), which the person can report; the reason is for the hotline. A wrong key and a damaged file
  // look the same to AES-GCM (the tag fails), so one message names both.
  KIT_PACK_UNREADABLE: error({ words: { pack: text }, details: { reason: z.enum(['key_length', 'short', 'tag']) } }),
  KIT_PACK_INVALID: error({
    words: { pack: text },
    details: {
      reason: z.enum(['too_large', 'kit_total', 'not_utf8', 'not_json', 'content', 'count', 'index', 'subject']),
      path: text.optional(),
      detail: text.optional(),
    },
  }),
  // A КИМ or blank number already met in another kit of the same package: printing both would break RCOI's reconciliation.
  KIT_NUMBER_DUPLICATE: error({ words: { number: text, pack: text }, details: { kind: z.enum(['kim', 'blank']), kit: count } }),
  DRIVES_UNSUPPORTED: error(),
  DRIVE_NOT_FOUND: error({ details: { driveId: text } }),
  DRIVE_ROLE_UNASSIGNED: error({ words: { role: driveRole } }),
  DRIVE_ROLE_ABSENT: error({ words: { role: driveRole } }),
  DRIVE_WRITE_PROTECTED: error({ words: { role: driveRole }, details: { osCode: text.optional() } }),
  DRIVE_FULL: error({ words: { role: driveRole, neededMib: count, freeMib: count }, details: { osCode: text.optional() } }),
  DRIVE_FILE_TOO_LARGE: error({ words: { role: driveRole, path: text }, details: { osCode: text.optional() } }),
  // The operating system's error code (EIO, ENOENT, …): for the hotline.
  DRIVE_REMOVED: error({ details: { osCode: text.optional() } }),
  DRIVE_IO: error({ details: { osCode: text.optional() } }),
  DRIVE_COPY_INTERRUPTED: error(),
  DRIVE_COPY_INCOMPLETE: error({ words: { folder: text } }),
  DRIVE_COPY_MANIFEST_TAMPERED: error({ words: { folder: text }, details: { reason: z.literal('too_large').optional() } }),
  DRIVE_COPY_FOREIGN: error({ words: { folder: text } }),
  // others: how many more files have a problem; the message names the first, which alone decides the copy is bad.
  DRIVE_COPY_FILE_CORRUPT: error({ words: { path: text }, details: { others: count } }),
  DRIVE_COPY_FILE_MISSING: error({ words: { path: text }, details: { others: count } }),
  DRIVE_COPY_FILE_EXTRA: error({ words: { path: text }, details: { others: count } }),
  // kind: link, FIFO, socket or device — the message says «a link or special file» for all.
  DRIVE_COPY_NOT_REGULAR: error({ words: { path: text }, details: { kind: text } }),
  DRIVE_COPY_OTHER_PACKAGE: error({ words: { folder: text }, details: { packageId: text } }),
  DRIVE_STUCK: error(),
  DRIVE_SIMULATOR_ONLY: error(),
  // Timeline steps a person confirms (main/timeline/confirm-step.ts); the step's key is for the hotline.
  TIMELINE_STEP_NOT_CONFIRMABLE: error({ details: { step: text } }),
  TIMELINE_STEP_NOT_YET: error({ words: { opensAt: isoInstant }, details: { step: text } }),
  TIMELINE_STEP_OTHER_DAY: error({ words: { date: localDate }, details: { step: text } }),
  // The transfer drive between HQ and the rooms (main/transfer/FORMAT.md). `file` is the file's name on the drive,
  // which the person can find; the rest of what the file claims is for the hotline.
  // kind: link, FIFO, socket or device — the message says «a link or special file» for all.
  TRANSFER_NOT_REGULAR: error({ words: { file: text }, details: { kind: text } }),
  TRANSFER_MALFORMED: error({
    words: { file: text },
    details: { reason: z.enum(['not_a_message', 'too_large', 'trailing', 'header', 'payload', 'not_sealed', 'name']) },
  }),
  TRANSFER_TRUNCATED: error({ words: { file: text }, details: { expected: count, actual: count } }),
  TRANSFER_UNKNOWN_FORMAT: error({ words: { file: text }, details: { version: count } }),
  TRANSFER_UNKNOWN_KIND: error({ words: { file: text }, details: { kind: text } }),
  TRANSFER_OTHER_PPE: error({ words: { file: text, filePpe: text, ppe: text }, details: { fileRegion: text } }),
  // The receiver as the file names it ('station:0412001', 'room:0101', 'hq'): for the hotline.
  TRANSFER_OTHER_STATION: error({ words: { file: text }, details: { receiver: text } }),
  TRANSFER_OTHER_DATE: error({ words: { file: text, date: localDate } }),
  TRANSFER_UNKNOWN_SENDER: error({ words: { file: text, sender: text } }),
  TRANSFER_BAD_SIGNATURE: error({ words: { file: text, sender: text } }),
  TRANSFER_NOT_SEALED_FOR_US: error({ words: { file: text } }),
  // A second, different file under a sequence number already taken from that station: a replay or a forgery.
  TRANSFER_SEQ_REUSED: error({ words: { file: text, sender: text, seq: count } }),
  // Room stations set up from the transfer drive (main/stations). `file` is the set-up file's name on the drive.
  STATION_NOT_HQ: error(),
  STATION_NUMBER_TAKEN: error({ words: { number: text } }),
  STATION_ROOM_UNKNOWN: error({ words: { room: text } }),
  STATION_NOT_PINNED: error({ words: { station: text } }),
  STATION_SETUP_GONE: error({ words: { file: text } }),
  // The set-up file now names another HQ key than the one whose fingerprint the person confirmed.
  STATION_SETUP_FINGERPRINT_CHANGED: error(),
  STATION_SETUP_OTHER_PPE: error({ words: { filePpe: text, ppe: text } }),
  // reason: a move offered to a fresh station, a new station's set-up offered to one set up, a move naming another key.
  STATION_SETUP_NOT_THIS_STATION: error({ words: { file: text }, details: { reason: z.enum(['move_on_fresh', 'new_on_set_up', 'other_key']) } }),
  STATION_SETUP_PERSON_UNKNOWN: error(),
  STATION_REPLY_UNKNOWN_SETUP: error({ words: { station: text } }),
  STATION_REPLY_ANSWERED: error({ words: { station: text } }),
  // reason: what in the reply disagrees with the set-up it quotes (for the hotline).
  STATION_REPLY_MISMATCH: error({ words: { station: text }, details: { reason: z.enum(['station', 'room', 'reserve', 'key']) } }),
  // A set-up found by the ordinary import: only the set-up flow, with a person comparing fingerprints, takes one.
  STATION_SETUP_BY_HAND: error({ words: { file: text } }),
  // Signed by a pinned station and of the right shape, yet not something this station can take as it is: the room or
  // date inside disagrees with the header, a seat or a person twice, more people than seats (reason: for the hotline).
  TRANSFER_CONTENT_INVALID: error({
    words: { file: text },
    details: { reason: z.enum(['room', 'date', 'station', 'seats', 'duplicate_seat', 'duplicate_person', 'exam']) },
  }),
  // A room station's journal extract whose hash chain does not hold, or disagrees with entries HQ already keeps.
  TRANSFER_JOURNAL_BROKEN: error({ words: { file: text, sender: text }, details: { seq: count } }),
  TRANSFER_NO_DRIVE: error(),
  TRANSFER_NO_ROOM_STATION: error({ words: { room: text } }),
  TRANSFER_HQ_ONLY: error(),
  TRANSFER_ROOM_ONLY: error(),
  // A room's print log (room.print_log, main/transfer/room-print-log.ts) HQ cannot take. reason: which of HQ's facts it
  // disagrees with — the sender's room, the date, the exam, room data HQ never wrote to that room, a package HQ does
  // not hold, a participant HQ did not seat there, a kit index outside the package, a 'room' kit that is not the
  // room's own or a 'reserve' kit that is not a reserve kit (by HQ's manifest), a reserve kit not granted to that
  // station (by HQ's newest reserve key) — for the hotline.
  PRINT_LOG_UNKNOWN_TO_HQ: error({
    words: { file: text, room: text },
    details: { reason: z.enum(['station', 'room', 'date', 'exam', 'room_data', 'package', 'participant', 'kit_index', 'replacement', 'kit_not_this_room', 'kit_not_reserve', 'reserve_not_granted']) },
  }),
  // The counters the station wrote are not what its kits add up to (counter: which one; logged and counted for the hotline).
  PRINT_LOG_COUNTS_DISAGREE: error({
    words: { file: text, room: text },
    details: { counter: z.enum(['printed', 'spoiled', 'replaced', 'reserveUsed']), logged: count, counted: count },
  }),
  // A kit index, КИМ or blank number in two kits: within the log (otherRoom is the room itself) or in another
  // station's current log of the same package (otherStation). Never taken: RCOI's reconciliation must never see it.
  PRINT_LOG_KIT_TWICE: error({
    words: { file: text, room: text, otherRoom: text, number: text },
    details: { kitIndex: count, otherStation: text },
  }),
  // A form (main/forms) asked for an exam this station's roster does not hold, or for a room that is not a room of
  // the exam here (at HQ: name the room; at a room station: its own room only).
  FORM_UNKNOWN_EXAM: error(),
  FORM_UNKNOWN_ROOM: error({ words: { room: text } }),
  // The GEK member's token (main/tokens). `path` is the PKCS#11 library the app tried, so the person can compare it
  // with the setting; the token layer's state and the PKCS#11 return value (CKR_*) are for the hotline.
  TOKEN_LIBRARY_NOT_INSTALLED: error(),
  TOKEN_LIBRARY_MISSING: error({ words: { path: text } }),
  TOKEN_LIBRARY_INVALID: error({ words: { path: text }, details: { detail: text.optional() } }),
  TOKEN_LIBRARY_PATH_BAD: error({ words: { path: text }, details: { reason: z.enum(['not_absolute', 'link', 'not_file']) } }),
  TOKEN_TIMEOUT: error({ details: { detail: text.optional() } }),
  TOKEN_NOT_INSERTED: error(),
  TOKEN_REMOVED: error({ details: { detail: text.optional() } }),
  // left: what this station counts (PKCS#11 tokens report no number; the token's «last try» flag overrides it).
  TOKEN_PIN_WRONG: error({ words: { left: count } }),
  TOKEN_PIN_LOCKED: error(),
  TOKEN_UNUSABLE: error({ details: { state: text, detail: text.optional() } }),
  TOKEN_NOT_REGISTERED: error(),
  TOKEN_REGISTERED_TO_OTHER: error(),
  TOKEN_MEMBER_HAS_TOKEN: error(),
  TOKEN_NOT_GEK_MEMBER: error(),
  TOKEN_CONFIRMATION_REQUIRED: error(),
  TOKEN_CONFIRMER_INVALID: error({
    details: { reason: z.enum(['confirmer_is_actor', 'confirmer_is_member', 'confirmer_role', 'confirmer_pin_not_own']) },
  }),
  TOKEN_SIMULATED_OUTSIDE_TRAINING: error(),
  TOKEN_SIGNATURE_MISMATCH: error(),
  // The key to the exam materials (main/exam-keys/EXAM_KEYS.md). RCOI's refusals: opensAt is the PPE's local time the
  // key opens («09:30»), date the exam's date; left how many reserve kits are still free.
  EXAM_KEY_TOO_EARLY: error({ words: { opensAt: text } }),
  EXAM_KEY_NOT_EXAM_DAY: error({ words: { date: localDate } }),
  EXAM_KEY_OTHER_PPE: error(),
  EXAM_KEY_NOT_REGISTERED: error(),
  EXAM_KEY_NO_PACKAGE: error(),
  EXAM_KEY_RESERVE_EXHAUSTED: error({ words: { left: count } }),
  EXAM_KEY_UNKNOWN: error(),
  // A key file that is not what RCOI released for this PPE and package: which check refused it is for the hotline.
  EXAM_KEY_FILE_INVALID: error({
    details: { reason: z.enum(['not_json', 'too_large', 'envelope', 'unknown_key', 'signature', 'payload', 'other_ppe', 'other_package']) },
  }),
  // Not a recipient of the key, or the wrapped key did not open with this token.
  EXAM_KEY_TOKEN_MISMATCH: error(),
  // Printing of kits at a room station (main/printing). `state` is the kit's state when the act was refused.
  PRINTING_NOT_ROOM_STATION: error(),
  PRINTING_NO_EXAM_TODAY: error(),
  PRINTING_NO_PACKAGE: error(),
  PRINTING_NO_KEY_FILE: error(),
  PRINTING_KEY_NOT_ACTIVE: error(),
  PRINTING_PACKAGE_NEEDS_DRIVE: error(),
  PRINTING_KEY_WRONG_PACKAGE: error(),
  PRINTING_NO_PRINTER: error(),
  PRINTING_NO_KITS_LEFT: error(),
  PRINTING_KIT_STATE: error({ words: { kit: count }, details: { state: text } }),
  PRINTING_NOT_IN_ROOM: error(),
  PRINTING_SPOIL_NOTE_REQUIRED: error({ words: { kit: count } }),
  // Printer faults that stop the room's queue (native/printer reasons); `raw` is the system's own keyword.
  PRINTER_PAPER_OUT: error({ words: { printer: text }, details: { raw: text.optional() } }),
  PRINTER_JAM: error({ words: { printer: text }, details: { raw: text.optional() } }),
  PRINTER_OFFLINE: error({ words: { printer: text }, details: { raw: text.optional() } }),
  PRINTER_DOOR_OPEN: error({ words: { printer: text }, details: { raw: text.optional() } }),
  PRINTER_TONER_EMPTY: error({ words: { printer: text }, details: { raw: text.optional() } }),
  PRINTER_PAUSED: error({ words: { printer: text }, details: { raw: text.optional() } }),
  PRINTER_JOB_FAILED: error({ words: { printer: text, kit: count }, details: { reasons: text.optional() } }),
  PRINTER_JOB_STUCK: error({ words: { printer: text, kit: count } }),
  // The spooler itself: not running, the tools missing, the printer gone (PrinterError's code and the tool's words).
  PRINTER_UNAVAILABLE: error({ words: { printer: text }, details: { reason: text, detail: text.optional() } }),
  // A room station: a key file from the transfer drive for a package this station has not taken yet (the package
  // travels in the same visit, before the key; the refused file stays on the drive and is taken once the package is).
  EXAM_KEY_PACKAGE_NOT_HERE: error({ words: { file: text } }),
} satisfies { [C in ErrorCode]: { words: string[]; details: string[]; params: z.ZodObject } };

/** What `new AppError(code, params)` must be given for this code. */
export type ErrorParamsOf<C extends ErrorCode> = z.input<(typeof errorCatalog)[C]['params']>;

/** Params travel as plain values only (errorParamsSchema): a catalog entry with an object or array param fails here. */
type NonPlainParams = {
  [C in ErrorCode]: Required<z.output<(typeof errorCatalog)[C]['params']>> extends Record<string, string | number | boolean> ? never : C;
}[ErrorCode];
const paramsArePlain: [NonPlainParams] extends [never] ? true : NonPlainParams = true;
void paramsArePlain;

export const errorParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type ErrorParams = z.infer<typeof errorParamsSchema>;

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  params: errorParamsSchema,
});
export type AppErrorPayload = z.infer<typeof appErrorSchema>;
