import { z } from 'zod';
import { AppError } from '../kernel/app-error';
import { rcoiGetJson, rcoiGetText } from '../rcoi/rcoi-get';
import { MAX_BUNDLE_CHARS } from '../ipc/contract';

/** A bundle RCOI offers this PPE (the reference server's `GET /api/v1/ppe/:region/:ppe/bundles`). */
const offerSchema = z.object({
  bundleId: z.string(),
  examDate: z.string(),
  subjectCode: z.number().int(),
  form: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  size: z.number().int().optional(),
});
export type BundleOffer = z.infer<typeof offerSchema>;

const TIMEOUT_MS = 15_000;
/** An offer list is a few KiB; a bundle file is held to the same limit as one brought on a drive (counted in bytes here). */
const OFFERS_MAX_BYTES = 1024 * 1024;
const BUNDLE_MAX_BYTES = MAX_BUNDLE_CHARS;

/** Every answer is read with a cap: a look-alike server cannot fill memory with an endless one. */
const capped = (maxBytes: number) => ({
  timeoutMs: TIMEOUT_MS,
  maxBytes,
  tooLarge: () => new AppError('RCOI_BAD_RESPONSE', { status: 200 }),
});

/**
 * Fetches distribution bundles from the regional centre. Only transport lives here: every file is verified and
 * imported by the bundle service exactly as a file brought on a flash drive would be.
 */
export async function listOffers(baseUrl: string, regionCode: string, ppeCode: string): Promise<BundleOffer[]> {
  const json = await rcoiGetJson(new URL(`/api/v1/ppe/${regionCode}/${ppeCode}/bundles`, baseUrl).toString(), capped(OFFERS_MAX_BYTES));
  const parsed = z.object({ bundles: z.array(offerSchema) }).safeParse(json);
  if (!parsed.success) throw new AppError('RCOI_BAD_RESPONSE', { status: 200 });
  return parsed.data.bundles;
}

export function downloadBundle(baseUrl: string, bundleId: string): Promise<string> {
  return rcoiGetText(new URL(`/api/v1/bundles/${encodeURIComponent(bundleId)}`, baseUrl).toString(), capped(BUNDLE_MAX_BYTES));
}
