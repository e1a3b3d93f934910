import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import type { I18n } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n';
import { useAppState } from '../state/app-state';
import type { ZoneFormat } from '../time/zone';
import { serverNow } from '../time/server-clock';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The catalog text for an error; instants among its params are shown in PPE local time. */
export function errorText(i18n: I18n, zone: ZoneFormat | null, error: ApiError): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(error.params)) {
    if (typeof value === 'string' && ISO_INSTANT.test(value) && zone) {
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

interface Props {
  error: ApiError;
  /** A first line saying what the failure means here, e.g. «Ничего не импортировано.» */
  title?: string;
  children?: ReactNode;
  /** A retry button, when retrying can help. */
  onRetry?: () => void;
  className?: string;
}

/** An error in words a tired person can act on; the code and params are tucked away for the hotline. */
export function ErrorMessage({ error, title, children, onRetry, className }: Props) {
  const i18n = useI18n();
  const { zone } = useAppState();
  const params = Object.entries(error.params);
  return (
    <div className={`alert alert--error ${className ?? ''}`} role="alert">
      <span className="alert__icon" aria-hidden="true">
        ✖
      </span>
      <div className="alert__body">
        {title && <p className="alert__title">{title}</p>}
        <p>{errorText(i18n, zone, error)}</p>
        {children}
        {onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            {i18n.t('common.retry')}
          </button>
        )}
        <details className="alert__details">
          <summary>{i18n.t('error.details')}</summary>
          <code>
            {error.code}
            {params.length > 0 && ` ${params.map(([k, v]) => `${k}=${String(v)}`).join(' ')}`}
          </code>
        </details>
      </div>
    </div>
  );
}
