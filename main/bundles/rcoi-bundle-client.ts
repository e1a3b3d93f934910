import { z } from 'zod';
import { AppError } from '../core/app-error';
import { rcoiGet } from '../core/rcoi-get';

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

const get = (url: string) => rcoiGet(url, TIMEOUT_MS);

/**
 * Fetches distribution bundles from the regional centre. Only transport lives here: every file is verified and
 * imported by the bundle service exactly as a file brought on a flash drive would be.
 */
export async function listOffers(baseUrl: string, regionCode: string, ppeCode: string): Promise<BundleOffer[]> {
  const res = await get(new URL(`/api/v1/ppe/${regionCode}/${ppeCode}/bundles`, baseUrl).toString());
  const parsed = z.object({ bundles: z.array(offerSchema) }).safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new AppError('RCOI_BAD_RESPONSE', { status: res.status });
  return parsed.data.bundles;
}

export async function downloadBundle(baseUrl: string, bundleId: string): Promise<string> {
  const res = await get(new URL(`/api/v1/bundles/${encodeURIComponent(bundleId)}`, baseUrl).toString());
  return res.text();
}
