import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import './styles/app.css';
import { App } from './app/app.tsx';
import { initI18n } from './lib/i18n/i18n.tsx';
import { keepFocusThroughBusyControls } from './lib/focus-keeper.ts';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
keepFocusThroughBusyControls();

void initI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
