import { z } from 'zod';

/**
 * Every error a person can meet has a code here. The renderer's message catalog turns a code and its params into
 * Russian (or English) text that says what happened and what to do next; main never sends prose.
 */
export const ERROR_CODES = [
  'INTERNAL',
  'UNKNOWN_CHANNEL',
  'VALIDATION_FAILED',
  'NOT_SIGNED_IN',
  'SESSION_LOCKED',
  'FORBIDDEN',
  'DB_TOO_NEW',
  'DB_UNKNOWN_VERSION',
  'STAFF_NOT_FOUND',
  'PIN_NOT_SET',
  'PIN_WRONG',
  'PIN_LOCKED_OUT',
  'PIN_FORMAT',
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
  'RCOI_NOT_CONFIGURED',
  'RCOI_UNREACHABLE',
  'RCOI_BAD_RESPONSE',
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
  'DRIVE_SIMULATOR_ONLY',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type ErrorParams = z.infer<typeof errorParamsSchema>;

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  params: errorParamsSchema,
});
export type AppErrorPayload = z.infer<typeof appErrorSchema>;
