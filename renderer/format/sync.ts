import type { SyncStatus } from '../../main/ipc/dto';
import type { ErrorParams } from '../../main/ipc/errors';
import { errorText } from '../components/ErrorMessage';
import type { I18n } from '../i18n/i18n';
import type { ZoneFormat } from '../time/zone';

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
  const text = i18n.maybe(`sync.short.${error.code}`) ?? error.code;
  const status = error.params.status;
  return typeof status === 'number' || typeof status === 'string' ? i18n.t('sync.short.withStatus', { text, status }) : text;
}

function plainParams(params: ErrorParams): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) out[name] = typeof value === 'boolean' ? String(value) : value;
  return out;
}

/** «Акты», «Пакеты сканов»; an unknown kind is shown by its code. */
export function kindLabel(i18n: I18n, kind: string): string {
  return i18n.maybe(`sync.kind.${kind}`) ?? kind;
}

/** One item: «Акт», «Пакет сканов». */
export function itemKindLabel(i18n: I18n, kind: string): string {
  return i18n.maybe(`sync.itemKind.${kind}`) ?? kind;
}

const KIB = 1024;
const MIB = 1024 * 1024;

function number(i18n: I18n, value: number, fractionDigits: { min: number; max: number }): string {
  return new Intl.NumberFormat(i18n.intlLocale, {
    minimumFractionDigits: fractionDigits.min,
    maximumFractionDigits: fractionDigits.max,
  }).format(value);
}

/** «0,4 КиБ», «512 КиБ», «64 МиБ», «12,5 МиБ». */
export function formatSize(i18n: I18n, bytes: number): string {
  if (bytes < MIB) {
    const kib = bytes / KIB;
    return i18n.t('size.kib', { n: number(i18n, Math.max(kib, bytes > 0 ? 0.1 : 0), { min: 0, max: kib < 10 ? 1 : 0 }) });
  }
  return i18n.t('size.mib', { n: number(i18n, bytes / MIB, { min: 0, max: 1 }) });
}

/** Always one decimal, so a moving counter does not jump in width: «12,0 МиБ». */
export function formatMib(i18n: I18n, bytes: number): string {
  return number(i18n, bytes / MIB, { min: 1, max: 1 });
}

export function formatSpeed(i18n: I18n, bytesPerSecond: number): string {
  return i18n.t('size.mibps', { n: number(i18n, bytesPerSecond / MIB, { min: 1, max: 1 }) });
}

export function formatPercent(i18n: I18n, part: number, whole: number): string {
  const value = whole > 0 ? Math.floor((part / whole) * 100) : 0;
  return number(i18n, Math.min(100, Math.max(0, value)), { min: 0, max: 0 });
}

/** A span of seconds: «45 с», «3 мин 20 с», «12 мин», «2 ч 5 мин», «3 дн 4 ч». */
export function formatSeconds(i18n: I18n, totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return i18n.t('span.s', { s });
  const minutes = Math.floor(s / 60);
  if (minutes < 10) return s % 60 === 0 ? i18n.t('span.m', { m: minutes }) : i18n.t('span.ms', { m: minutes, s: s % 60 });
  if (minutes < 60) return i18n.t('span.m', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? i18n.t('span.h', { h: hours }) : i18n.t('span.hm', { h: hours, m: minutes % 60 });
  return i18n.t('span.dh', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** «меньше минуты назад», «12 мин назад», «2 ч 5 мин назад». */
export function formatAgo(i18n: I18n, at: string, now: Date): string {
  const seconds = (now.getTime() - Date.parse(at)) / 1000;
  if (seconds < 60) return i18n.t('ago.justNow');
  return i18n.t('ago.span', { span: formatSeconds(i18n, Math.floor(seconds / 60) * 60) });
}

/** «через 40 с», «сейчас». */
export function formatIn(i18n: I18n, at: string, now: Date): string {
  const seconds = Math.ceil((Date.parse(at) - now.getTime()) / 1000);
  if (seconds <= 0) return i18n.t('in.now');
  return i18n.t('in.span', { span: formatSeconds(i18n, seconds) });
}

/** 10:15:03 today; «14.06.2025 10:15:03» on another day (an outage can last days). */
export function formatInstant(zone: ZoneFormat, at: string, now: Date): string {
  const time = zone.timeWithSeconds(at);
  const day = zone.localDate(at);
  return day === zone.localDate(now) ? time : `${zone.shortDate(day)} ${time}`;
}

/** Minutes for the clock alarm: at least 1, so a 70-second skew never reads «0 мин». */
export function skewMinutes(seconds: number): number {
  return Math.max(1, Math.round(Math.abs(seconds) / 60));
}
