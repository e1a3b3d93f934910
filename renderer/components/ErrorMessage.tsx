import type { ReactNode } from 'react';
import type { ErrorParams } from '../../main/ipc/errors';
import type { I18n } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n';
import { useAppState } from '../state/app-state';
import type { ZoneFormat } from '../time/zone';
import { serverNow } from '../time/server-clock';

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

interface Props {
  error: CodedError;
  /** A first line saying what the failure means here, e.g. «Ничего не импортировано.» */
  title?: string;
  children?: ReactNode;
  /** A retry button, when retrying can help. */
  onRetry?: () => void;
  className?: string;
  /** Replaces the catalog text, where a screen words the same code for its own context. */
  message?: string;
  /** 'warn' for a failure that passes by itself (RCOI unreachable: the app retries); polite, not an alarm. */
  tone?: 'error' | 'warn';
}

/** An error in words a tired person can act on; the code and params are tucked away for the hotline. */
export function ErrorMessage({ error, title, children, onRetry, className, message, tone = 'error' }: Props) {
  const i18n = useI18n();
  const { zone } = useAppState();
  const params = Object.entries(error.params);
  return (
    <div className={`alert alert--${tone} ${className ?? ''}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="alert__icon" aria-hidden="true">
        {tone === 'error' ? '✖' : '⚠'}
      </span>
      <div className="alert__body">
        {title && <p className="alert__title">{title}</p>}
        <p>{message ?? errorText(i18n, zone, error)}</p>
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
