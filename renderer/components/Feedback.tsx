import type { ReactNode } from 'react';

/** Work in progress, announced politely to screen readers and shown with a moving bar. */
export function Busy({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div className={`busy ${className ?? ''}`} role="status">
      <span className="busy__spinner" aria-hidden="true" />
      <span>{children}</span>
    </div>
  );
}

/** What an empty list means and what to do about it. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="empty">
      <span className="empty__icon" aria-hidden="true">
        ℹ
      </span>
      <p>{children}</p>
    </div>
  );
}

/** A success or information line that stays until replaced. */
export function Notice({ children, tone = 'ok' }: { children: ReactNode; tone?: 'ok' | 'info' }) {
  return (
    <div className={`alert alert--${tone}`} role="status">
      <span className="alert__icon" aria-hidden="true">
        {tone === 'ok' ? '✔' : 'ℹ'}
      </span>
      <div className="alert__body">{children}</div>
    </div>
  );
}
