import type { PrinterReason, PrinterReasonKind, PrinterStateKind } from './printer';

// IPP printer-state-reasons keywords (RFC 8011 §5.4.12, PWG 5100.9) to the few kinds the organiser's screen words.
// A reason may carry a suffix: -error (printing stops), -warning (it goes on), -report (information). RFC 2911 says a
// reason without one is to be taken as an error. Anything not listed here is `other`, its keyword kept in `raw`.

const KINDS: Record<string, PrinterReasonKind> = {
  'media-empty': 'media-empty',
  'media-needed': 'media-empty',
  'media-jam': 'media-jam',
  'door-open': 'door-open',
  'cover-open': 'door-open',
  'interlock-open': 'door-open',
  'toner-empty': 'toner-empty',
  'marker-supply-empty': 'toner-empty',
  'offline-report': 'offline-report',
  // CUPS sets this while its backend cannot reach the device (a network printer switched off).
  'connecting-to-device': 'offline-report',
  shutdown: 'offline-report',
  paused: 'paused',
};

/** IPP keywords are lower-case letters, digits, '-', '_' and '.'; anything else from the system is dropped. */
const KEYWORD = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** One reason keyword to its kind and severity; null for "none" and for text that is not a keyword. */
export function parseReason(keyword: string): PrinterReason | null {
  const raw = keyword.trim().toLowerCase();
  if (raw === 'none' || !KEYWORD.test(raw)) return null;
  const m = /^(.*)-(error|warning|report)$/.exec(raw);
  // offline-report is a reason name of its own, not "offline" with a -report suffix.
  const [base, severity] = m && !(raw in KINDS) ? [m[1], m[2] as PrinterReason['severity']] : [raw, 'error' as const];
  return { kind: KINDS[base] ?? 'other', severity, raw };
}

/** A list of keywords as the tools print it (comma- or space-separated), capped at 20 reasons. */
export function parseReasons(list: string): PrinterReason[] {
  return list
    .split(/[\s,]+/)
    .filter((w) => w !== '')
    .slice(0, 20)
    .map(parseReason)
    .filter((r): r is PrinterReason => r !== null);
}

/**
 * The state a person should see. A printer that reports itself offline is offline whatever the queue says: CUPS keeps
 * such a queue "idle" or "processing" while the backend retries.
 */
export function stateWithReasons(base: 'idle' | 'processing' | 'stopped', reasons: PrinterReason[]): PrinterStateKind {
  if (reasons.some((r) => r.kind === 'offline-report' && r.severity !== 'report')) return 'offline';
  if (base === 'stopped') return 'stopped';
  return base === 'processing' ? 'printing' : 'idle';
}
