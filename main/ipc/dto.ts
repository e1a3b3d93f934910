import { z } from 'zod';

/** Shapes that cross the process boundary. Times are UTC ISO instants; the renderer shows them in the PPE zone. */

const isoInstant = z.iso.datetime();
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const code4 = z.string().regex(/^\d{4}$/);

export const roleCodeSchema = z.number().int().min(1).max(9);

export const permissionSchema = z.enum([
  'roster.read',
  // Personal data (152-ФЗ): names and seats of participants, within the caller's duty (see auth/permissions.ts) …
  'participants.read',
  // … their identity documents …
  'participants.documents',
  // … and the staff list.
  'staff.read',
  'journal.read',
  'bundles.import',
  'staff.managePins',
  'sync.read',
  'sync.manage',
  'packages.read',
  'packages.manage',
]);
export type Permission = z.infer<typeof permissionSchema>;

export const ppeInfoSchema = z.object({
  code: code4,
  name: z.string(),
  address: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  timeZone: z.string(),
  trainingMode: z.boolean(),
  /** In training mode only: the demo PINs by role, printed on the sign-in screen. */
  trainingPins: z.array(z.object({ roleCode: roleCodeSchema, pin: z.string() })).nullable(),
  rcoiUrl: z.string().nullable(),
});

export const appInfoSchema = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  transport: z.enum(['electron', 'bridge']),
  nowUtc: isoInstant,
  /**
   * notSetUp — a fresh install: no exam point, no RCOI key; training mode is offered as an explicit choice.
   * training — the demo PPE; ready — a real PPE; demoKeyRefused — a real PPE pinning the demo key: it runs nothing.
   */
  setup: z.enum(['notSetUp', 'training', 'ready', 'demoKeyRefused']),
  /** null until the station is set up (and on a station that refuses to run). */
  ppe: ppeInfoSchema.nullable(),
  station: z.object({ number: z.string(), role: z.string(), auditoriumCode: z.string() }).nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const personNameSchema = z.object({
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string(),
});

export const signInStaffSchema = personNameSchema.extend({
  id: z.number().int(),
  roleCode: roleCodeSchema,
  hasPin: z.boolean(),
  lockedUntil: isoInstant.nullable(),
});
export type SignInStaff = z.infer<typeof signInStaffSchema>;

