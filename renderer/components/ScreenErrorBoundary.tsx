import { useQueryClient } from '@tanstack/react-query';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { LocaleSwitch } from './LocaleSwitch';

interface Props {
  children: ReactNode;
  /** The whole window's boundary (no shell around it): its own page and «restart the application» advice. */
  standalone?: boolean;
}

interface State {
  error: Error | null;
}

/**
 * A screen that throws while drawing shows what happened and what to do, instead of a blank window: the rest of the
 * application (header, navigation) keeps working, and «Обновить экран» reads the data afresh and draws it again.
 * The error goes to the console (and from there to the log) with the component stack, for the hotline.
 */
export class ScreenErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('screen failed to render', error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: null });

  override render() {
    if (this.state.error) {
      return <ScreenFailed error={this.state.error} standalone={this.props.standalone ?? false} onRetry={this.retry} />;
    }
    return this.props.children;
  }
}

function ScreenFailed({ error, standalone, onRetry }: { error: Error; standalone: boolean; onRetry(): void }) {
  const i18n = useI18n();
  const client = useQueryClient();
  const body = (
    <div className="alert alert--error alert--big" role="alert" data-testid="screen-error">
      <span className="alert__icon" aria-hidden="true">
        ✖
      </span>
      <div className="alert__body">
        <p>{i18n.t('screenError.body')}</p>
        <p>
          <strong>{i18n.t(standalone ? 'screenError.actionStandalone' : 'screenError.action')}</strong>
        </p>
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            // The answer that broke the screen may be cached: drop every cached answer, so the screen reads anew.
            void client.resetQueries();
            onRetry();
          }}
        >
          {i18n.t('screenError.retry')}
        </button>
        <details className="alert__details">
          <summary>{i18n.t('error.details')}</summary>
          <code>
            {error.name}: {error.message}
          </code>
        </details>
      </div>
    </div>
  );
  const title = (
    <h1 id="page-title" className="page-title" tabIndex={-1}>
      {i18n.t('screenError.title')}
    </h1>
  );
  if (!standalone) {
    return (
      <div className="page">
        {title}
        {body}
      </div>
    );
  }
  return (
    <main id="main" className="standalone" tabIndex={-1}>
      <LocaleSwitch className="standalone__locale" />
      {title}
      {body}
    </main>
  );
}
