import { z } from 'zod';
import { AppError } from '../core/app-error';
import { cappedText } from '../core/capped-body';
import { rcoiGet } from '../core/rcoi-get';
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

const get = (url: string) => rcoiGet(url, TIMEOUT_MS);

/**
 * Fetches distribution bundles from the regional centre. Only transport lives here: every file is verified and
 * imported by the bundle service exactly as a file brought on a flash drive would be.
 */
export async function listOffers(baseUrl: string, regionCode: string, ppeCode: string): Promise<BundleOffer[]> {
  const res = await get(new URL(`/api/v1/ppe/${regionCode}/${ppeCode}/bundles`, baseUrl).toString());
  const text = await readCapped(res, OFFERS_MAX_BYTES, baseUrl);
  const parsed = z.object({ bundles: z.array(offerSchema) }).safeParse(parseJson(text));
  if (!parsed.success) throw new AppError('RCOI_BAD_RESPONSE', { status: res.status });
  return parsed.data.bundles;
}

export async function downloadBundle(baseUrl: string, bundleId: string): Promise<string> {
  const res = await get(new URL(`/api/v1/bundles/${encodeURIComponent(bundleId)}`, baseUrl).toString());
  return readCapped(res, BUNDLE_MAX_BYTES, baseUrl);
}

/** Every body from the network is read with a cap: a look-alike server cannot fill memory with an endless answer. */
function readCapped(res: Response, maxBytes: number, baseUrl: string): Promise<string> {
  return cappedText(res, maxBytes, () => new AppError('RCOI_BAD_RESPONSE', { status: res.status })).catch((e: unknown) => {
    if (e instanceof AppError) throw e;
    throw new AppError('RCOI_UNREACHABLE', { url: new URL(baseUrl).origin });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
