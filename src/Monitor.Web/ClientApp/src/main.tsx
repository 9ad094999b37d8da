import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MonitoringDashboard } from './components/MonitoringDashboard';
import { applyTheme, initialTheme } from './theme';
import './styles.css';

applyTheme(initialTheme());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MonitoringDashboard />
  </StrictMode>,
);
