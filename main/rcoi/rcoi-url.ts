import { AppError } from '../kernel/app-error';

/**
 * Where RCOI may be reached (PROTOCOL.md, "Transport"). Signed requests and signed answers already stop anyone on
 * the network from forging a delivery or a feed item; TLS is what keeps the content (acts, scanned blanks,
 * distribution lists with personal data) from being read on the way. So RCOI is reached over HTTPS only. Plain
 * HTTP is for the reference server on this very computer, in training mode: the demo and the tests.
 */
export type RcoiUrlRefusal = 'malformed' | 'insecure';

/** Why this RCOI address may not be used, or null if it may. */
export function rcoiUrlRefusal(url: string, trainingMode: boolean): RcoiUrlRefusal | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'malformed';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'malformed';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol !== 'http:') return 'malformed';
  return trainingMode && isLoopbackHost(parsed.hostname) ? null : 'insecure';
}

/**
 * This computer by address, as the URL parser normalised it (so '127.1' and '0x7f.0.0.1' arrive as 127.0.0.1):
 * 127.0.0.0/8, ::1, or the name localhost. A name that merely starts with one of them is another computer.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

/**
 * RCOI's address for a request, or the error a person should see: none set, or one that may not be used. Every
 * contact with RCOI goes through this rule — the signed sync protocol and the unsigned GETs of bundle offers and
 * package files alike (their content is signed, but over plain HTTP anyone on the way could read it).
 */
export function usableRcoiUrl(ppe: { rcoiUrl: string | null; trainingMode: boolean }): string {
  if (!ppe.rcoiUrl) throw new AppError('RCOI_NOT_CONFIGURED');
  const refusal = rcoiUrlRefusal(ppe.rcoiUrl, ppe.trainingMode);
  if (refusal === 'insecure') throw new AppError('RCOI_URL_INSECURE', { url: ppe.rcoiUrl });
  if (refusal === 'malformed') throw new AppError('RCOI_NOT_CONFIGURED', { url: ppe.rcoiUrl });
  return ppe.rcoiUrl;
}
