import type { ReactNode } from 'react';
import { errorText, hotlineDetails, type CodedError } from '../format/error-text';
import { useI18n } from '../i18n/i18n';
import { useAppState } from '../state/app-state';

// Re-exported: screens import the words of an error from here, next to the component that shows them.
export { errorText, hotlineDetails, type CodedError };

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
          <code>{hotlineDetails(zone, error)}</code>
        </details>
      </div>
    </div>
  );
}
