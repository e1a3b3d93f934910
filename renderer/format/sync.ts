import type { SyncStatus } from '../../main/ipc/dto';
import type { ErrorParams } from '../../main/ipc/errors';
import { errorText } from './error-text';
import type { I18n } from '../i18n/i18n-types';
import type { ZoneFormat } from '../time/zone';

// Sizes, speeds and spans live in quantities.ts (packages and the journal use them too); re-exported here so that
// the screens importing them from this file keep working.
export { formatAgo, formatIn, formatMib, formatPercent, formatSeconds, formatSize, formatSpeed } from './quantities';

/** The link as a person reads it; 'unknown' covers «not checked yet» and «not configured». */
export type LinkState = 'online' | 'offline' | 'unknown';

export function linkState(status: Pick<SyncStatus, 'online' | 'rcoiUrl'> | null): LinkState {
  if (!status || status.rcoiUrl === null || status.online === null) return 'unknown';
  return status.online ? 'online' : 'offline';
}

/** An error as the sync worker reports it: its code is any string (a newer main may send one we do not know). */
export interface SyncError {
  code: string;
  params: ErrorParams;
}

/** Failures that pass by themselves: the worker retries, nobody has to act. Shown as a warning, not an error. */
export function isTransient(code: string): boolean {
  return code === 'RCOI_UNREACHABLE' || code === 'RCOI_BAD_RESPONSE' || code === 'SYNC_TIMEOUT';
}

/**
 * The catalog text for a sync error. A few codes are shared with «Получить из РЦОИ» and have a sync-specific
 * wording (sync.error.*): for the outbox, «data is kept and will be sent» is what a person needs to hear.
 */
export function syncErrorText(i18n: I18n, zone: ZoneFormat | null, error: SyncError): string {
  return i18n.maybe(`sync.error.${error.code}`, plainParams(error.params)) ?? errorText(i18n, zone, error);
}

/** A few words for a table cell: «РЦОИ недоступен», «РЦОИ не принял данные (код 422)». */
export function syncErrorShort(i18n: I18n, error: SyncError): string {
  // A code without short words (a newer main's) still reads as words; the code itself is in the hotline details.
  const text = i18n.maybe(`sync.short.${error.code}`) ?? i18n.t('sync.short.unknown');
  const status = error.params.status;
  return typeof status === 'number' || typeof status === 'string' ? i18n.t('sync.short.withStatus', { text, status }) : text;
}

function plainParams(params: ErrorParams): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) out[name] = typeof value === 'boolean' ? String(value) : value;
  return out;
}

/** A stream of the queue: «Статусы», «Пакеты сканов»; an unknown one is shown by its code. */
export function streamLabel(i18n: I18n, stream: string): string {
  return i18n.maybe(`sync.stream.${stream}`) ?? stream;
}

/** One item by its kind (main/ipc/outbox-kinds.ts): «Пакет скачан», «Пакет сканов». */
export function itemKindLabel(i18n: I18n, kind: string): string {
  return i18n.maybe(`sync.itemKind.${kind}`) ?? kind;
}

/** 10:15:03 today; «14.06.2025 10:15:03» on another day (an outage can last days). */
export function formatInstant(zone: ZoneFormat, at: string, now: Date): string {
  const time = zone.timeWithSeconds(at);
  const day = zone.localDate(at);
  return day === zone.localDate(now) ? time : `${zone.shortDate(day)} ${time}`;
}
