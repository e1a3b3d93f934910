import { z } from 'zod';
import { channel } from '../channel';
import { appErrorSchema } from '../errors';
import { MAX_BUNDLE_CHARS } from '../shared-rules';
import { emptySchema, isoInstant, localDate } from './common';

/** Distribution bundles from RCOI: imported from a file or fetched (main/bundles). */

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

export const bundlesChannels = {
  'bundles/list': channel({ access: 'roster.read', request: emptySchema, response: z.array(bundleRowSchema) }),
  'bundles/import': channel({
    access: 'bundles.import',
    request: z.object({ fileName: z.string().max(260), content: z.string().max(MAX_BUNDLE_CHARS) }).strict(),
    response: importResultSchema,
  }),
  'bundles/fetchFromRcoi': channel({
    access: 'bundles.import',
    request: emptySchema,
    response: z.object({
      offered: z.number().int(),
      results: z.array(importResultSchema),
      // A refused list does not stop the others: each refusal is reported with its reason.
      failures: z.array(
        z.object({ bundleId: z.string(), examDate: z.string(), subjectCode: z.number().int(), error: appErrorSchema }),
      ),
    }),
  }),
} as const;
