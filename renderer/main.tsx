import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseTransport, createApiClient } from './api';
import { App } from './App';
import { I18nProvider } from './i18n/i18n';
import { AppStateProvider } from './state/app-state';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/content.css';
import './styles/screens.css';

const api = createApiClient(chooseTransport());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <AppStateProvider api={api}>
        <App />
      </AppStateProvider>
    </I18nProvider>
  </StrictMode>,
);
