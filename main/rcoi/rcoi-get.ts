import { AppError } from '../kernel/app-error';
import { AnswerTooLongError, httpRequest } from './http-request';

export interface RcoiGetOptions {
  timeoutMs: number;
  /** The most this answer may hold; past it the transfer is cut off and `tooLarge` is thrown. */
  maxBytes: number;
  tooLarge: () => AppError;
}

/**
 * An unsigned GET to RCOI (bundle offers and files, the package list, a package manifest: each authenticated by its
 * own signature or checked against one), read as text with a cap, through the same transport as the signed sync
 * protocol. RCOI's failures become the errors a person sees: unreachable (network, timeout), a bad answer (any
 * non-2xx status), or the caller's own `tooLarge`.
 */
export async function rcoiGetText(url: string, options: RcoiGetOptions): Promise<string> {
  let answer;
  try {
    answer = await httpRequest(new URL(url), { method: 'GET', headers: {}, body: null, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
  } catch (e) {
    if (e instanceof AnswerTooLongError) throw options.tooLarge();
    throw new AppError('RCOI_UNREACHABLE', { url: new URL(url).origin });
  }
  if (answer.status < 200 || answer.status > 299) throw new AppError('RCOI_BAD_RESPONSE', { status: answer.status });
  return answer.bytes.toString('utf8');
}

/** rcoiGetText for a JSON answer: the parsed value, or null when the text is not JSON (the caller's schema decides). */
export async function rcoiGetJson(url: string, options: RcoiGetOptions): Promise<unknown> {
  const text = await rcoiGetText(url, options);
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
