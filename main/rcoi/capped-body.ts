import type { AppError } from './app-error';

/**
 * Reads a fetch response's body as text, at most `maxBytes`: a Content-Length above the cap is refused before a
 * byte is read, and a body that goes on past it (chunked, or lying about its length) is cut off there. A server,
 * however hostile, can never make the app buffer more than the cap. `tooLarge` is what is thrown then.
 */
export async function cappedText(res: Response, maxBytes: number, tooLarge: () => AppError): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const pieces: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge();
      pieces.push(value);
    }
  } finally {
    // Stops the transfer when the cap was hit (or reading failed); a no-op after the end.
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(pieces).toString('utf8');
}
