import { z } from 'zod';
import { channel, event } from '../channel';
import { doneSchema, emptySchema, isoInstant, localDate, problemSchema } from './common';

/** The packages capability (main/packages): exams' internet packages, their download, and the drives they go on. */

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
  /**
   * The package appears after technical preparation could open (a reserve day): the deadline is its publication
   * day — download and write it that day (main/packages/package-deadline.ts).
   */
  onPublicationDay: z.boolean(),
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
      /**
       * When a check of the drive after the write last judged this copy: phase and problem are then that check's
       * verdict, not the write's own read-back (null: nothing has checked it since).
       */
      checkedAgainAt: isoInstant.nullable(),
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

/**
 * The overview in three parts, each re-read on its own when packages/changed names it: together they are the
 * overview, field for field. 'exams' — the package list, download states and progress, the copies on the role
 * drives; 'drives' — the drives with free space and their checks; 'write' — the running (or last) write job.
 */
export const PACKAGES_PARTS = ['exams', 'drives', 'write'] as const;
export const packagesPartSchema = z.enum(PACKAGES_PARTS);
export type PackagesPart = z.infer<typeof packagesPartSchema>;
export const packagesExamsSchema = packagesOverviewSchema.pick({ today: true, exams: true, lastRefreshAt: true, lastRefreshError: true });
export type PackagesExams = z.infer<typeof packagesExamsSchema>;
export const packagesDrivesSchema = packagesOverviewSchema.pick({ drives: true, drivesSupported: true, simulatedDrives: true });
export type PackagesDrives = z.infer<typeof packagesDrivesSchema>;
export const packagesWriteSchema = packagesOverviewSchema.pick({ write: true });
export type PackagesWrite = z.infer<typeof packagesWriteSchema>;

export const packagesChannels = {
  'packages/overview': channel({ access: 'packages.read', request: emptySchema, response: packagesOverviewSchema }),
  /** The overview's parts, for a screen re-reading only what packages/changed named. */
  'packages/exams': channel({ access: 'packages.read', request: emptySchema, response: packagesExamsSchema }),
  'packages/drives': channel({ access: 'packages.read', request: emptySchema, response: packagesDrivesSchema }),
  'packages/write': channel({ access: 'packages.read', request: emptySchema, response: packagesWriteSchema }),
  /** Asks RCOI which packages are published for this PPE. */
  'packages/refresh': channel({ access: 'packages.manage', request: emptySchema, response: packagesOverviewSchema }),
  /** Starts or resumes a download; progress arrives with packages/changed naming 'exams'. */
  'packages/download': channel({ access: 'packages.manage', request: z.object({ packageId: z.uuid() }).strict(), response: doneSchema }),
  /** Writes a downloaded package to the drives with these roles at once, then reads every byte back. */
  'packages/writeToDrives': channel({
    access: 'packages.manage',
    request: z
      .object({
        packageId: z.uuid(),
        roles: z.array(z.enum(['main', 'reserve'])).min(1).max(2).refine((r) => new Set(r).size === r.length, 'a role is listed twice'),
      })
      .strict(),
    response: doneSchema,
  }),
  'drives/assign': channel({
    access: 'packages.manage',
    request: z.object({ driveId: z.string().min(1).max(300), role: driveRoleSchema.nullable() }).strict(),
    response: doneSchema,
  }),
  'drives/check': channel({ access: 'packages.manage', request: z.object({ driveId: z.string().min(1).max(300) }).strict(), response: doneSchema }),
  /** Training mode only: insert or pull a folder-backed practice drive. */
  'drives/simulate': channel({
    access: 'packages.manage',
    request: z.object({ action: z.enum(['insert', 'remove']), name: z.enum(['main', 'reserve', 'transfer']) }).strict(),
    response: doneSchema,
  }),
} as const;

export const packagesEvents = {
  /**
   * These parts of the packages screen changed (progress included; throttled, each part named once): the screen
   * re-reads packages/exams, packages/drives or packages/write for each.
   */
  'packages/changed': event({ access: 'packages.read', payload: z.object({ parts: z.array(packagesPartSchema).min(1) }) }),
} as const;
