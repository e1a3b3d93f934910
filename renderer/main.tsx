import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseTransport, createApiClient } from './api';
import { App } from './App';
import { I18nProvider } from './i18n/i18n';
import { ScreenErrorBoundary } from './components/ScreenErrorBoundary';
import { AppStateProvider } from './state/app-state';
import { NoticeProvider } from './state/notice';
import { FreshDataProvider } from './state/query/fresh-data';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/content.css';
import './styles/banners.css';
import './styles/screens.css';

const api = createApiClient(chooseTransport());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <AppStateProvider api={api}>
        <NoticeProvider>
          <FreshDataProvider>
            {/* The last line of defence: a failure outside any section (the header, the sign-in page) still gets a
                message and a way back instead of a blank window. Sections have their own boundary (Shell). */}
            <ScreenErrorBoundary standalone>
              <App />
            </ScreenErrorBoundary>
          </FreshDataProvider>
        </NoticeProvider>
      </AppStateProvider>
    </I18nProvider>
  </StrictMode>,
);
