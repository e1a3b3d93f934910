import type { ErrorParams } from '../../main/ipc/errors';
import type { I18n } from '../i18n/i18n-types';
import type { ZoneFormat } from '../time/zone';
import { serverNow } from '../time/server-clock';

// Errors in words, without React: the journal's lines, the drive checks and the sync texts use these, and unit
// tests run them under Node. ErrorMessage (components/) draws them.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An error as a code and its params: an ApiError, or one reported inside data (e.g. a queued item's last error). */
export interface CodedError {
  readonly code: string;
  readonly params: ErrorParams;
}

/** The catalog text for an error; instants among its params are shown in PPE local time. */
export function errorText(i18n: I18n, zone: ZoneFormat | null, error: CodedError): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(error.params)) {
    if (name === 'role' && typeof value === 'string') {
      // A drive's role travels as a code (main, reserve, transfer); the person reads its name.
      params[name] = i18n.maybe(`drive.role.${value}`) ?? value;
    } else if (typeof value === 'string' && ISO_INSTANT.test(value) && zone) {
      // Same day: the time is enough; otherwise the date matters too (a lock-out over midnight).
      params[name] = zone.localDate(value) === zone.localDate(serverNow()) ? zone.time(value) : zone.dateTime(value);
    } else if (typeof value === 'string' && LOCAL_DATE.test(value) && zone) {
      params[name] = zone.shortDate(value);
    } else {
      params[name] = typeof value === 'boolean' ? String(value) : value;
    }
  }
  return i18n.maybe(`error.${error.code}`, params) ?? i18n.t('error.INTERNAL');
}

/**
 * The code and params for the hotline line: instants in the PPE's time like everything on screen, with UTC after
 * them only because a hotline in another zone may ask for it.
 */
export function hotlineDetails(zone: ZoneFormat | null, error: CodedError): string {
  const params = Object.entries(error.params).map(([name, value]) => {
    if (typeof value === 'string' && ISO_INSTANT.test(value) && zone) {
      const utc = value.replace('T', ' ').slice(0, 19);
      return `${name}=${zone.dateTime(value)} (UTC ${utc})`;
    }
    return `${name}=${String(value)}`;
  });
  return [error.code, ...params].join(' ');
}
