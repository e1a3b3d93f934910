import { AppError } from './app-error';

/**
 * An unsigned GET to RCOI (bundles, package manifests), with RCOI's failures turned into the errors a person
 * sees: unreachable (network, timeout) or a bad response (any non-2xx status).
 */
export async function rcoiGet(url: string, timeoutMs: number): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new AppError('RCOI_UNREACHABLE', { url: new URL(url).origin });
  }
  if (!res.ok) throw new AppError('RCOI_BAD_RESPONSE', { status: res.status });
  return res;
}