export const sessionStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signedOut') }),
  z.object({
    state: z.enum(['active', 'locked']),
    staff: signInStaffSchema.pick({ id: true, lastName: true, firstName: true, middleName: true, roleCode: true }),
    permissions: z.array(permissionSchema),
    /** The day's assignments behind roleCode (empty: the base role); they bound which participants are shown. */
    duties: z.array(z.object({ examId: z.number().int(), roleCode: roleCodeSchema, auditoriumCode: code4.nullable() })),
    idleLockSeconds: z.number().int().positive(),
    signedInAt: isoInstant,
  }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const examSchema = z.object({
  id: z.number().int(),
  date: localDate,
  subjectCode: z.number().int(),
  subjectName: z.string(),
  form: z.enum(['EGE', 'GVE']),
  period: z.enum(['early', 'main', 'additional']),
  dayKind: z.enum(['main', 'reserve']),
  startLocal: z.string(),
  durationMin: z.number().int(),
  specialExtraMin: z.number().int(),
  participants: z.number().int(),
  bundleVersion: z.number().int().nullable(),
});
export type Exam = z.infer<typeof examSchema>;

export const stationSchema = z.object({
  number: z.string(),
  role: z.enum(['hq', 'authorization', 'organizer', 'scanning']),
  isReserve: z.boolean(),
});

export const roomSchema = z.object({
  code: code4,
  name: z.string(),
  seats: z.number().int(),
  isHeadquarters: z.boolean(),
  specialConditions: z.boolean(),
  stations: z.array(stationSchema),
  participants: z.number().int(),
  withSpecialConditions: z.number().int(),
  organizers: z.array(z.string()),
  endUtc: isoInstant.nullable(),
  extended: z.boolean(),
});
export type Room = z.infer<typeof roomSchema>;

export const specialConditionSchema = z.enum([
  'extended_time',
  'assistant',
  'separate_room',
  'large_print',
  'braille',
  'computer',
  'medical_break',
]);
export type SpecialCondition = z.infer<typeof specialConditionSchema>;

export const participantRowSchema = personNameSchema.extend({
  id: z.number().int(),
  externalId: z.string(),
  documentSeries: z.string(),
  documentNumber: z.string(),
  auditoriumCode: code4,
  seat: z.string(),
  conditions: z.array(specialConditionSchema),
});
export type ParticipantRow = z.infer<typeof participantRowSchema>;

export const staffRowSchema = personNameSchema.extend({
  id: z.number().int(),
  externalId: z.string(),
  roleCode: roleCodeSchema,
  /** null: not shown to this caller (PIN states are for those who manage PINs). */
  hasPin: z.boolean().nullable(),
  lockedUntil: isoInstant.nullable(),
  auditoriumCode: z.string().nullable(),
});
export type StaffRow = z.infer<typeof staffRowSchema>;

export const timelineItemSchema = z.object({
  key: z.string(),
  atUtc: isoInstant,
  untilUtc: isoInstant.nullable(),
  state: z.enum(['past', 'current', 'next', 'upcoming']),
  examId: z.number().int().nullable(),
  roomCode: z.string().nullable(),
  deadline: z.boolean(),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export const timelineSchema = z.object({
  date: localDate,
  timeZone: z.string(),
  nowUtc: isoInstant,
  exams: z.array(examSchema),
  items: z.array(timelineItemSchema),
  rooms: z.array(roomSchema),
  upcoming: examSchema.nullable(),
  upcomingItems: z.array(timelineItemSchema),
});
export type Timeline = z.infer<typeof timelineSchema>;

export const bundleRowSchema = z.object({
  bundleId: z.string(),
  examId: z.number().int(),
  version: z.number().int(),
  issuedAt: isoInstant,
  importedAt: isoInstant,
  importedBy: z.string().nullable(),
  participants: z.number().int(),
  staff: z.number().int(),
  sha256: z.string(),
});
export type BundleRow = z.infer<typeof bundleRowSchema>;

export const importResultSchema = z.object({
  status: z.enum(['imported', 'updated', 'unchanged']),
  examId: z.number().int(),
  examDate: localDate,
  subjectName: z.string(),
  version: z.number().int(),
  previousVersion: z.number().int().nullable(),
  participants: z.number().int(),
  staff: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  moved: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const journalEntrySchema = z.object({
  seq: z.number().int(),
  at: isoInstant,
  actorName: z.string(),
  actorRoleCode: z.number().int().nullable(),
  station: z.string(),
  action: z.string(),
  payload: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const journalVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  lastSeq: z.number().int(),
  lastHash: z.string(),
  problem: z.object({ seq: z.number().int(), kind: z.enum(['edited', 'deleted', 'inserted', 'reordered', 'truncated']) }).nullable(),
  verifiedAt: isoInstant,
});
export type JournalVerificationDto = z.infer<typeof journalVerificationSchema>;

/** An error as main records it inside data: a code the catalog words, and its params. */
const problemSchema = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) });

export const syncItemStateSchema = z.enum(['pending', 'delivered', 'failed']);

/** What the «Связь с РЦОИ» screen shows: the link, the clock, the queue, the upload in progress. */
export const syncStatusSchema = z.object({
  rcoiUrl: z.string().nullable(),
  enrolled: z.boolean(),
  stationId: z.string().nullable(),
  /** null until the first contact of this run. */
  online: z.boolean().nullable(),
  lastContactAt: isoInstant.nullable(),
  lastAttemptAt: isoInstant.nullable(),
  nextAttemptAt: isoInstant.nullable(),
  /** Server time minus this machine's time, in seconds, as measured at the last contact. */
  clockSkewSeconds: z.number().nullable(),
  clockSkewAlarm: z.boolean(),
  lastError: problemSchema.nullable(),
  lastErrorAt: isoInstant.nullable(),
  queue: z.array(
    z.object({ kind: z.string(), pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }),
  ),
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      stream: z.string(),
      state: syncItemStateSchema,
      size: z.number().int(),
      attempts: z.number().int(),
      createdAt: isoInstant,
      deliveredAt: isoInstant.nullable(),
      nextAttemptAt: isoInstant.nullable(),
      lastError: problemSchema.nullable(),
    }),
  ),
  /** The large upload in progress, if any. */
  active: z
    .object({
      itemId: z.string(),
      kind: z.string(),
      size: z.number().int(),
      bytesSent: z.number().int(),
      bytesPerSecond: z.number(),
      startedAt: isoInstant,
    })
    .nullable(),
  inbound: z.object({ cursor: z.number().int(), received: z.number().int(), lastReceivedAt: isoInstant.nullable() }),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;


export const driveRoleSchema = z.enum(['main', 'reserve', 'transfer']);
export type DriveRole = z.infer<typeof driveRoleSchema>;

/**
 * The life of an exam's internet package at this PPE, in the order a technical specialist meets it:
 * not_published (RCOI has not listed it; expected from its date), available, downloading (or interrupted: a
 * download that stopped and resumes where it stopped), downloaded (whole and verified on this computer),
 * on_drives (on the main and the reserve drive, not yet read back), verified (both copies read back and matched).
 */
export const packageStateSchema = z.enum([
  'not_published',
  'available',
  'downloading',
  'interrupted',
  'downloaded',
  'on_drives',
  'verified',
]);
export type PackageState = z.infer<typeof packageStateSchema>;

export const copyStateSchema = z.enum(['writing', 'written', 'verified', 'failed']);

export const examPackageSchema = z.object({
  examId: z.number().int(),
  examDate: localDate,
  subjectCode: z.number().int(),
  subjectName: z.string(),
  form: z.string(),
  dayKind: z.enum(['main', 'reserve']),
  state: packageStateSchema,
  /** The date RCOI publishes the package by the schedule (5 working days before a main day, 3 before a reserve day). */
  expectedFrom: localDate,
  /** Technical preparation may start from this date: the package must be on the drives by then. */
  deadline: localDate,
  /** soon: the deadline is tomorrow or today; late: it has passed and the package is not yet on both drives. */
  urgency: z.enum(['none', 'soon', 'late']),
  package: z
    .object({
      packageId: z.string(),
      size: z.number().int(),
      fileCount: z.number().int(),
      kits: z.number().int().nullable(),
      reserveKits: z.number().int().nullable(),
      downloadedAt: isoInstant.nullable(),
    })
    .nullable(),
  download: z
    .object({ bytesDone: z.number().int(), bytesTotal: z.number().int(), bytesPerSecond: z.number(), secondsLeft: z.number().nullable() })
    .nullable(),
  copies: z.array(
    z.object({
      role: driveRoleSchema,
      driveId: z.string(),
      driveLabel: z.string().nullable(),
      state: copyStateSchema,
      checkedAt: isoInstant.nullable(),
      problem: problemSchema.nullable(),
    }),
  ),
  lastError: problemSchema.nullable(),
});
export type ExamPackage = z.infer<typeof examPackageSchema>;

export const driveCheckFolderSchema = z.object({
  folder: z.string(),
  packageId: z.string().nullable(),
  examDate: localDate.nullable(),
  subjectCode: z.number().int().nullable(),
  ok: z.boolean(),
  problem: problemSchema.nullable(),
});

export const driveRowSchema = z.object({
  id: z.string(),
  label: z.string().nullable(),
  serial: z.string().nullable(),
  sizeBytes: z.number(),
  freeBytes: z.number().nullable(),
  fileSystem: z.string().nullable(),
  readOnly: z.boolean(),
  present: z.boolean(),
  role: driveRoleSchema.nullable(),
  /** The packages found on the drive when it was last inserted (or checked by hand). */
  check: z
    .object({
      state: z.enum(['checking', 'done', 'failed']),
      startedAt: isoInstant,
      bytesDone: z.number().int(),
      bytesTotal: z.number().int(),
      folders: z.array(driveCheckFolderSchema),
      problem: problemSchema.nullable(),
    })
    .nullable(),
});
export type DriveRow = z.infer<typeof driveRowSchema>;

export const writeJobSchema = z.object({
  packageId: z.string(),
  examDate: localDate,
  subjectName: z.string(),
  targets: z.array(
    z.object({
      driveId: z.string(),
      role: driveRoleSchema,
      phase: z.enum(['write', 'verify', 'done', 'failed']),
      bytesDone: z.number().int(),
      bytesTotal: z.number().int(),
      problem: problemSchema.nullable(),
    }),
  ),
});

export type WriteJob = z.infer<typeof writeJobSchema>;

export const packagesOverviewSchema = z.object({
  today: localDate,
  exams: z.array(examPackageSchema),
  drives: z.array(driveRowSchema),
  write: writeJobSchema.nullable(),
  /** false where this build has no drive adapter for the operating system. */
  drivesSupported: z.boolean(),
  /** Training mode with folder-backed drives: the screen may offer to insert and pull them. */
  simulatedDrives: z.boolean(),
  lastRefreshAt: isoInstant.nullable(),
  lastRefreshError: problemSchema.nullable(),
});
export type PackagesOverview = z.infer<typeof packagesOverviewSchema>;
