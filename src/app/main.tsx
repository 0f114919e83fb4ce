import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { startClockPage } from '../clock-page/clock-page.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// /clock is the clock page (no React: one canvas redrawn on every display frame).
if (location.pathname.replace(/\/$/, '') === '/clock') startClockPage(root);
else {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary name="Glassmeter">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
