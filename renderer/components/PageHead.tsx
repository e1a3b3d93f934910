import type { ReactNode } from 'react';

/** The page's h1 (focused after navigation, hence tabIndex -1) with optional tools on the right. */
export function PageHead({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page__head">
      <h1 id="page-title" className="page-title" tabIndex={-1}>
        {title}
      </h1>
      {children && <div className="page__tools">{children}</div>}
    </div>
  );
}
